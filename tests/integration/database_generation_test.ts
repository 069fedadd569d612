/**
 * A database dropped and created again while a node was down: on restart the node replaces
 * its stale copy with the new one (the higher generation wins) instead of replaying the new
 * database's log on top of the old tables, which failed every round ("Table 't' already
 * exists") and left the node diverged.
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
  const deadline = Date.now() + 30_000;
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
