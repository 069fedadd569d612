/**
 * Snapshots from real node processes: a 2-node cluster holds a few MB written through MySQL;
 * this test process, a peer on the cluster's gRPC transport with the cluster secret (not a
 * member), restores the database from each node into a data dir of its own while writes go
 * on, with the client the nodes' anti-entropy uses (restoreDatabaseFromPeer): the bytes
 * over HTTP from the node's admin listener, none by peer calls.
 */
import assert from "node:assert/strict";
import type mysql from "mysql2/promise";
import { restoreDatabaseFromPeer } from "../../src/healing/snapshot_client.ts";
import { DatabaseRegistry } from "../../src/storage/database_registry.ts";
import { connectMysql2, startCluster } from "../helpers/mod.ts";
import { TEST_CLUSTER_SECRET } from "../helpers/start_cluster.ts";
import {
  FaultyRpc,
  quietLogger,
  REGISTRY_OPTIONS,
  rpcTo,
} from "../unit/healing/snapshot_fixture.ts";

async function ids(conn: mysql.Connection): Promise<number[]> {
  const [rows] = await conn.query("SELECT id FROM items ORDER BY id");
  return (rows as Array<{ id: number }>).map((r) => Number(r.id));
}

Deno.test("a database is restored from either node of a cluster while writes go on", async () => {
  await using cluster = await startCluster(2);
  const n1 = await connectMysql2(cluster.node(1).mysqlPort);
  const n2 = await connectMysql2(cluster.node(2).mysqlPort);
  const dataDir = await Deno.makeTempDir({ prefix: "marmot-snapshot-it-" });
  const registry = new DatabaseRegistry(dataDir, REGISTRY_OPTIONS);
  // Closed only once the nodes are gone: closing a channel to a running node sends it an
  // HTTP/2 GOAWAY, which Deno 2.9's HTTP/2 can abort on (denoland/deno#36788).
  const peers: Array<{ close(): void }> = [];
  try {
    await n1.query("CREATE DATABASE shop");
    await n1.query("USE shop");
    await n2.query("USE shop"); // CREATE DATABASE committed on both nodes
    await n1.query("CREATE TABLE items (id INT PRIMARY KEY, v TEXT NOT NULL)");
    let next = 1;
    const insert = async (rows: number) => {
      const values = Array.from({ length: rows }, () => {
        const id = next++;
        return `(${id}, '${String(id).padEnd(1000, "abcdefghij")}')`;
      });
      await n1.query(`INSERT INTO items (id, v) VALUES ${values.join(",")}`);
    };
    for (let i = 0; i < 50; i++) await insert(100); // ~5 MB
    const deadline = Date.now() + 15_000;
    while ((await ids(n2)).length < 5000) {
      assert.ok(Date.now() < deadline, "node 2 did not get the rows");
      await new Promise((r) => setTimeout(r, 100));
    }

    for (const source of [1, 2]) {
      const peer = rpcTo(cluster.node(source).grpcAddress, {
        peerNodeId: source,
        secret: TEST_CLUSTER_SECRET,
      });
      peers.push(peer);
      let writing = true;
      const writer = (async () => {
        while (writing) await insert(10);
      })();
      const rpc = new FaultyRpc(peer.rpc);
      const restored = await restoreDatabaseFromPeer(
        { rpc, registry, dataDir, logger: quietLogger(), secret: TEST_CLUSTER_SECRET },
        source,
        "shop",
      );
      writing = false;
      await writer;
      assert.deepEqual(rpc.offsets, [], "chunks fetched by peer calls instead of HTTP");
      assert.ok(restored.bytes > 5_000_000, `only ${restored.bytes} bytes`);
      assert.ok(restored.lastSeq >= 51, `lastSeq ${restored.lastSeq}`);
      assert.ok(restored.schemaVersion >= 1);
      const db = registry.get("shop").reader.db;
      assert.deepEqual(Object.values(db.prepare("PRAGMA integrity_check").get()!), ["ok"]);
      // A consistent copy: rows 1..k for some k, each byte-exact.
      const local = db.prepare("SELECT id, v FROM items ORDER BY id").all() as Array<
        { id: number; v: string }
      >;
      assert.ok(local.length >= 5000);
      assert.deepEqual(local.map((r) => Number(r.id)), (await ids(n1)).slice(0, local.length));
      const last = local[local.length - 1]!;
      assert.equal(last.v, String(last.id).padEnd(1000, "abcdefghij"));
    }
  } finally {
    await n1.end();
    await n2.end();
    await Promise.all(cluster.nodes.map((n) => n.kill()));
    for (const peer of peers) peer.close();
    registry.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
