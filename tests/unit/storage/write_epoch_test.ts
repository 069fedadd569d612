/**
 * Write epochs (src/storage/write_epoch.ts) on a real database file: which tables
 * transactions may write side by side, a COMMIT that must not carry another open
 * transaction's rows to disk, an undo that puts back only the undoing transaction's rows,
 * and the waits for being alone.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { CaptureLog } from "../../../src/storage/change_capture.ts";
import { Database } from "../../../src/storage/database.ts";
import { MysqlError } from "../../../src/types/errors.ts";

function open(setup: string): { db: Database; dir: string } {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-epoch-" });
  const db = new Database("shop", join(dir, "shop.db"), {
    connection: {},
    lock: { timeoutMs: 2000, maxWaiters: 10 },
  });
  db.writer.db.exec(setup);
  db.schemaChanged();
  return { db, dir };
}

async function close({ db, dir }: { db: Database; dir: string }): Promise<void> {
  await db.close();
  Deno.removeSync(dir, { recursive: true });
}

/** The rows another connection reads from the file (what is committed). */
function committed(db: Database, sql = "SELECT id, v FROM t ORDER BY id"): unknown[] {
  const other = new DatabaseSync(db.path, { readOnly: true });
  try {
    return other.prepare(sql).all().map((r) => ({ ...r }));
  } finally {
    other.close();
  }
}

/** Two members of an epoch of `db`, each with its capture log. */
async function twoMembers(
  db: Database,
): Promise<{ a: object; b: object; logA: CaptureLog; logB: CaptureLog }> {
  const a = {}, b = {};
  const logA: CaptureLog = [], logB: CaptureLog = [];
  await db.epoch.join(a, "a", logA);
  await db.epoch.join(b, "b", logB);
  return { a, b, logA, logB };
}

/** Runs `sql` as a statement of the member whose capture log is `log`. */
function write(db: Database, log: CaptureLog, sql: string): void {
  db.capture.bind(log);
  db.writer.db.exec(sql);
}

Deno.test("tables written side by side: one INTEGER key, no other unique key, no foreign key", async () => {
  const t = open(`
    CREATE TABLE plain (id INTEGER PRIMARY KEY AUTOINCREMENT, v INT);
    CREATE TABLE "Mixed" (Id INTEGER PRIMARY KEY, v INT);
    CREATE TABLE uniq (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE child (id INTEGER PRIMARY KEY, p INT REFERENCES parent(id));
    CREATE TABLE notalias (id INT PRIMARY KEY, v INT);
    CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b));
    CREATE TABLE nokey (v INT);
    CREATE INDEX plain_v ON plain (v);`);
  try {
    assert.deepEqual(t.db.sharedKey("plain"), { table: "plain", column: "id" });
    assert.deepEqual(t.db.sharedKey("mixed"), { table: "Mixed", column: "id" });
    for (const table of ["uniq", "parent", "child", "notalias", "pair", "nokey", "missing"]) {
      assert.equal(t.db.sharedKey(table), null, table);
    }
  } finally {
    await close(t);
  }
});

Deno.test("a COMMIT beside an open transaction writes only the committed rows", async () => {
  const t = open(
    "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v INT); " +
      "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)",
  );
  const { db } = t;
  try {
    const { a, b, logA, logB } = await twoMembers(db);
    write(db, logA, "UPDATE t SET v = 11 WHERE id = 1");
    write(db, logB, "UPDATE t SET v = 21 WHERE id = 2; DELETE FROM t WHERE id = 3");
    write(db, logB, "INSERT INTO t (v) VALUES (40)");
    write(db, logA, "INSERT INTO t (id, v) VALUES (10, 100)");
    const started = performance.now();
    await db.epoch.commit(a); // b still writes: its rows are set aside around the COMMIT
    assert.ok(performance.now() - started < 1000, "the COMMIT did not wait for b");
    assert.deepEqual(committed(db), [
      { id: 1, v: 11 },
      { id: 2, v: 20 },
      { id: 3, v: 30 },
      { id: 10, v: 100 },
    ]);
    const seen = db.writer.db.prepare("SELECT id, v FROM t ORDER BY id").all().map((r) => ({
      ...r,
    }));
    assert.deepEqual(seen, [
      { id: 1, v: 11 },
      { id: 2, v: 21 },
      { id: 4, v: 40 },
      { id: 10, v: 100 },
    ], "b's rows are back in the open transaction");
    // b rolls back: only its rows go.
    db.capture.bind(logB);
    db.capture.undo();
    db.epoch.leave(b);
    assert.equal(db.writer.inTransaction, false, "the last member's end closed the epoch");
    assert.deepEqual(committed(db), [
      { id: 1, v: 11 },
      { id: 2, v: 20 },
      { id: 3, v: 30 },
      { id: 10, v: 100 },
    ]);
  } finally {
    await close(t);
  }
});

Deno.test("commits of members that finish together share one COMMIT", async () => {
  const t = open("CREATE TABLE t (id INTEGER PRIMARY KEY, v INT)");
  const { db } = t;
  try {
    const { a, b, logA, logB } = await twoMembers(db);
    write(db, logA, "INSERT INTO t VALUES (1, 1)");
    write(db, logB, "INSERT INTO t VALUES (2, 2)");
    const first = db.epoch.commit(a);
    assert.deepEqual(committed(db), [], "a waits for b, which still writes");
    const second = db.epoch.commit(b);
    await Promise.all([first, second]);
    assert.deepEqual(committed(db), [{ id: 1, v: 1 }, { id: 2, v: 2 }]);
  } finally {
    await close(t);
  }
});

Deno.test("a member waits to be alone; two waiting for each other get 1213", async () => {
  const t = open("CREATE TABLE t (id INTEGER PRIMARY KEY, v INT)");
  const { db } = t;
  try {
    const a = {}, b = {}, c = {};
    await db.epoch.join(a, "a", []);
    await db.epoch.join(b, "b", []);
    let alone = false;
    const waiting = db.epoch.exclusive(a).then(() => alone = true);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(alone, false, "b is still active");
    await assert.rejects(
      db.epoch.exclusive(b),
      (e: unknown) => e instanceof MysqlError && e.code === 1213,
      "b waiting for a, which waits for b",
    );
    let joined = false;
    const late = db.epoch.join(c, "c", []).then(() => joined = true);
    db.epoch.leave(b);
    await waiting;
    assert.equal(alone, true);
    assert.equal(joined, false, "no new member while one is alone");
    db.epoch.leave(a);
    await late;
    assert.equal(joined, true);
    db.epoch.leave(c);
  } finally {
    await close(t);
  }
});

Deno.test("an epoch opens only once the applies announced before it are written", async () => {
  const t = open("CREATE TABLE t (id INTEGER PRIMARY KEY, v INT);");
  try {
    // A transaction of this node's in two-phase commit: its apply was announced.
    const reservation = t.db.applyQueue.reserve();
    let joined = false;
    const member = {};
    const join = t.db.epoch.join(member, "m", []).then(() => joined = true);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(joined, false, "the epoch waits for the announced apply");
    assert.equal(t.db.lock.holder, null, "and does not hold the write lock meanwhile");
    reservation.cancel(); // the two-phase commit aborted: nothing to apply
    await join;
    t.db.epoch.leave(member);
  } finally {
    await close(t);
  }
});
