/**
 * The admin HTTP server on a real listener, a real DatabaseRegistry and the cluster's own
 * quorum rules over a fixed member list: routes, JSON shapes, auth, /metrics.
 */
import assert from "node:assert/strict";
import { type AdminServer, startAdmin, startAdminServer } from "../../../src/admin/mod.ts";
import type { ClusterState } from "../../../src/admin/cluster_status.ts";
import type { NodeInfo, NodeStatus } from "../../../src/cluster/mod.ts";
import { writeTargets } from "../../../src/cluster/quorum.ts";
import { createLogger, type Logger } from "../../../src/config/mod.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";

const SECRET = "s3cret";

function clusterOf(statuses: NodeStatus[]): ClusterState {
  const members: NodeInfo[] = statuses.map((status, i) => ({
    nodeId: i + 1,
    address: `127.0.0.1:${9001 + i}`,
    status,
    incarnation: i,
    schemaVersions: {},
  }));
  return {
    nodeId: 1,
    members: () => members,
    writeTargets: (level) => writeTargets(members, 1, level),
  };
}

function testLogger(lines: string[] = []): Logger {
  return createLogger(defaultConfig().logging, { destination: { write: (l) => lines.push(l) } });
}

interface Fixture {
  server: AdminServer;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

async function withServer(
  options: { secret?: string; statuses?: NodeStatus[]; metrics?: boolean },
  fn: (f: Fixture) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "marmot-admin-server-" });
  const registry = new DatabaseRegistry(dir, {
    connection: {},
    lock: { timeoutMs: 1000, maxWaiters: 10 },
  });
  registry.create("shop");
  registry.get("shop").writer.db.exec(
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); " +
      "INSERT INTO items VALUES (1, 'apple'), (2, 'pear')",
  );
  const server = startAdminServer({
    hostname: "127.0.0.1",
    port: 0,
    secret: options.secret ?? SECRET,
    metrics: options.metrics ?? true,
    cluster: clusterOf(options.statuses ?? ["ALIVE", "ALIVE", "ALIVE"]),
    databases: registry,
    logger: testLogger(),
  });
  const get = (path: string, headers: Record<string, string> = { "x-marmot-secret": SECRET }) =>
    fetch(`http://127.0.0.1:${server.port}${path}`, { headers });
  try {
    await fn({ server, get });
  } finally {
    await server.close();
    registry.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("Admin API lists members with the reference's fields and quorum counts", async () => {
  await withServer({ statuses: ["ALIVE", "ALIVE", "SUSPECT", "LEAVING"] }, async ({ get }) => {
    const res = await get("/admin/cluster/members");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /application\/json/);
    const body = await res.json();
    assert.deepEqual(body.members[2], {
      NodeID: 3,
      Address: "127.0.0.1:9003",
      Status: "SUSPECT",
      Incarnation: 2,
    });
    assert.equal(body.members.length, 4);
    assert.equal(body.total_membership, 3, "LEAVING does not count");
    assert.equal(body.alive_count, 2);
    assert.equal(body.quorum_size, 2);
    assert.equal(body.local_node_id, 1);
  });
});

Deno.test("Admin API health is 200 with a quorum and 503 without one", async () => {
  await withServer({ statuses: ["ALIVE", "ALIVE", "DEAD"] }, async ({ get }) => {
    const res = await get("/admin/cluster/health", {});
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, "healthy");
    assert.equal(body.quorum_available, true);
    assert.equal(body.local_status, "ALIVE");
    assert.equal(body.error, "");
  });
  await withServer({ statuses: ["ALIVE", "DEAD", "SUSPECT"] }, async ({ get }) => {
    const res = await get("/admin/cluster/health", {});
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.status, "unhealthy");
    assert.equal(body.quorum_available, false);
    assert.equal(body.alive_count, 1);
    assert.equal(body.quorum_size, 2);
    assert.match(body.error, /QUORUM needs 2 of 3 nodes but only 1 reachable/);
  });
});

