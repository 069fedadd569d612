/**
 * Starts a real cluster for a test: n node processes on free ports, 127.0.0.1 bind and
 * advertise addresses, node ids 1..n, node 1 the seed of the others, fast gossip settings,
 * and waits until every node sees all n ALIVE (asked over GetClusterNodes). Use
 * `await using cluster = await startCluster(3)`: every node is killed and every data dir
 * removed at scope end.
 */
import {
  type ClusterView,
  fetchClusterView,
  type NodeStatus,
  viewClients,
} from "../../src/cluster/mod.ts";
import type { PeerClients } from "../../src/cluster/peer_clients.ts";
import { freePort } from "./free_port.ts";
import { type NodeExit, type NodeHandle, startNode } from "./start_node.ts";

/** The secret test clusters use unless told otherwise. */
export const TEST_CLUSTER_SECRET = "test-cluster-secret";

/** Options for `startCluster`. */
export interface StartClusterOptions {
  /** Default `TEST_CLUSTER_SECRET`. */
  secret?: string;
  /** Default 200. */
  gossipIntervalMs?: number;
  /** Default 3000 (long enough that a node starved of CPU by a loaded test run is not suspected). */
  suspectTimeoutMs?: number;
  /** Default 6000. */
  deadTimeoutMs?: number;
  /**
   * More TOML for every node's config file (or per node id). Must not repeat the
   * `[cluster]` or `[cluster.promotion]` tables, which the harness writes.
   */
  config?: string | ((nodeId: number) => string);
  /** More command-line arguments for every node. */
  args?: string[];
  env?: Record<string, string>;
  /** How long to wait for all nodes to see each other ALIVE; default 30000 ms. */
  timeoutMs?: number;
}

/** Options for `ClusterHandle.addNode`. */
export interface AddNodeOptions {
  /** Default the cluster's secret. */
  secret?: string;
  /** Wait until every running node sees the new one ALIVE; default true. */
  waitAlive?: boolean;
}

/** A node of a test cluster. */
export interface ClusterNodeHandle extends NodeHandle {
  readonly nodeId: number;
  /** "127.0.0.1:<grpc port>". */
  readonly grpcAddress: string;
  /** This node's view of the cluster (GetClusterNodes with the cluster secret). */
  view(): Promise<ClusterView>;
}

/** A running test cluster. */
export interface ClusterHandle extends AsyncDisposable {
  /** The current process of each node, in node id order. */
  readonly nodes: readonly ClusterNodeHandle[];
  /** The current process of node `nodeId`. */
  node(nodeId: number): ClusterNodeHandle;
  /**
   * Starts node `nodeId` again on its data dir and ports (after a kill or stop); waits until
   * it and the running nodes see it ALIVE unless `waitAlive` is false.
   */
  restart(nodeId: number, options?: { waitAlive?: boolean }): Promise<ClusterNodeHandle>;
  /**
   * Starts one more node (id `nodeId`, seed node 1); a node that cannot join (wrong secret,
   * duplicate id) makes this throw with its output, as `startNode` does.
   */
  addNode(nodeId: number, options?: AddNodeOptions): Promise<ClusterNodeHandle>;
  /**
   * Polls `observer`'s view until `check` holds; returns that view.
   * @throws {Error} naming `what`, with the last view, after `timeoutMs` (default 15000)
   */
  waitForView(
    observer: number,
    what: string,
    check: (view: ClusterView) => boolean,
    timeoutMs?: number,
  ): Promise<ClusterView>;
  /** Waits until `observer` sees node `target` in `status`. */
  waitForStatus(
    observer: number,
    target: number,
    status: NodeStatus,
    timeoutMs?: number,
  ): Promise<ClusterView>;
}

interface _NodeSlot {
  nodeId: number;
  grpcPort: number;
  mysqlPort: number;
  dataDir: string;
  configFile: string;
  handle: _ClusterNode | undefined;
}

class _ClusterNode implements ClusterNodeHandle {
  readonly #inner: NodeHandle;
  readonly #secret: string;
  readonly #views: PeerClients;
  /** False once the harness stopped or killed it. */
  running = true;

