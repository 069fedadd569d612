import assert from "node:assert/strict";
import { DEFAULT_CONFIG_TOML } from "../../../src/config/default_config.ts";
import { decodeConfig } from "../../../src/config/load_config.ts";
import { defaultConfig } from "../../../src/config/schema.ts";

Deno.test("The embedded default TOML says exactly what the schema defaults are", () => {
  const { config, warnings } = decodeConfig(DEFAULT_CONFIG_TOML, "embedded");
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, defaultConfig());
});

Deno.test("The embedded default TOML names every key of every section", () => {
  const mentioned = new Set(
    [...DEFAULT_CONFIG_TOML.matchAll(/^#?\s*(?:([a-z0-9_]+) = |\[\[[a-z_]+\.([a-z_]+)\]\])/gm)]
      .map((m) => m[1] ?? m[2]),
  );
  const walk = (value: unknown, path: string): string[] => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [path];
    return Object.entries(value).flatMap(([k, v]) => walk(v, k));
  };
  const missing = walk(defaultConfig(), "").filter((key) => !mentioned.has(key));
  assert.deepEqual(missing, []);
});

Deno.test("defaultConfig returns a fresh copy each time", () => {
  const a = defaultConfig();
  a.mysql.users.push({ name: "x", password: "" });
  a.cluster.seed_nodes.push("h:1");
  const b = defaultConfig();
  assert.deepEqual(b.mysql.users, [{ name: "root", password: "" }]);
  assert.deepEqual(b.cluster.seed_nodes, []);
});
