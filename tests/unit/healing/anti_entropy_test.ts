/**
 * Anti-entropy rounds of node 1 against the real log servers of nodes 2 and 3, each node a
 * real data dir and registry in this process. Peer calls go through an in-process hub so a
 * test can act between two calls of a round (as a replicated DROP DATABASE does).
 */
import assert from "node:assert/strict";
import type { Cluster, PeerHandler, PeerRpc } from "../../../src/cluster/mod.ts";
import type { NodeInfo } from "../../../src/cluster/node_info.ts";
import { AntiEntropy } from "../../../src/healing/anti_entropy.ts";
import { ConsumedPositions } from "../../../src/healing/log_gc.ts";
import { registerLogServer } from "../../../src/healing/log_server.ts";
import { LOG_LIST } from "../../../src/healing/log_messages.ts";
import { decodeMessage } from "../../../src/storage/committed_txn.ts";
import { fill, makeNode, quietLogger, type TestNode } from "./snapshot_fixture.ts";

/** Routes each node's calls to the handlers the called node registered. */
class Hub {
  readonly #handlers = new Map<number, Map<string, PeerHandler>>();
  /** Runs before each call is handled. */
  beforeCall: (from: number, to: number, kind: string, body: Uint8Array) => void = () => {};

  rpc(nodeId: number): PeerRpc {
    const own = new Map<string, PeerHandler>();
    this.#handlers.set(nodeId, own);
    return {
      call: async (to, kind, body) => {
        this.beforeCall(nodeId, to, kind, body);
        const handler = this.#handlers.get(to)?.get(kind);
        if (handler === undefined) throw new Error(`node ${to} does not handle ${kind}`);
        return await handler(body, nodeId);
      },
      handle: (kind, handler) => void own.set(kind, handler),
    };
  }
}

interface Trio extends AsyncDisposable {
  hub: Hub;
  nodes: TestNode[];
  antiEntropy: AntiEntropy;
  logs: string[];
}

/** Nodes 1-3 ALIVE; 2 and 3 serve their logs; node 1 runs the rounds. */
function trio(): Trio {
  const hub = new Hub();
  const nodes = [1, 2, 3].map((id) => makeNode(`marmot-ae-${id}-`));
  const rpcs = [1, 2, 3].map((id) => hub.rpc(id));
  for (const i of [1, 2]) registerLogServer(rpcs[i]!, nodes[i]!.registry, new ConsumedPositions());
  const members: NodeInfo[] = [1, 2, 3].map((nodeId) => ({
    nodeId,
    address: `node${nodeId}`,
    status: "ALIVE",
    incarnation: 1,
    schemaVersions: {},
  }));
  const cluster = { nodeId: 1, rpc: rpcs[0]!, members: () => members } as unknown as Cluster;
  const logs: string[] = [];
  const antiEntropy = new AntiEntropy({
    cluster,
    registry: nodes[0]!.registry,
    logger: quietLogger(logs),
    intervalMs: 60_000,
    timeoutMs: 5_000,
    snapshotThreshold: 1_000_000,
  });
  return {
    hub,
    nodes,
    antiEntropy,
    logs,
    [Symbol.asyncDispose]: async () => {
      antiEntropy.close();
      for (const n of nodes) {
        n.registry.close();
        await Deno.remove(n.dataDir, { recursive: true });
      }
    },
  };
}

Deno.test("a DROP DATABASE landing between two peers' pulls of it ends neither the round nor the process", async () => {
  await using t = trio();
  for (const n of t.nodes) {
    assert.equal(n.registry.create("aaa", 1), true);
    fill(n.registry.get("aaa"), 3, { rowBytes: 10, perTxn: 1, node: 2 });
  }
  // While node 2 answers for `aaa`, the database is dropped on node 1.
  t.hub.beforeCall = (_from, to, kind, body) => {
    const database = decodeMessage<{ database?: string }>(body).database;
    if (to === 2 && kind === LOG_LIST && database === "aaa") t.nodes[0]!.registry.drop("aaa", 2);
  };
  await t.antiEntropy.runRound();
  assert.equal(t.nodes[0]!.registry.has("aaa"), false);
  assert.doesNotMatch(t.logs.join("\n"), /Anti-entropy round failed/);
});

Deno.test("a peer's log of another incarnation of a database is not pulled", async () => {
  await using t = trio();
  // Nodes 1 and 3: `shop` dropped and created again (generation 3) with an empty table `t`.
  // Node 2 still holds generation 1, with three commits to a table `t` of the same shape.
  for (const i of [0, 2]) {
    t.nodes[i]!.registry.create("shop", 3);
    fill(t.nodes[i]!.registry.get("shop"), 0);
  }
  t.nodes[1]!.registry.create("shop", 1);
  fill(t.nodes[1]!.registry.get("shop"), 3, { rowBytes: 10, perTxn: 1, node: 2 });
  await t.antiEntropy.runRound();
  const rows = t.nodes[0]!.registry.get("shop").reader.db
    .prepare("SELECT count(*) AS n FROM t").get() as { n: number };
  assert.equal(rows.n, 0, "node 2's rows of the dropped incarnation reached the new database");
  assert.equal(t.nodes[0]!.registry.generation("shop"), 3);
});
