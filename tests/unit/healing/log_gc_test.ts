/**
 * Commit-log and tombstone collection on a real database file: what every member consumed
 * and is old enough goes, a member that never pulls holds the log back only until the
 * maximum retention, only a prefix goes, and pullers see where it was truncated.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { collectDatabase, ConsumedPositions } from "../../../src/healing/log_gc.ts";
import { listLog } from "../../../src/storage/commit_log.ts";
import { Database } from "../../../src/storage/database.ts";
import { rowKey } from "../../../src/types/row_change.ts";

const HOUR = 3_600_000;
const OPTIONS = { minRetentionMs: 2 * HOUR, maxRetentionMs: 24 * HOUR, chunk: 2 };

function withLog(entries: number, fn: (db: Database) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-gc-" });
  const db = new Database("shop", join(dir, "shop.db"), {
    connection: {},
    lock: { timeoutMs: 1000, maxWaiters: 10 },
  });
  db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  db.schemaChanged();
  for (let i = 1; i <= entries; i++) {
    db.writer.db.exec("BEGIN");
    db.recordInPlace({
      txnId: `txn-${i}`,
      commitTs: { wall: Date.now(), logical: i, node: 1 },
      origin: 1,
      ddl: [],
      rows: [{
        table: "t",
        op: i % 2 === 0 ? "delete" : "insert",
        key: rowKey("t", [BigInt(i)]),
        columns: ["id", "v"],
        before: i % 2 === 0 ? [BigInt(i), "x"] : null,
        after: i % 2 === 0 ? null : [BigInt(i), "x"],
      }],
    });
    db.writer.db.exec("COMMIT");
  }
  return fn(db).finally(() => {
    db.close();
    Deno.removeSync(dir, { recursive: true });
  });
}

Deno.test("ConsumedPositions: the slowest member decides; one that never pulled holds at 0", () => {
  const consumed = new ConsumedPositions();
  consumed.record(2, "shop", 10);
  consumed.record(3, "shop", 4);
  consumed.record(3, "shop", 2); // an older report does not move it back
  assert.equal(consumed.safe([2, 3], "shop"), 4);
  assert.equal(consumed.safe([2, 3, 4], "shop"), 0);
  assert.equal(consumed.safe([2], "other"), 0);
  consumed.forget(3);
  assert.equal(consumed.safe([2, 3], "shop"), 0);
  assert.equal(consumed.safe([2], "shop"), 10);
});

Deno.test("entries every member consumed go once older than the minimum retention", async () => {
  await withLog(6, async (db) => {
    const young = await collectDatabase(db, 4, OPTIONS, Date.now() + HOUR);
    assert.equal(young.entries, 0, "younger than the minimum retention: kept");
    const old = await collectDatabase(db, 4, OPTIONS, Date.now() + 3 * HOUR);
    assert.equal(old.entries, 4);
    const page = listLog(db, 0, 100);
    assert.deepEqual(page.entries.map(([seq]) => seq), [5, 6]);
    assert.equal(page.truncatedThrough, 4, "a puller behind 4 now needs a snapshot");
    assert.equal(page.maxSeq, 6);
    assert.ok(db.applier.hasApplied("txn-6"));
    assert.ok(!db.applier.hasApplied("txn-1"));
  });
});

Deno.test("a member that never pulls holds the log only until the maximum retention", async () => {
  await withLog(5, async (db) => {
    assert.equal((await collectDatabase(db, 0, OPTIONS, Date.now() + 23 * HOUR)).entries, 0);
    const result = await collectDatabase(db, 0, OPTIONS, Date.now() + 25 * HOUR);
    assert.equal(result.entries, 5);
    const page = listLog(db, 0, 100);
    assert.deepEqual(page.entries, []);
    assert.equal(page.truncatedThrough, 5);
    // Tombstones of the deletes (ids 2 and 4) went too; live versions stay.
    assert.equal(result.tombstones, 2);
    const versions = db.reader.db.prepare("SELECT deleted FROM __marmot_row_version").all();
    assert.deepEqual(versions.map((v) => v.deleted), [0, 0, 0]);
  });
});

Deno.test("maximum retention 0 keeps unconsumed entries and every tombstone", async () => {
  await withLog(4, async (db) => {
    const options = { ...OPTIONS, maxRetentionMs: 0 };
    const result = await collectDatabase(db, 2, options, Date.now() + 1000 * HOUR);
    assert.deepEqual(result, { entries: 2, tombstones: 0 });
    assert.deepEqual(listLog(db, 0, 100).entries.map(([seq]) => seq), [3, 4]);
  });
});