  constructor(readonly nodeId: number, inner: NodeHandle, secret: string, views: PeerClients) {
    this.#inner = inner;
    this.#secret = secret;
    this.#views = views;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.#inner.grpcPort}`;
  }
  get mysqlPort(): number {
    return this.#inner.mysqlPort;
  }
  get grpcPort(): number {
    return this.#inner.grpcPort;
  }
  get dataDir(): string {
    return this.#inner.dataDir;
  }
  get pid(): number {
    return this.#inner.pid;
  }
  view(): Promise<ClusterView> {
    return fetchClusterView(this.grpcAddress, { secret: this.#secret, clients: this.#views });
  }
  stop(signal?: Deno.Signal, options?: { timeoutMs?: number }): Promise<NodeExit> {
    this.running = false;
    return this.#inner.stop(signal, options);
  }
  kill(): Promise<NodeExit> {
    this.running = false;
    return this.#inner.kill();
  }
  logs(): string {
    return this.#inner.logs();
  }
  get exited(): boolean {
    return this.#inner.exited;
  }
  cleanup(): Promise<void> {
    // A node that died without the harness stopping it: show why in the test's output.
    if (this.running && this.#inner.exited) {
      console.error(
        `--- node ${this.nodeId} exited on its own; its last output ---\n` +
          this.#inner.logs().split("\n").slice(-40).join("\n"),
      );
    }
    this.running = false;
    return this.#inner.cleanup();
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#inner[Symbol.asyncDispose]();
  }
}

function _clusterToml(slot: _NodeSlot, seeds: string[], secret: string, o: StartClusterOptions) {
  const extra = typeof o.config === "function" ? o.config(slot.nodeId) : o.config ?? "";
  return `${extra}
[cluster]
grpc_bind_address = "127.0.0.1"
grpc_advertise_address = "127.0.0.1:${slot.grpcPort}"
seed_nodes = ${JSON.stringify(seeds)}
cluster_secret = ${JSON.stringify(secret)}
gossip_interval_ms = ${o.gossipIntervalMs ?? 200}
suspect_timeout_ms = ${o.suspectTimeoutMs ?? 3000}
dead_timeout_ms = ${o.deadTimeoutMs ?? 6000}

[cluster.promotion]
check_interval_seconds = 1
min_healthy_duration_sec = 0
`;
}

class _Cluster implements ClusterHandle {
  readonly #slots = new Map<number, _NodeSlot>();
  readonly #options: StartClusterOptions;
  readonly #secret: string;
  readonly #dirs: string[] = [];
  readonly #extra: ClusterNodeHandle[] = [];
  /** Channels the views are polled over, one set per secret, kept open until the end:
   * closing channels to running nodes sends GOAWAYs Deno's HTTP/2 can abort on. */
  readonly #views = new Map<string, PeerClients>();

  constructor(options: StartClusterOptions) {
    this.#options = options;
    this.#secret = options.secret ?? TEST_CLUSTER_SECRET;
  }

  get nodes(): ClusterNodeHandle[] {
    return [...this.#slots.values()]
      .sort((a, b) => a.nodeId - b.nodeId)
      .flatMap((s) => s.handle ? [s.handle] : []);
  }

  node(nodeId: number): ClusterNodeHandle {
    const handle = this.#slots.get(nodeId)?.handle;
    if (!handle) throw new Error(`No node ${nodeId} in this test cluster`);
    return handle;
  }

  /**
   * Creates a slot (ports, data dir, config file; seed node 1 unless it is node 1 itself)
   * and starts its process. An unregistered node (a second process under a taken id) is
   * only cleaned up at the end.
   */
  async launch(nodeId: number, secret = this.#secret, register = true) {
    const dir = await Deno.makeTempDir({ prefix: `marmot-cluster-${nodeId}-` });
    this.#dirs.push(dir);
    const slot: _NodeSlot = {
      nodeId,
      grpcPort: freePort(),
      mysqlPort: freePort(),
      dataDir: `${dir}/data`,
      configFile: `${dir}/config.toml`,
      handle: undefined,
    };
    const seed = this.#slots.get(1);
    const seeds = seed && seed !== slot ? [`127.0.0.1:${seed.grpcPort}`] : [];
    await Deno.writeTextFile(slot.configFile, _clusterToml(slot, seeds, secret, this.#options));
    const handle = await this.#start(slot, secret);
    if (register) this.#slots.set(nodeId, slot);
    else this.#extra.push(handle);
    return handle;
  }

  async #start(slot: _NodeSlot, secret = this.#secret): Promise<_ClusterNode> {
    const inner = await startNode({
      dataDir: slot.dataDir,
      mysqlPort: slot.mysqlPort,
      grpcPort: slot.grpcPort,
      nodeId: slot.nodeId,
      configFile: slot.configFile,
      args: this.#options.args,
      env: this.#options.env,
    });
    let views = this.#views.get(secret);
    if (views === undefined) this.#views.set(secret, views = viewClients(secret));
    slot.handle = new _ClusterNode(slot.nodeId, inner, secret, views);
    return slot.handle;
  }

  async restart(nodeId: number, options: { waitAlive?: boolean } = {}) {
    const slot = this.#slots.get(nodeId);
    if (!slot) throw new Error(`No node ${nodeId} in this test cluster`);
    await slot.handle?.kill();
    const handle = await this.#start(slot);
    if (options.waitAlive ?? true) await this.waitAllAlive();
    return handle;
  }

  async addNode(nodeId: number, options: AddNodeOptions = {}): Promise<ClusterNodeHandle> {
    const taken = this.#slots.has(nodeId);
    const handle = await this.launch(nodeId, options.secret ?? this.#secret, !taken);
    if (!taken && (options.waitAlive ?? true)) await this.waitAllAlive();
    return handle;
  }

  /** Until every running node sees every running node ALIVE. */
  async waitAllAlive(timeoutMs = this.#options.timeoutMs ?? 30000) {
    const running = [...this.#slots.values()].flatMap((s) => s.handle?.running ? [s.handle] : []);
    const want = running.map((n) => n.nodeId);
    await Promise.all(running.map((n) =>
      this.waitForView(
        n.nodeId,
        `nodes ${want.join(", ")} ALIVE`,
        (view) =>
          want.every((id) => view.nodes.some((m) => m.nodeId === id && m.status === "ALIVE")),
        timeoutMs,
      )
    ));
  }

  async waitForView(
    observer: number,
    what: string,
    check: (view: ClusterView) => boolean,
    timeoutMs = 15000,
  ): Promise<ClusterView> {
    const deadline = Date.now() + timeoutMs;
    let last: ClusterView | Error | undefined;
    for (;;) {
      try {
        last = await this.node(observer).view();
        if (check(last)) return last;
      } catch (error) {
        last = error as Error;
      }
      if (Date.now() > deadline) {
        const seen = last instanceof Error
          ? last.message
          : last?.nodes.map((m) => `${m.nodeId}:${m.status}@${m.incarnation}`).join(" ");
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for node ${observer} to see ${what}; ` +
            `last view: ${seen}\n--- node ${observer} output ---\n` +
            this.node(observer).logs().split("\n").slice(-30).join("\n"),
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  waitForStatus(observer: number, target: number, status: NodeStatus, timeoutMs?: number) {
    return this.waitForView(
      observer,
      `node ${target} ${status}`,
      (view) => view.nodes.some((m) => m.nodeId === target && m.status === status),
      timeoutMs,
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Promise.all([...this.nodes, ...this.#extra].map((n) => n.cleanup()));
    for (const views of this.#views.values()) views.close(); // the nodes are gone by now
    for (const dir of this.#dirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Starts `n` nodes (ids 1..n, node 1 the seed) and waits until each sees all n ALIVE.
 * @throws {Error} when a node fails to start or the cluster does not converge in time
 */
export async function startCluster(
  n: number,
  options: StartClusterOptions = {},
): Promise<ClusterHandle> {
  const cluster = new _Cluster(options);
  try {
    await cluster.launch(1);
    await Promise.all(Array.from({ length: n - 1 }, (_, i) => cluster.launch(i + 2)));
    await cluster.waitAllAlive();
  } catch (error) {
    await cluster[Symbol.asyncDispose]();
    throw error;
  }
  return cluster;
}
