/**
 * Divergence is visible: on a real 3-node cluster, rows written through different nodes give
 * the same per-table checksums on every node's admin endpoint and in its /metrics, and a row
 * changed behind the cluster's back (straight into one node's SQLite file while it is down)
 * shows up as a different checksum on that node only.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import type mysql from "mysql2/promise";
import { registerMysqlFunctions } from "../../src/sql/functions/mod.ts";
import { connectMysql2, freePort, startCluster, TEST_CLUSTER_SECRET } from "../helpers/mod.ts";
import type { ClusterHandle } from "../helpers/start_cluster.ts";

interface TableSum {
  name: string;
  rows: number;
  checksum: string;
}

/** `GET /admin/checksums?database=shop` on node `nodeId`: table name -> [rows, checksum]. */
async function checksums(
  cluster: ClusterHandle,
  ports: Map<number, number>,
  nodeId: number,
): Promise<Record<string, [number, string]>> {
  const res = await fetch(`http://127.0.0.1:${ports.get(nodeId)}/admin/checksums?database=shop`, {
    headers: { "x-marmot-secret": TEST_CLUSTER_SECRET },
  });
  const body = await res.json();
  assert.equal(res.status, 200, `node ${nodeId}: ${JSON.stringify(body)}`);
  assert.equal(body.node_id, cluster.node(nodeId).nodeId);
  const tables = body.databases[0].tables as TableSum[];
  return Object.fromEntries(tables.map((t) => [t.name, [t.rows, t.checksum]]));
}

/** `marmot_v2_table_checksum` lines of node `nodeId`'s /metrics for database shop. */
async function metricChecksums(ports: Map<number, number>, nodeId: number): Promise<string[]> {
  const text = await (await fetch(`http://127.0.0.1:${ports.get(nodeId)}/metrics`)).text();
  return text.split("\n")
    .filter((l) => l.startsWith('marmot_v2_table_checksum{database="shop"'))
    .map((l) => l.replace(/,node_id="\d+"/, ""));
}

/** Polls until every node reports the same checksums; returns them. */
async function converged(cluster: ClusterHandle, ports: Map<number, number>) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const all = await Promise.all([1, 2, 3].map((id) => checksums(cluster, ports, id)));
    const first = JSON.stringify(all[0]);
    if (all.every((c) => JSON.stringify(c) === first)) return all[0]!;
    if (Date.now() > deadline) {
      assert.fail(`checksums differ:\n${all.map((c) => JSON.stringify(c)).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test("per-table checksums agree across nodes and show a row changed on one node", async () => {
  const ports = new Map([1, 2, 3].map((id) => [id, freePort()]));
  await using cluster = await startCluster(3, {
    config: (id) => `[admin]\nbind_address = "127.0.0.1"\nport = ${ports.get(id)}\n`,
  });
  const conns: mysql.Connection[] = [];
  try {
    for (const id of [1, 2, 3]) conns.push(await connectMysql2(cluster.node(id).mysqlPort));
    const [n1, n2, n3] = conns as [mysql.Connection, mysql.Connection, mysql.Connection];
    await n1.query("CREATE DATABASE shop");
    for (const conn of conns) await conn.query("USE shop");
    await n1.query(
      "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40), price DOUBLE, " +
        "photo BLOB, added DATETIME)",
    );
    await n2.query("CREATE TABLE log (msg VARCHAR(40), n BIGINT)");
    await n2.query(
      "INSERT INTO items (name, price, photo, added) VALUES ('apple', 0.5, x'00ff', " +
        "'2024-01-05 10:00:00'), ('pear', 1.25, NULL, NULL)",
    );
    await n3.query("INSERT INTO items (name, price) VALUES ('plum', 3), ('fig', 2)");
    await n1.query("UPDATE items SET price = price * 2 WHERE name IN ('pear', 'plum')");
    await n2.query("DELETE FROM items WHERE name = 'fig'");
    await n3.query("INSERT INTO log VALUES ('one', 9007199254740993), ('two', -1), ('two', -1)");
    await n1.query("UPDATE log SET n = 2 WHERE msg = 'one'");

    const agreed = await converged(cluster, ports);
    assert.equal(agreed["items"]![0], 3);
    assert.equal(agreed["log"]![0], 3);
    const metrics = await Promise.all([1, 2, 3].map((id) => metricChecksums(ports, id)));
    assert.equal(metrics[0]!.length, 2, metrics[0]!.join("\n"));
    assert.deepEqual(metrics[1], metrics[0]);
    assert.deepEqual(metrics[2], metrics[0]);

    // Node 3 diverges: one value changed in its file while it is down, outside replication.
    for (const conn of conns.splice(0)) await conn.end();
    const node3 = cluster.node(3);
    assert.equal((await node3.stop()).code, 0);
    const file = new DatabaseSync(`${node3.dataDir}/databases/shop.db`);
    registerMysqlFunctions(file); // the table's coercion triggers call them
    try {
      const changed = file.prepare("UPDATE items SET price = 0.75 WHERE name = 'apple'").run();
      assert.equal(changed.changes, 1);
    } finally {
      file.close();
    }
    await cluster.restart(3);

    const after = await Promise.all([1, 2, 3].map((id) => checksums(cluster, ports, id)));
    assert.deepEqual(after[0], agreed);
    assert.deepEqual(after[1], agreed);
    assert.equal(after[2]!["items"]![0], 3, "same row count");
    assert.notEqual(after[2]!["items"]![1], agreed["items"]![1], "node 3's items differ");
    assert.deepEqual(after[2]!["log"], agreed["log"], "log untouched");
    const metrics3 = await metricChecksums(ports, 3);
    const items = (lines: string[]) => lines.find((l) => l.includes('table="items"'));
    assert.notEqual(items(metrics3), items(metrics[0]!));
    assert.equal(
      metrics3.find((l) => l.includes('table="log"')),
      metrics[0]!.find((l) => l.includes('table="log"')),
    );
  } finally {
    for (const conn of conns) await conn.end();
  }
});
