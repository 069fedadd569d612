/** startCluster in one process: several real nodes on loopback with fast gossip settings. */
import assert from "node:assert/strict";
import type { Config } from "../../../src/config/config.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/config/logger.ts";
import {
  type Cluster,
  fetchClusterView,
  JoinRefusedError,
  type NodeInfo,
  QuorumUnavailableError,
  startCluster,
  type StartClusterOptions,
  startClusterOrExit,
} from "../../../src/cluster/mod.ts";
import { freePort } from "../../helpers/free_port.ts";

const SECRET = "unit-secret";

interface TestNode {
  cluster: Cluster;
  config: Config;
  logs: string[];
}

function nodeConfig(nodeId: number, dataDir: string, seeds: string[], port = freePort()): Config {
  const config = defaultConfig();
  config.node_id = nodeId;
  config.data_dir = dataDir;
  Object.assign(config.cluster, {
    grpc_bind_address: "127.0.0.1",
    grpc_port: port,
    grpc_advertise_address: `127.0.0.1:${port}`,
    seed_nodes: seeds,
    cluster_secret: SECRET,
    gossip_interval_ms: 100,
    suspect_timeout_ms: 600,
    dead_timeout_ms: 1200,
  });
  config.cluster.promotion = { check_interval_seconds: 1, min_healthy_duration_sec: 0 };
  return config;
}

