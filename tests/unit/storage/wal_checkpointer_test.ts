import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Database } from "../../../src/storage/database.ts";

const options = {
  connection: {},
  lock: { timeoutMs: 1000, maxWaiters: 10 },
  checkpoint: { everyWrites: 50, maxPauseMs: 100 },
};

/** Two sessions in back-to-back read-only transactions (each held `holdMs`) while `going()`. */
function backToBackReaders(db: Database, holdMs: number, going: () => boolean): Promise<void>[] {
  const reader = async (): Promise<void> => {
    while (going()) {
      const conn = await db.takeSnapshot();
      conn.db.exec("BEGIN");
      conn.db.prepare("SELECT count(*) FROM t").get();
      await new Promise((r) => setTimeout(r, holdMs));
      db.releaseSnapshot(conn);
    }
  };
  return [reader(), reader()];
}

function walSize(path: string): number {
  try {
    return Deno.statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

Deno.test("Database keeps the WAL bounded while read transactions follow each other", async () => {
  const dir = Deno.makeTempDirSync();
  const db = new Database("w", join(dir, "w.db"), options);
  db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.writer.db.prepare("INSERT INTO t (v) VALUES (?)");
  let largest = 0;
  let writing = true;
  // Two sessions in back-to-back read-only transactions: their snapshots overlap all the time,
  // so without checkpoint rounds the WAL could never restart and would grow with every write.
  const readers = backToBackReaders(db, 2, () => writing);
  for (let i = 0; i < 2000; i++) {
    insert.run("x".repeat(2000));
    db.noteWrite();
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    largest = Math.max(largest, walSize(db.path));
  }
  writing = false;
  await Promise.all(readers);
  // Without rounds the WAL reaches ~16.5 MB here (each commit appends its pages again); rounds
  // every 50 writes keep it under ~1 MB, and ~2.2 MB when the whole suite shares the 2 cores.
  assert.ok(largest < 4_000_000, `WAL reached ${largest} bytes`);
  const count = db.reader.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number };
  assert.equal(count.n, 2000);
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("commits leave checkpoints to the rounds: no page is copied per COMMIT", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "w.db");
  const db = new Database("w", path, {
    ...options,
    checkpoint: { everyWrites: 10_000, maxPauseMs: 100 },
  });
  db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const insert = db.writer.db.prepare("INSERT INTO t (v) VALUES (?)");
  const before = Deno.statSync(path).size;
  let writing = true;
  // Back-to-back snapshots keep the WAL from restarting; SQLite's automatic checkpoint would
  // then run in every COMMIT past 1000 frames, copying pages into the database file.
  const readers = backToBackReaders(db, 1, () => writing);
  for (let i = 0; i < 1500; i++) {
    insert.run("x".repeat(3000)); // a page per row: 1500 frames
    db.noteWrite();
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
  }
  writing = false;
  await Promise.all(readers);
  assert.equal(Deno.statSync(path).size, before, "pages were copied into the database file");
  assert.ok(walSize(path) > 1500 * 3000);
  const count = db.reader.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number };
  assert.equal(count.n, 1500);
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

/** Fills `db`'s WAL with ~`mb` MB of new pages (no round runs: noteWrite is not called). */
function fillWal(db: Database, mb: number): void {
  db.writer.db.exec("CREATE TABLE IF NOT EXISTS big (id INTEGER PRIMARY KEY, v BLOB)");
  const insert = db.writer.db.prepare("INSERT INTO big (v) VALUES (randomblob(4000))");
  db.writer.db.exec("BEGIN");
  for (let i = 0; i < mb * 256; i++) insert.run();
  db.writer.db.exec("COMMIT");
}

/** Calls noteWrite until a round starts (the worker was started by the first write). */
async function startRound(db: Database): Promise<void> {
  for (let i = 0; i < options.checkpoint.everyWrites; i++) db.noteWrite();
  await new Promise((r) => setTimeout(r, 0));
}

/** The largest gap between the firings of a 1 ms timer until `stop` is called. */
function timerGaps(): { stop(): number } {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return gap;
    },
  };
}

Deno.test("a round copies the WAL into the file in a worker: the event loop goes on", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "w.db");
  const db = new Database("w", path, options);
  db.noteWrite(); // starts the worker
  fillWal(db, 60);
  await new Promise((r) => setTimeout(r, 1000)); // the worker thread has loaded
  const fileBefore = Deno.statSync(path).size;
  // Copying 60 MB and the fsyncs on the event loop stopped it ~100-300 ms here.
  const gaps = timerGaps();
  await startRound(db);
  const started = performance.now();
  while (Deno.statSync(path).size < fileBefore + 50_000_000) {
    await new Promise((r) => setTimeout(r, 5));
    assert.ok(performance.now() - started < 20_000, "the round did not copy the WAL");
  }
  const gap = gaps.stop();
  assert.ok(gap < 40, `the event loop stopped for ${gap.toFixed(1)} ms`);
  await db.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("close resolves once the worker's checkpoint let go of the file", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "w.db");
  const db = new Database("w", path, options);
  db.noteWrite();
  fillWal(db, 60);
  await new Promise((r) => setTimeout(r, 1000));
  await startRound(db);
  await new Promise((r) => setTimeout(r, 20)); // the worker is copying 60 MB now (~150 ms)
  await db.close();
  // What a snapshot install does next with the file (registry.replaceFile): a checkpoint
  // running elsewhere would answer busy.
  const other = new DatabaseSync(path);
  const r = other.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as { busy: number };
  other.close();
  assert.equal(r.busy, 0);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("a database that goes quiet after a few large writes has its WAL truncated", async () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "w.db");
  // Far fewer writes than a round needs: before, the WAL and the rows in it stayed until
  // `everyWrites` more writes came (a 375 MB WAL after ten INSERT ... SELECTs).
  const db = new Database("w", path, {
    ...options,
    checkpoint: { everyWrites: 1000, maxPauseMs: 100, idleMs: 200 },
  });
  for (let i = 0; i < 3; i++) {
    fillWal(db, 4);
    db.noteWrite();
  }
  assert.ok(walSize(path) > 10_000_000, `WAL is ${walSize(path)} bytes`);
  const started = performance.now();
  while (walSize(path) > 0) {
    assert.ok(performance.now() - started < 10_000, `WAL still ${walSize(path)} bytes`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(Deno.statSync(path).size > 12_000_000, "the rows were not copied into the file");
  await db.close();
  Deno.removeSync(dir, { recursive: true });
});
