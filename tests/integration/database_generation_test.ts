/**
 * DROP / CREATE DATABASE against anti-entropy on real 3-node clusters: a node that missed a
 * DROP + CREATE of a name replaces its stale copy (the higher generation wins) instead of
 * replaying the new database's log on top of the old tables ("Table 't' already exists" every
 * round, diverged); peers never pull a returning node's log of the dropped incarnation into
 * the new one (tests/unit/healing/anti_entropy_test.ts has both, and a DROP landing mid-round).
 */
import assert from "node:assert/strict";
import { connectMysql2, startCluster } from "../helpers/mod.ts";
import type { ClusterHandle } from "../helpers/start_cluster.ts";

const CONFIG = `
[replication]
anti_entropy_interval_seconds = 1
`;

/** `sql` on node `nodeId`, connected to `shop` (not `shop.t` from another database: an ATTACH
 * made before a DROP DATABASE keeps reading the dropped file, a separate bug). */
async function answer(cluster: ClusterHandle, nodeId: number, sql: string): Promise<string> {
  const conn = await connectMysql2(cluster.node(nodeId).mysqlPort, { database: "shop" });
  try {
    const [rows] = await conn.query({ sql, rowsAsArray: true });
    return JSON.stringify(rows);
  } catch (err) {
    return String(err);
  } finally {
    await conn.end();
  }
}

async function sameOnAll(cluster: ClusterHandle, sql: string, expected: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answers = await Promise.all([1, 2, 3].map((n) => answer(cluster, n, sql)));
    if (answers.every((a) => a === expected)) return;
    if (Date.now() > deadline) {
      assert.fail(`${sql}: expected ${expected} on nodes 1-3, got\n${answers.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test("a node that missed DROP + CREATE DATABASE of a name takes the new database", async () => {
  await using cluster = await startCluster(3, { config: CONFIG });
  const c1 = await connectMysql2(cluster.node(1).mysqlPort);
  await c1.query("CREATE DATABASE shop");
  await c1.query("CREATE TABLE shop.t (a INT PRIMARY KEY)");
  await c1.query("INSERT INTO shop.t VALUES (1)");
  await c1.end();
  await sameOnAll(cluster, "SELECT * FROM t", "[[1]]");

  await cluster.node(3).kill();
  const c2 = await connectMysql2(cluster.node(2).mysqlPort);
  await c2.query("DROP DATABASE shop");
  await c2.query("CREATE DATABASE shop");
  await c2.query("CREATE TABLE shop.t (a INT PRIMARY KEY, b TEXT)");
  await c2.query("INSERT INTO shop.t VALUES (2, 'new')");
  await c2.end();

  await cluster.restart(3);
  await sameOnAll(cluster, "SELECT * FROM t", '[[2,"new"]]');
  assert.match(cluster.node(3).logs(), /Replaced a database the cluster dropped and created again/);
  assert.doesNotMatch(cluster.node(3).logs(), /already exists/);
});

Deno.test("nodes do not pull a returning peer's log of a dropped incarnation of a database", async () => {
  // Node 3 runs its own rounds hourly: back from a SIGSTOP it still holds the old `shop` while
  // nodes 1 and 2 (every second) pull its logs.
  const config = (id: number) =>
    id === 3
      ? "[replication]\nanti_entropy_interval_seconds = 3600\ngc_interval_seconds = 3600\n"
      : CONFIG;
  await using cluster = await startCluster(3, { config });
  const c1 = await connectMysql2(cluster.node(1).mysqlPort);
  await c1.query("CREATE DATABASE shop");
  await c1.query("CREATE TABLE shop.t (a INT PRIMARY KEY)");
  await c1.query("INSERT INTO shop.t VALUES (1)");
  await c1.end();
  await sameOnAll(cluster, "SELECT * FROM t", "[[1]]");

  // Node 3's quick rounds after its promotion end within a few seconds; then its next round
  // is an hour away, and a timer that was due during the SIGSTOP would fire at SIGCONT.
  await new Promise((r) => setTimeout(r, 5_000));
  const pid = cluster.node(3).pid;
  Deno.kill(pid, "SIGSTOP");
  try {
    await cluster.waitForStatus(1, 3, "DEAD", 60_000);
    const c2 = await connectMysql2(cluster.node(2).mysqlPort);
    await c2.query("DROP DATABASE shop");
    await c2.query("CREATE DATABASE shop");
    await c2.query("CREATE TABLE shop.t (a INT PRIMARY KEY, b TEXT)");
    await c2.query("INSERT INTO shop.t VALUES (2, 'new')");
    await c2.end();
  } finally {
    Deno.kill(pid, "SIGCONT");
  }
  await cluster.waitForStatus(1, 3, "ALIVE", 60_000);
  await cluster.waitForStatus(2, 3, "ALIVE", 60_000);
  // Several of nodes 1 and 2's rounds with node 3 ALIVE: their `shop` stays the new one.
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    for (const n of [1, 2]) {
      assert.equal(await answer(cluster, n, "SELECT * FROM t"), '[[2,"new"]]', `node ${n}`);
      assert.doesNotMatch(cluster.node(n).logs(), /Pulling a peer's commit log failed/);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Restarted, node 3 reconciles at once and takes the new `shop`.
  await cluster.node(3).kill();
  await cluster.restart(3);
  await sameOnAll(cluster, "SELECT * FROM t", '[[2,"new"]]');
});