Deno.test("Admin API lists databases with their tables and reports per-table checksums", async () => {
  await withServer({}, async ({ get }) => {
    const dbs = await (await get("/admin/databases")).json();
    assert.deepEqual(dbs, {
      databases: [
        { name: "marmot", commit_seq: 0, tables: [] },
        { name: "shop", commit_seq: 0, tables: ["items"] },
      ],
    });
    const all = await (await get("/admin/checksums")).json();
    assert.equal(all.node_id, 1);
    assert.deepEqual(all.databases.map((d: { name: string }) => d.name), ["marmot", "shop"]);
    const shop = await (await get("/admin/checksums?database=shop")).json();
    assert.equal(shop.databases.length, 1);
    const [items] = shop.databases[0].tables;
    assert.equal(items.name, "items");
    assert.equal(items.rows, 2);
    assert.match(items.checksum, /^[0-9a-f]{16}$/);
    const missing = await get("/admin/checksums?database=nope");
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: "Unknown database 'nope'" });
  });
});

Deno.test("Admin API wants the cluster secret, and is disabled without one but for health and metrics", async () => {
  await withServer({}, async ({ get }) => {
    const attempts: Array<Record<string, string>> = [
      {},
      { "x-marmot-secret": "wrong" },
      { "x-marmot-secret": SECRET + "x" },
    ];
    for (const headers of attempts) {
      const res = await get("/admin/cluster/members", headers);
      assert.equal(res.status, 401);
      assert.match((await res.json()).error, /X-Marmot-Secret/);
    }
    const metrics = await get("/metrics", {});
    assert.equal(metrics.status, 200);
    await metrics.body?.cancel();
  });
  await withServer({ secret: "" }, async ({ get }) => {
    for (const path of ["/admin/cluster/members", "/admin/databases", "/admin/checksums"]) {
      const res = await get(path, { "x-marmot-secret": "" });
      assert.equal(res.status, 403, path);
      assert.match((await res.json()).error, /Admin API disabled/);
    }
    for (const path of ["/admin/cluster/health", "/metrics"]) {
      const res = await get(path, {});
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
  });
});

Deno.test("Admin API answers 404 for unknown paths and 405 for other methods", async () => {
  await withServer({ metrics: false }, async ({ server, get }) => {
    const unknown = await get("/admin/nope");
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const metrics = await get("/metrics");
    assert.equal(metrics.status, 404, "[prometheus] enabled = false");
    await metrics.body?.cancel();
    const post = await fetch(`http://127.0.0.1:${server.port}/admin/cluster/members`, {
      method: "POST",
      headers: { "x-marmot-secret": SECRET },
    });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  });
});

Deno.test("/metrics serves table checksums and rows, nodes by status and quorum availability", async () => {
  await withServer({ statuses: ["ALIVE", "DEAD", "DEAD"] }, async ({ get }) => {
    const res = await get("/metrics", {});
    assert.match(res.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const shop = await (await get("/admin/checksums?database=shop")).json();
    const checksum = shop.databases[0].tables[0].checksum as string;
    const value = (name: string) => {
      const line = text.split("\n").find((l) => l.startsWith(name));
      assert.ok(line, `${name} in\n${text}`);
      return Number(line.slice(line.lastIndexOf(" ") + 1));
    };
    assert.equal(
      value('marmot_v2_table_checksum{database="shop",table="items",node_id="1"}'),
      parseInt(checksum.slice(0, 13), 16),
    );
    assert.equal(value('marmot_v2_table_rows{database="shop",table="items",node_id="1"}'), 2);
    assert.equal(value('marmot_v2_cluster_nodes{status="ALIVE",node_id="1"}'), 1);
    assert.equal(value('marmot_v2_cluster_nodes{status="DEAD",node_id="1"}'), 2);
    assert.equal(value('marmot_v2_cluster_nodes{status="REMOVED",node_id="1"}'), 0);
    assert.equal(value('marmot_v2_cluster_quorum_available{node_id="1"}'), 0);
  });
});

Deno.test("startAdmin is off for port 0 or enabled = false, and logs a port it cannot bind", () => {
  const config = defaultConfig();
  const sources = {
    cluster: clusterOf(["ALIVE"]),
    databases: {
      names: () => [],
      get: () => {
        throw new Error("none");
      },
    },
  };
  config.admin.port = 0;
  assert.equal(startAdmin(config, sources, testLogger()), null);
  config.admin.port = 8090;
  config.admin.enabled = false;
  assert.equal(startAdmin(config, sources, testLogger()), null);
  using taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  config.admin = { enabled: true, bind_address: "127.0.0.1", port: taken.addr.port };
  const lines: string[] = [];
  assert.equal(startAdmin(config, sources, testLogger(lines)), null);
  assert.match(lines.join(""), /Admin HTTP API not started: cannot listen on 127\.0\.0\.1:\d+/);
});
