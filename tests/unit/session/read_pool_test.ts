/**
 * ReadPool (src/session/read_pool.ts) with its real worker threads on a real database file:
 * values cross the thread as the event loop would have read them, errors keep their MySQL
 * codes, reads beyond the workers wait in turn, and a cancelled read ends with 1317 without
 * taking the pool down.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FAST_READ_MS, ReadPool, SLOW_READ_MS, SlowReads } from "../../../src/session/read_pool.ts";
import type { ReadRequest, ReadStatement } from "../../../src/session/read_worker.ts";
import { toMysqlError } from "../../../src/sql/sqlite_errors.ts";
import { openConnection } from "../../../src/storage/sqlite_connection.ts";
import { ER, MysqlError } from "../../../src/types/errors.ts";

/** ~1 s of work for a worker (a recursive count). */
const LONG: ReadStatement = {
  sql: "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000000) " +
    "SELECT count(*) FROM r",
  args: [],
};

async function withPool(
  fn: (
    pool: ReadPool,
    read: (rows: ReadStatement, ifNone?: ReadStatement) => ReadRequest,
  ) => Promise<void>,
) {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-reads-" });
  const path = join(dir, "shop.db");
  const db = openConnection(path);
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, big INTEGER, bytes BLOB, note TEXT);
    INSERT INTO t VALUES (1, 9007199254740993, x'00ff', NULL), (2, 5, x'', 'é');`);
  db.close();
  const pool = new ReadPool();
  try {
    await fn(pool, (rows, ifNone) => ({
      path,
      rows,
      ifNone,
      now: Date.UTC(2026, 10, 27, 12, 0, 0),
      statementId: 1,
      timeZone: "SYSTEM",
    }));
  } finally {
    pool.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("ReadPool: rows cross the thread as SQLite gave them; `ifNone` runs when none came", async () => {
  await withPool(async (pool, read) => {
    const count = { sql: "SELECT count(*) FROM t", args: [] };
    const some = await pool.read(read(
      { sql: "SELECT id, big, bytes, note, NOW() FROM t WHERE id >= ? ORDER BY id", args: [1] },
      count,
    )).result;
    assert.deepEqual(some.rows, [
      [1n, 9007199254740993n, new Uint8Array([0, 255]), null, "2026-11-27 12:00:00"],
      [2n, 5n, new Uint8Array(), "é", "2026-11-27 12:00:00"],
    ]);
    assert.equal(some.ifNone, undefined);
    const none = await pool.read(read({ sql: "SELECT id FROM t WHERE id > 9", args: [] }, count))
      .result;
    assert.deepEqual([none.rows, none.ifNone], [[], [2n]]);
  });
});

Deno.test("ReadPool: errors keep what the session maps them by", async () => {
  await withPool(async (pool, read) => {
    // A MySQL function's error, thrown in the worker.
    await assert.rejects(
      pool.read(read({ sql: "SELECT mysql_json_extract('{not json', '$')", args: [] })).result,
      (e: unknown) => e instanceof MysqlError && e.code === ER.INVALID_JSON_TEXT_IN_PARAM,
    );
    // SQLite's own: the message and result code the session's mapping reads.
    const missing = await pool.read(read({ sql: "SELECT * FROM nope", args: [] })).result
      .catch((e) => e);
    assert.equal(toMysqlError(missing, { database: "shop" }).code, ER.NO_SUCH_TABLE);
  });
});

Deno.test("ReadPool: reads beyond the workers wait in turn; a cancelled one ends with 1317", async () => {
  await withPool(async (pool, read) => {
    const running = [pool.read(read(LONG)), pool.read(read(LONG))];
    const queued = pool.read(read(LONG));
    const waiting = pool.read(read({ sql: "SELECT id FROM t ORDER BY id", args: [] }));
    queued.cancel();
    running[0]!.cancel();
    for (const r of [queued, running[0]!]) {
      await assert.rejects(
        r.result,
        (e: unknown) => e instanceof MysqlError && e.code === ER.QUERY_INTERRUPTED,
      );
    }
    assert.deepEqual((await waiting.result).rows, [[1n], [2n]]);
    assert.deepEqual((await running[1]!.result).rows, [[5000000n]]);
  });
});

Deno.test("ReadPool: closed, it fails the reads running and refuses new ones", async () => {
  await withPool(async (pool, read) => {
    const running = pool.read(read(LONG));
    await new Promise((r) => setTimeout(r, 100));
    pool.close();
    const shutdown = (e: unknown) => e instanceof MysqlError && e.code === ER.SERVER_SHUTDOWN;
    await assert.rejects(running.result, shutdown);
    await assert.rejects(pool.read(read(LONG)).result, shutdown);
  });
});

Deno.test("SlowReads: slow once it took SLOW_READ_MS, until a run takes under FAST_READ_MS; bounded", () => {
  const slow = new SlowReads();
  slow.note("SELECT 1", SLOW_READ_MS - 1);
  assert.equal(slow.has("SELECT 1"), false);
  slow.note("SELECT 1", SLOW_READ_MS);
  assert.equal(slow.has("SELECT 1"), true);
  slow.note("SELECT 1", FAST_READ_MS);
  assert.equal(slow.has("SELECT 1"), true, "not quick enough to come back");
  slow.note("SELECT 1", FAST_READ_MS - 1);
  assert.equal(slow.has("SELECT 1"), false, "quick on the worker: back to the event loop");
  slow.note("SELECT 1", SLOW_READ_MS);
  for (let i = 0; i < 1000; i++) slow.note(`SELECT ${i + 2}`, SLOW_READ_MS);
  assert.equal(slow.has("SELECT 1"), false, "the oldest goes first");
  assert.equal(slow.has("SELECT 1001"), true);
});
