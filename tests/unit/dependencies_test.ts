/**
 * Imports point one way (ARCHITECTURE §3): types and config at the bottom, storage on them,
 * the protocol and SQL layers never on cluster code, and only main.ts wires concrete parts.
 */
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
const SRC = join(ROOT, "src");

/** Folders each folder of src/ may import from (besides itself). */
const ALLOWED: Record<string, string[]> = {
  types: [],
  config: ["types"],
  process: ["types", "config"],
  storage: ["types", "config"],
  cluster: ["types", "config"],
  replication: ["types", "config", "storage", "cluster"],
  healing: ["types", "config", "storage", "cluster"],
  mysql: ["types"],
  sql: ["types"],
  session: ["types", "config", "storage", "sql", "mysql"],
  admin: ["types", "config", "storage", "sql", "session", "cluster"],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

function folderOf(path: string): string {
  return relative(SRC, path).split("/")[0]!;
}

function imports(path: string): string[] {
  const text = Deno.readTextFileSync(path);
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^"';]*?from\s+["']([^"']+)["']/g)) {
    found.push(m[1]!);
  }
  return found.filter((s) => s.startsWith("."));
}

Deno.test("src/ folders import only the folders below them", () => {
  const wrong: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    const allowed = ALLOWED[from];
    assert.ok(allowed !== undefined, `src/${from} has no dependency rule in this test`);
    for (const spec of imports(file)) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + "/")) {
        wrong.push(`${relative(ROOT, file)} imports ${spec} (outside src/)`);
        continue;
      }
      const to = folderOf(target);
      if (to !== from && !allowed.includes(to)) {
        wrong.push(`${relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});
