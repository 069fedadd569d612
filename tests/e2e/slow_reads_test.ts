/**
 * A read that takes long must not stop the server for everyone else (src/session/read_pool.ts):
 * once a statement has been seen to run long, it runs on a worker thread, other clients are
 * answered meanwhile, its answer is the same, and KILL QUERY ends it with 1317. (Errors crossing
 * from the worker: tests/unit/session/read_pool_test.ts.)
 */
import assert from "node:assert/strict";
import { connect, type Connection, expectError, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_slow_reads";
/** 5,000 rows joined with themselves: ~1 s of SQLite work here. */
const SLOW = "SELECT count(*) AS n FROM t AS a JOIN t AS b ON a.v + b.v > ?";
const V = Array.from(
  { length: 5000 },
  (_, id) => (Math.floor(id / 100) * 7 + (id % 100) * 13) % 100,
);
const EXPECTED = [{ n: V.reduce((n, x) => n + V.filter((y) => x + y > 99).length, 0) }];

/** Runs the slow read; resolves with its rows and when it ended. */
async function slowRead(conn: Connection) {
  const [result] = await conn.execute(SLOW, [99]);
  return { rows: result as Array<{ n: number }>, at: performance.now() };
}

e2eSuite("reads that take long run beside everything else", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  const digits = Array.from({ length: 100 }, (_, x) => `(${x})`).join(", ");
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB};
    CREATE TABLE d (x INT); INSERT INTO d VALUES ${digits};
    CREATE TABLE t (id INT PRIMARY KEY, v INT);
    INSERT INTO t SELECT a.x * 100 + b.x, (a.x * 7 + b.x * 13) % 100 FROM d AS a, d AS b
      WHERE a.x < 50;`);
  const slow = await connect(port, { database: DB });
  const other = await connect(port, { database: DB });
  try {
    await step("once seen to take long, a read no longer holds other clients up", async () => {
      const first = await slowRead(slow); // seen to take long: on a worker from now on
      assert.deepEqual(first.rows, EXPECTED);
      const again = slowRead(slow);
      await new Promise((r) => setTimeout(r, 100));
      await rows(other, "SELECT 1 AS one");
      const answeredAt = performance.now();
      const second = await again;
      assert.deepEqual(second.rows, first.rows, "the same answer");
      assert.ok(answeredAt < second.at, "another client was answered while the read ran");
    });

    await step("SQL_CALC_FOUND_ROWS counts the same on a worker", async () => {
      // Few rows found, so the count costs little beside the join.
      const calc = "SELECT SQL_CALC_FOUND_ROWS a.id FROM t AS a JOIN t AS b ON a.v + b.v > 190 " +
        "LIMIT ?, 1";
      const foundRows = async (offset: number) => {
        await slow.execute(calc, [String(offset)]);
        return await rows(slow, "SELECT FOUND_ROWS() AS n");
      };
      const total = [{ n: V.reduce((n, x) => n + V.filter((y) => x + y > 190).length, 0) }];
      assert.deepEqual(await foundRows(0), total, "on the event loop, the first time");
      assert.deepEqual(await foundRows(0), total, "on a worker, with a row");
      assert.deepEqual(await foundRows(10_000_000), total, "on a worker, past the last row");
    });

    await step("KILL QUERY ends it with 1317 and the connection goes on", async () => {
      const [[{ id }]] = await slow.query("SELECT CONNECTION_ID() AS id") as unknown as [
        [{ id: number }],
      ];
      const killed = expectError(slowRead(slow), 1317, "70100");
      await new Promise((r) => setTimeout(r, 100));
      await other.query(`KILL QUERY ${id}`);
      await killed;
      assert.deepEqual(await rows(slow, "SELECT 2 AS two"), [{ two: 2 }]);
    });
  } finally {
    await Promise.all([setup.end(), slow.end(), other.end()]);
  }
});
