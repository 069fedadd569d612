/**
 * A transaction writing two databases commits them one after the other. When the second
 * fails after the first committed, the client must not get that failure's own 1213: it
 * retries, and the first database's writes are committed twice. Before, a run of 6 clients
 * on 3 nodes moving counters in two databases got 1213 at COMMIT for 404 transactions whose
 * first database had committed.
 */
import assert from "node:assert/strict";
import { connectMysql2, startCluster } from "../helpers/mod.ts";

Deno.test("COMMIT of two databases, the second refused: 1180 naming what committed", async () => {
  await using cluster = await startCluster(3);
  const n1 = await connectMysql2(cluster.node(1).mysqlPort);
  const n2 = await connectMysql2(cluster.node(2).mysqlPort);
  try {
    for (const db of ["first_db", "second_db"]) {
      await n1.query(`CREATE DATABASE ${db}`);
      await n1.query(`CREATE TABLE ${db}.c (id INT PRIMARY KEY, n INT NOT NULL)`);
      await n1.query(`INSERT INTO ${db}.c VALUES (1, 0)`);
    }
    // Node 2's open transaction holds second_db's row: node 1's PREPARE of it conflicts.
    await n2.query("BEGIN");
    await n2.query("UPDATE second_db.c SET n = n + 10 WHERE id = 1");
    await n1.query("BEGIN");
    await n1.query("UPDATE first_db.c SET n = n + 1 WHERE id = 1");
    await n1.query("UPDATE second_db.c SET n = n + 1 WHERE id = 1");
    await assert.rejects(n1.query("COMMIT"), (err: Error & { errno?: number }) => {
      assert.equal(err.errno, 1180, err.message);
      assert.match(
        err.message,
        /writes to database 'first_db' are committed, those to 'second_db'/,
      );
      return true;
    });
    try {
      await n2.query("COMMIT");
    } catch (err) {
      // n1's intents on second_db are released on the peers after its COMMIT answered; a
      // PREPARE that reaches a peer first meets one and gets 1213, which a client retries.
      if ((err as { errno?: number }).errno !== 1213) throw err;
      await n2.query("BEGIN");
      await n2.query("UPDATE second_db.c SET n = n + 10 WHERE id = 1");
      await n2.query("COMMIT");
    }
    const read = async (db: string) => {
      const [rows] = await n1.query({ sql: `SELECT n FROM ${db}.c`, rowsAsArray: true });
      return rows;
    };
    assert.deepEqual(await read("first_db"), [[1]]);
    assert.deepEqual(await read("second_db"), [[10]]);
  } finally {
    await Promise.all([n1.end(), n2.end()]);
  }
});
