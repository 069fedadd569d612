/**
 * A peer that hangs (SIGSTOP) before the others see it fail: a write at QUORUM commits as soon
 * as the two others prepared, and DDL at QUORUM goes on with the two that answer within the
 * commit lease. DDL waited up to 60 s for every PREPARE and then always
 * aborted (1213, "the commit decision came 60008 ms after PREPARE, too late").
 */
import assert from "node:assert/strict";
import { connectMysql2, startCluster } from "../helpers/mod.ts";

Deno.test("writes and DDL at QUORUM go on while a peer hangs", async () => {
  // The harness's failure detection (SUSPECT after 3 s) is left as it is: node 3 is still a
  // PREPARE target when the DDL starts.
  await using cluster = await startCluster(3, {
    config: "[transaction]\nheartbeat_timeout_seconds = 10\n",
  });
  const pid = cluster.node(3).pid;
  const c1 = await connectMysql2(cluster.node(1).mysqlPort, { database: "marmot" });
  try {
    await c1.query("CREATE TABLE before_hang (id INT PRIMARY KEY)");
    Deno.kill(pid, "SIGSTOP");
    // A write decides once nodes 1 and 2 prepared: it used to wait out node 3's PREPARE
    // timeout (5 s) until node 3 was suspected.
    const insertStarted = Date.now();
    await c1.query("INSERT INTO before_hang VALUES (1)");
    const insertTook = Date.now() - insertStarted;
    assert.ok(insertTook < 2500, `INSERT took ${insertTook} ms`);
    const started = Date.now();
    await c1.query("CREATE TABLE during_hang (id INT PRIMARY KEY)");
    const took = Date.now() - started;
    // The lease is 8 s (heartbeat 10 s less 2 s): the decision comes within it.
    assert.ok(took < 20_000, `CREATE TABLE took ${took} ms`);
    await c1.query("INSERT INTO during_hang VALUES (1)");
  } finally {
    Deno.kill(pid, "SIGCONT");
    await c1.end();
  }
  // Node 3 catches up on the table it missed.
  const c3 = await connectMysql2(cluster.node(3).mysqlPort, { database: "marmot" });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const rows = await c3.query("SELECT id FROM during_hang").then(
        ([r]) => JSON.stringify(r),
        (err) => String(err),
      );
      if (rows === '[{"id":1}]') break;
      if (Date.now() > deadline) assert.fail(`node 3 did not catch up: ${rows}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await c3.end();
  }
});
