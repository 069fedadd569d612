import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import { MysqlError } from "../../../src/types/errors.ts";

const options = { connection: {}, lock: { timeoutMs: 1000, maxWaiters: 10 } };

Deno.test("DatabaseRegistry creates the default database and the reference's layout", () => {
  const dir = Deno.makeTempDirSync();
  const registry = new DatabaseRegistry(dir, options);
  assert.deepEqual(registry.names(), ["marmot"]);
  assert.ok(Deno.statSync(join(dir, "__marmot_system.db")).isFile);
  assert.ok(Deno.statSync(join(dir, "databases", "marmot.db")).isFile);
  registry.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("DatabaseRegistry keeps databases across restarts and deletes dropped ones", () => {
  const dir = Deno.makeTempDirSync();
  let registry = new DatabaseRegistry(dir, options);
  assert.equal(registry.create("shop"), true);
  assert.equal(registry.create("shop"), false);
  registry.get("shop").writer.db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (7)");
  registry.close();
  registry = new DatabaseRegistry(dir, options);
  assert.deepEqual(registry.names(), ["marmot", "shop"]);
  const row = registry.get("shop").reader.db.prepare("SELECT a FROM t").get() as { a: number };
  assert.equal(row.a, 7);
  assert.equal(registry.drop("shop"), true);
  assert.equal(registry.has("shop"), false);
  assert.throws(
    () => registry.get("shop"),
    (e: unknown) => e instanceof MysqlError && e.code === 1049,
  );
  assert.throws(() => Deno.statSync(join(dir, "databases", "shop.db")));
  registry.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("DatabaseRegistry.applyCreate replaces a copy the cluster dropped and created again", () => {
  const dir = Deno.makeTempDirSync();
  const registry = new DatabaseRegistry(dir, options);
  assert.equal(registry.applyCreate("shop", 1), true);
  registry.get("shop").writer.db.exec("CREATE TABLE old (a INTEGER); INSERT INTO old VALUES (1)");
  // Not newer than what is here: nothing changes.
  assert.equal(registry.applyCreate("shop", 1), false);
  assert.equal(registry.get("shop").reader.db.prepare("SELECT a FROM old").get()?.a, 1);
  // Generation 3: dropped (2) and created again elsewhere; the copy here is stale.
  assert.equal(registry.applyCreate("shop", 3), true);
  assert.equal(registry.generation("shop"), 3);
  const tables = registry.get("shop").reader.db.prepare(
    "SELECT count(*) AS n FROM sqlite_master WHERE name = 'old'",
  ).get() as { n: number };
  assert.equal(tables.n, 0);
  // A name never seen, or dropped here at an older generation, is created.
  assert.equal(registry.drop("shop", 4), true);
  assert.equal(registry.applyCreate("shop", 5), true);
  assert.equal(registry.applyCreate("other", 2), true);
  assert.deepEqual(registry.names(), ["marmot", "other", "shop"]);
  registry.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("DatabaseRegistry rejects bad and reserved names with 1102", () => {
  const dir = Deno.makeTempDirSync();
  const registry = new DatabaseRegistry(dir, options);
  for (const name of ["../etc", "a/b", "information_schema", ""]) {
    assert.throws(
      () => registry.create(name),
      (e: unknown) => e instanceof MysqlError && e.code === 1102,
    );
  }
  registry.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("DatabaseRegistry adopts SQLite files dropped into databases/ and they are readable by others", () => {
  const dir = Deno.makeTempDirSync();
  Deno.mkdirSync(join(dir, "databases"), { recursive: true });
  const outside = new DatabaseSync(join(dir, "databases", "legacy.db"));
  outside.exec("CREATE TABLE x (v TEXT); INSERT INTO x VALUES ('hi')");
  outside.close();
  const registry = new DatabaseRegistry(dir, options);
  assert.ok(registry.has("legacy"));
  registry.get("legacy").writer.db.exec("INSERT INTO x VALUES ('again')");
  const reader = new DatabaseSync(join(dir, "databases", "legacy.db"), { readOnly: true });
  assert.equal((reader.prepare("SELECT count(*) AS n FROM x").get() as { n: number }).n, 2);
  reader.close();
  registry.close();
  Deno.removeSync(dir, { recursive: true });
});