async function start(config: Config, options: StartClusterOptions = {}): Promise<TestNode> {
  const logs: string[] = [];
  const logger = createLogger(config.logging, { destination: { write: (l) => logs.push(l) } });
  return { cluster: await startCluster(config, logger, options), config, logs };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function statuses(members: NodeInfo[]): string {
  return members.map((m) => `${m.nodeId}:${m.status}`).join(" ");
}

/** Temp data dirs and started nodes, all closed and removed at scope end. */
class Scope implements AsyncDisposable {
  readonly nodes: TestNode[] = [];
  readonly dirs: string[] = [];

  async dir(): Promise<string> {
    const dir = await Deno.makeTempDir({ prefix: "marmot-cluster-unit-" });
    this.dirs.push(dir);
    return dir;
  }

  async start(config: Config, options?: StartClusterOptions): Promise<TestNode> {
    const node = await start(config, options);
    this.nodes.push(node);
    return node;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // Together: each releases its port once the others have dropped their connections.
    await Promise.all(this.nodes.map((n) => n.cluster.close()));
    for (const d of this.dirs) await Deno.remove(d, { recursive: true });
  }
}

/** Starts on a port just released by a closed node (its connections may still be ending). */
async function startRetrying(scope: Scope, config: Config): Promise<TestNode> {
  for (let attempt = 1;; attempt++) {
    try {
      return await scope.start(config);
    } catch (error) {
      if (attempt >= 40 || !/EADDRINUSE/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function threeNodes(scope: Scope): Promise<TestNode[]> {
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  const seeds = [seed.config.cluster.grpc_advertise_address];
  const others = await Promise.all([
    scope.start(nodeConfig(2, await scope.dir(), seeds)),
    scope.start(nodeConfig(3, await scope.dir(), seeds)),
  ]);
  const nodes = [seed, ...others];
  await waitFor(
    "3 ALIVE everywhere",
    () => nodes.every((n) => statuses(n.cluster.members()) === "1:ALIVE 2:ALIVE 3:ALIVE"),
  );
  return nodes;
}

Deno.test("Cluster: three nodes converge to ALIVE, gossip schema versions and call each other", async () => {
  await using scope = new Scope();
  const [n1, n2, n3] = await threeNodes(scope);
  assert.equal(n1!.cluster.members()[0]!.status, "ALIVE");
  const incarnations = n3!.cluster.members().map((m) => m.incarnation);

  const seen: string[] = [];
  n1!.cluster.onMembershipChange((members) =>
    seen.push(JSON.stringify(members[1]!.schemaVersions))
  );
  n2!.cluster.setSchemaVersions({ shop: 4 });
  await waitFor(
    "schema version on node 3",
    () => n3!.cluster.members()[1]!.schemaVersions.shop === 4,
  );
  assert.deepEqual(n3!.cluster.members().map((m) => m.incarnation), incarnations);
  await waitFor("listener call", () => seen.includes('{"shop":4}'));

  n3!.cluster.rpc.handle(
    "hello",
    (body, from) => new TextEncoder().encode(`${from}/${body.length}`),
  );
  const reply = await n1!.cluster.rpc.call(3, "hello", new Uint8Array(5), 2000);
  assert.equal(new TextDecoder().decode(reply), "1/5");

  const t = n2!.cluster.writeTargets("QUORUM");
  assert.deepEqual([t.self.nodeId, t.replicas.map((r) => r.nodeId), t.total, t.required], [
    2,
    [1, 3],
    3,
    2,
  ]);

  const view = await fetchClusterView(n1!.config.cluster.grpc_advertise_address, {
    secret: SECRET,
  });
  assert.equal(view.selfNodeId, 1);
  assert.equal(statuses(view.nodes), "1:ALIVE 2:ALIVE 3:ALIVE");
  assert.deepEqual(view.writeAvailability.map((w) => [w.level, w.available, w.required]), [
    ["ONE", true, 1],
    ["QUORUM", true, 2],
    ["ALL", true, 3],
  ]);
});

Deno.test("Cluster: nodes with the plain peer stream and one without it (gRPC only) call each other", async () => {
  await using scope = new Scope();
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  const seeds = [seed.config.cluster.grpc_advertise_address];
  const grpcOnly = nodeConfig(3, await scope.dir(), seeds);
  grpcOnly.cluster.peer_stream_port = -1;
  const nodes = [
    seed,
    await scope.start(nodeConfig(2, await scope.dir(), seeds)),
    await scope.start(grpcOnly),
  ];
  await waitFor(
    "3 ALIVE everywhere",
    () => nodes.every((n) => statuses(n.cluster.members()) === "1:ALIVE 2:ALIVE 3:ALIVE"),
  );
  assert.ok(nodes[0]!.logs.some((l) => /plain stream port \d+/.test(l)));
  assert.ok(!nodes[2]!.logs.some((l) => /plain stream port/.test(l)));
  for (const n of nodes) {
    n.cluster.rpc.handle("who", (_body, from) => new TextEncoder().encode(`${from}`));
  }
  for (const [from, to] of [[1, 2], [2, 1], [1, 3], [3, 1], [2, 3], [3, 2]] as const) {
    const reply = await nodes[from - 1]!.cluster.rpc.call(to, "who", new Uint8Array(), 2000);
    assert.equal(new TextDecoder().decode(reply), String(from), `${from} -> ${to}`);
  }
});

Deno.test("Cluster: a stopped node is SUSPECT then DEAD; QUORUM holds and ALL fails", async () => {
  await using scope = new Scope();
  const [n1, , n3] = await threeNodes(scope);
  await n3!.cluster.close();
  await waitFor("node 3 SUSPECT", () => n1!.cluster.members()[2]!.status === "SUSPECT");
  await waitFor("node 3 DEAD", () => n1!.cluster.members()[2]!.status === "DEAD");
  assert.equal(n1!.cluster.writeTargets("QUORUM").replicas.length, 1);
  assert.throws(() => n1!.cluster.writeTargets("ALL"), (e: Error) => {
    assert.ok(e instanceof QuorumUnavailableError);
    assert.match(e.message, /ALL needs 3 of 3 nodes but only 2 reachable \(nodes 1, 2\)/);
    return true;
  });
});

Deno.test("Cluster: leave() marks the node LEAVING on its peers at once", async () => {
  await using scope = new Scope();
  const [n1, n2] = await threeNodes(scope);
  const before = n1!.cluster.members()[1]!.incarnation;
  await n2!.cluster.leave();
  const seen = n1!.cluster.members()[1]!;
  assert.equal(seen.status, "LEAVING");
  assert.equal(seen.incarnation, before + 1);
  assert.equal(n1!.cluster.writeTargets("ALL").total, 2);
});

Deno.test("Cluster: a join under a node id held by a live node is refused", async () => {
  await using scope = new Scope();
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  const seeds = [seed.config.cluster.grpc_advertise_address];
  await scope.start(nodeConfig(2, await scope.dir(), seeds));
  await assert.rejects(start(nodeConfig(2, await scope.dir(), seeds)), (e: Error) => {
    assert.ok(e instanceof JoinRefusedError);
    assert.match(e.message, /Node id 2 is already used by (JOINING|ALIVE) member 127\.0\.0\.1:\d+/);
    return true;
  });
  assert.ok(seed.logs.some((l) => l.includes("Node id 2 is already used")));
});

Deno.test("Cluster: a wrong cluster secret cannot join", async () => {
  await using scope = new Scope();
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  const config = nodeConfig(2, await scope.dir(), [seed.config.cluster.grpc_advertise_address]);
  config.cluster.cluster_secret = "wrong";
  await assert.rejects(start(config), /refused this node's cluster secret/);
  assert.ok(seed.logs.some((l) => /Refused peer call from .*invalid cluster secret/.test(l)));
  // Another node on the same host right after, without any secret, is logged too.
  const bare = nodeConfig(3, await scope.dir(), [seed.config.cluster.grpc_advertise_address]);
  bare.cluster.cluster_secret = "";
  await assert.rejects(start(bare), /refused this node's cluster secret/);
  assert.ok(seed.logs.some((l) => /Refused peer call from .*missing cluster secret/.test(l)));
  await assert.rejects(
    fetchClusterView(seed.config.cluster.grpc_advertise_address),
    /UNAUTHENTICATED: Invalid cluster secret/,
  );
});

Deno.test("Cluster: a restarted node restores its peers, bumps its incarnation and refuses QUORUM alone", async () => {
  await using scope = new Scope();
  const [n1, n2, n3] = await threeNodes(scope);
  const incarnation = n1!.cluster.members()[0]!.incarnation;
  await Promise.all([n1, n2, n3].map((n) => n!.cluster.close()));
  const again = await startRetrying(
    scope,
    nodeConfig(1, n1!.config.data_dir, [], n1!.config.cluster.grpc_port),
  );
  const members = again.cluster.members();
  // No ALIVE peer to catch up from: promoted at once, but the peers still count for quorum.
  assert.equal(statuses(members), "1:ALIVE 2:SUSPECT 3:SUSPECT");
  assert.equal(members[0]!.incarnation, incarnation + 2); // restart, promotion
  assert.throws(
    () => again.cluster.writeTargets("QUORUM"),
    /QUORUM needs 2 of 3 nodes but only 1 reachable/,
  );
  assert.equal(again.cluster.writeTargets("ONE").required, 1);
});

Deno.test("Cluster: a joining node waits for the promotion gate", async () => {
  await using scope = new Scope();
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  let caughtUp = false;
  const joiner = await scope.start(
    nodeConfig(2, await scope.dir(), [seed.config.cluster.grpc_advertise_address]),
    { promotionGate: () => caughtUp },
  );
  await waitFor("seed ALIVE on the joiner", () => joiner.cluster.members()[0]!.status === "ALIVE");
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(seed.cluster.members()[1]!.status, "JOINING");
  caughtUp = true;
  await waitFor("node 2 ALIVE on the seed", () => seed.cluster.members()[1]!.status === "ALIVE");
});

Deno.test("Cluster: a node whose seed is down at start joins when the seed comes up", async () => {
  await using scope = new Scope();
  const seedConfig = nodeConfig(1, await scope.dir(), []);
  const joiner = await scope.start(
    nodeConfig(2, await scope.dir(), [seedConfig.cluster.grpc_advertise_address]),
  );
  assert.equal(statuses(joiner.cluster.members()), "2:JOINING");
  assert.throws(
    () => joiner.cluster.writeTargets("QUORUM"),
    /seed nodes configured but knows no other member/,
  );
  const seed = await scope.start(seedConfig);
  await waitFor("both ALIVE", () =>
    statuses(seed.cluster.members()) === "1:ALIVE 2:ALIVE" &&
    statuses(joiner.cluster.members()) === "1:ALIVE 2:ALIVE");
});

Deno.test("startClusterOrExit logs a refused join and exits with 3, a taken port with 1", async () => {
  await using scope = new Scope();
  const seed = await scope.start(nodeConfig(1, await scope.dir(), []));
  const exits: number[] = [];
  const logs: string[] = [];
  const logger = createLogger(seed.config.logging, { destination: { write: (l) => logs.push(l) } });
  const exit = (code: number): never => {
    exits.push(code);
    throw new Error("exited");
  };
  const duplicate = nodeConfig(1, await scope.dir(), [seed.config.cluster.grpc_advertise_address]);
  await assert.rejects(startClusterOrExit(duplicate, logger, { exit }), /exited/);
  const taken = nodeConfig(2, await scope.dir(), [], seed.config.cluster.grpc_port);
  await assert.rejects(startClusterOrExit(taken, logger, { exit }), /exited/);
  assert.deepEqual(exits, [3, 1]);
  const fatal = logs.filter((l) => l.includes('"level":60'));
  assert.equal(fatal.length, 2);
  assert.match(fatal[0]!, /Node id 1 is already used by the seed itself/);
  assert.match(fatal[1]!, /Cannot listen for peers on 127\.0\.0\.1:\d+/);
});
