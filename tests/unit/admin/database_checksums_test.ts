/**
 * DatabaseChecksums on a real DatabaseRegistry: checksums come from one snapshot per
 * database, are cached while the commit log stands still, and are read again once a
 * committed transaction moved it.
 */
import assert from "node:assert/strict";
import { DatabaseChecksums } from "../../../src/admin/database_checksums.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import { rowKey } from "../../../src/types/row_change.ts";

async function withRegistry(fn: (registry: DatabaseRegistry) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "marmot-admin-checksums-" });
  const registry = new DatabaseRegistry(dir, {
    connection: {},
    lock: { timeoutMs: 1000, maxWaiters: 10 },
  });
  try {
    await fn(registry);
  } finally {
    registry.close();
    await Deno.remove(dir, { recursive: true });
  }
}

let wall = 1_700_000_000_000;

/** Applies an insert of (id, name) into shop.items the way every node applies a commit. */
function applyInsert(registry: DatabaseRegistry, id: number, name: string): void {
  const db = registry.get("shop");
  db.applyConnection.db.exec("BEGIN IMMEDIATE");
  db.applier.apply({
    txnId: `txn-${++wall}`,
    commitTs: { wall, logical: 0, node: 1 },
    origin: 1,
    ddl: [],
    rows: [{
      table: "items",
      op: "insert",
      key: rowKey("items", [id]),
      columns: ["id", "name"],
      before: null,
      after: [id, name],
    }],
  });
  db.applyConnection.db.exec("COMMIT");
}

Deno.test("DatabaseChecksums reads every user table of a database at its commit sequence", async () => {
  await withRegistry(async (registry) => {
    registry.create("shop");
    registry.get("shop").writer.db.exec(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE empty (x)",
    );
    applyInsert(registry, 1, "apple");
    applyInsert(registry, 2, "pear");
    const checksums = new DatabaseChecksums(registry);
    const shop = await checksums.of("shop");
    assert.equal(shop.name, "shop");
    assert.equal(shop.commit_seq, 2);
    assert.deepEqual(shop.tables.map((t) => [t.name, t.rows]), [["empty", 0], ["items", 2]]);
    const all = await checksums.all();
    assert.deepEqual(all.map((d) => d.name), ["marmot", "shop"]);
    assert.deepEqual(all[0]!.tables, []);
  });
});

Deno.test("DatabaseChecksums caches until the commit log moves", async () => {
  await withRegistry(async (registry) => {
    registry.create("shop");
    registry.get("shop").writer.db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    applyInsert(registry, 1, "apple");
    const checksums = new DatabaseChecksums(registry);
    const first = await checksums.of("shop");
    // A write that bypasses the commit log is not looked at: the cached answer stands.
    registry.get("shop").writer.db.exec("INSERT INTO items VALUES (9, 'stray')");
    assert.equal(await checksums.of("shop"), first);
    applyInsert(registry, 2, "pear");
    const second = await checksums.of("shop");
    assert.equal(second.commit_seq, first.commit_seq + 1);
    assert.equal(second.tables[0]!.rows, 3);
    assert.notEqual(second.tables[0]!.checksum, first.tables[0]!.checksum);
  });
});

Deno.test("DatabaseChecksums gives a caller arriving mid-computation the state after its arrival", async () => {
  await withRegistry(async (registry) => {
    registry.create("shop");
    registry.get("shop").writer.db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    for (let id = 1; id <= 100; id++) applyInsert(registry, id, `item ${id}`);
    // Yield after every 16 rows, so the first computation spans several turns.
    const checksums = new DatabaseChecksums(registry, { turnMs: 0 });
    const first = checksums.of("shop");
    await new Promise((r) => setTimeout(r, 0));
    applyInsert(registry, 101, "late");
    const [a, b] = await Promise.all([first, checksums.of("shop")]);
    assert.equal(a.tables[0]!.rows, 100, "the first read one snapshot, taken before the insert");
    assert.equal(b.tables[0]!.rows, 101);
    assert.equal(b.commit_seq, a.commit_seq + 1);
  });
});

Deno.test("DatabaseChecksums refuses an unknown database and leaves out a dropped one", async () => {
  await withRegistry(async (registry) => {
    registry.create("shop");
    const checksums = new DatabaseChecksums(registry);
    await assert.rejects(checksums.of("nope"), /Unknown database 'nope'/);
    registry.drop("shop");
    assert.deepEqual((await checksums.all()).map((d) => d.name), ["marmot"]);
  });
});

Deno.test("DatabaseChecksums reads the new file when the database is replaced during a scan", async () => {
  await withRegistry(async (registry) => {
    registry.create("shop");
    registry.get("shop").writer.db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    for (let id = 1; id <= 100; id++) applyInsert(registry, id, `item ${id}`);
    const checksums = new DatabaseChecksums(registry, { turnMs: 0 });
    const pending = checksums.of("shop");
    await new Promise((r) => setTimeout(r, 0));
    // Closing the old file ends the scan's snapshot under it.
    registry.drop("shop");
    registry.create("shop");
    registry.get("shop").writer.db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
    applyInsert(registry, 1, "only");
    const result = await pending;
    assert.deepEqual(result.tables.map((t) => [t.name, t.rows]), [["items", 1]]);
  });
});
