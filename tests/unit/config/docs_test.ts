import assert from "node:assert/strict";
import { DEFAULT_CONFIG_TOML } from "../../../src/config/default_config.ts";

Deno.test("docs/configuration.md shows the embedded default config verbatim", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/configuration.md", import.meta.url));
  assert.ok(
    doc.includes("```toml\n" + DEFAULT_CONFIG_TOML + "```\n"),
    "docs/configuration.md is out of date: paste src/config/default_config.ts into its toml block",
  );
});
