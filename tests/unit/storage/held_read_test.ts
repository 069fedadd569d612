/**
 * The reader's held read transaction (src/storage/connection.ts): autocommit reads share one
 * snapshot, and every way the file's data changes ends it before a reader could miss the
 * change: the write lock given back, an epoch's COMMIT while the lock stays, a restarting
 * checkpoint, and ATTACH of another database.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Database } from "../../../src/storage/database.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import { attachDatabase } from "../../../src/session/attach_database.ts";

function open(): { db: Database; dir: string } {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-held-read-" });
  const db = new Database("shop", join(dir, "shop.db"), {
    connection: {},
    lock: { timeoutMs: 2000, maxWaiters: 10 },
    checkpoint: { everyWrites: 1_000_000, maxPauseMs: 100, idleMs: 100 },
  });
  db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 10)");
  db.schemaChanged();
  return { db, dir };
}

async function close({ db, dir }: { db: Database; dir: string }): Promise<void> {
  await db.close();
  Deno.removeSync(dir, { recursive: true });
}

function count(db: Database): number {
  const row = db.reader.statement("SELECT count(*) FROM t").stmt.get() as unknown as [bigint];
  return Number(row[0]);
}

Deno.test("reads share one snapshot until the write lock is given back", async () => {
  const t = open();
  const { db } = t;
  try {
    assert.equal(count(db), 1);
    assert.equal(db.reader.inTransaction, true, "the read is held open");
    const owner = {};
    await db.lock.acquire(owner);
    db.writer.db.exec("INSERT INTO t VALUES (2, 20)");
    // Committed, but the lock is still held: the held snapshot is what a read sees.
    assert.equal(count(db), 1);
    db.lock.release(owner);
    assert.equal(db.reader.inTransaction, false, "giving the lock back ended the held read");
    assert.equal(count(db), 2);
  } finally {
    await close(t);
  }
});

Deno.test("an epoch's COMMIT ends the held read while the lock stays with the epoch", async () => {
  const t = open();
  const { db } = t;
  try {
    const a = {}, b = {};
    await db.epoch.join(a, "a", []);
    await db.epoch.join(b, "b", []);
    db.capture.bind([]);
    db.writer.db.exec("INSERT INTO t VALUES (3, 30)");
    assert.equal(count(db), 1, "not committed yet");
    await db.epoch.commit(a); // b's transaction stays open: so does the lock
    assert.notEqual(db.lock.holder, null);
    assert.equal(count(db), 2, "a read after the COMMIT sees it");
    db.epoch.leave(b);
  } finally {
    await close(t);
  }
});

Deno.test("a held read does not keep the WAL from restarting", async () => {
  const t = open();
  const { db } = t;
  try {
    for (let i = 10; i < 200; i++) db.writer.db.exec(`INSERT INTO t VALUES (${i}, ${i})`);
    db.noteWrite();
    assert.equal(count(db), 191); // held, its snapshot in the WAL's frames
    assert.ok(Deno.statSync(`${db.path}-wal`).size > 0);
    // The database goes quiet: a round truncates the WAL, which no reader may be in.
    const started = performance.now();
    while (Deno.statSync(`${db.path}-wal`).size > 0) {
      assert.ok(performance.now() - started < 5000, "the WAL was never truncated");
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(count(db), 191);
  } finally {
    await close(t);
  }
});

Deno.test("a held read ends before another database is attached", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-held-read-" });
  const registry = new DatabaseRegistry(dir, {
    connection: {},
    lock: { timeoutMs: 2000, maxWaiters: 10 },
  });
  try {
    registry.create("shop");
    registry.create("other");
    const shop = registry.get("shop");
    const other = registry.get("other");
    shop.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    other.writer.db.exec("CREATE TABLE u (id INTEGER PRIMARY KEY); INSERT INTO u VALUES (1)");
    shop.schemaChanged();
    shop.reader.statement("SELECT count(*) FROM t").stmt.get();
    assert.equal(shop.reader.inTransaction, true);
    const sql = 'SELECT count(*) FROM "other"."u"';
    attachDatabase(shop.reader, "other", { registry, sql });
    const read = () => Number((shop.reader.statement(sql).stmt.get() as unknown as [bigint])[0]);
    assert.equal(read(), 1);
    // A write to the other database ends its own reader's held read, not this one: the next
    // cross-database read must still see it.
    const owner = {};
    await other.lock.acquire(owner);
    other.writer.db.exec("INSERT INTO u VALUES (2)");
    other.lock.release(owner);
    attachDatabase(shop.reader, "other", { registry, sql });
    assert.equal(read(), 2);
  } finally {
    registry.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("after DDL on the writer the reader describes the new columns of a view", async () => {
  const t = open();
  const { db } = t;
  try {
    db.writer.db.exec("CREATE VIEW w AS SELECT id, v * 2 AS dbl FROM t");
    db.schemaChanged();
    const names = () => db.reader.statement("SELECT * FROM w").columns.map((c) => c.name);
    assert.deepEqual(names(), ["id", "dbl"]);
    db.reader.endHeldRead();
    db.writer.db.exec("DROP VIEW w; CREATE VIEW w AS SELECT id FROM t");
    db.schemaChanged();
    // Prepared against the schema the reader had read last, it would still say id, dbl.
    assert.deepEqual(names(), ["id"]);
    assert.deepEqual(db.reader.statement("SELECT * FROM w").stmt.all(), [[1n]]);
  } finally {
    await close(t);
  }
});
