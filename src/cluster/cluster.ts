/**
 * One node's membership in the cluster: wires the registry, its persistence, the peer gRPC
 * server and clients, gossip, the failure detector, join and promotion, and offers the
 * `Cluster` interface the replication layer codes against.
 */
import type { Config, Logger } from "../config/mod.ts";
import { JoinRefusedError, QuorumUnavailableError } from "./errors.ts";
import { Gossiper } from "./gossip.ts";
import { joinCluster } from "./join.ts";
import { MembershipStore, type PersistedMembership } from "./membership_store.ts";
import type { Consistency, NodeInfo, NodeStatus, WriteTargets } from "./node_info.ts";
import { PeerClients } from "./peer_clients.ts";
import { BatchedPeerRpc, type PeerRpc } from "./peer_rpc.ts";
import { PeerServer } from "./peer_server.ts";
import { PeerStreamDialer, PeerStreamServer } from "./peer_stream.ts";
import { PromotionChecker } from "./promotion.ts";
import type {
  GetClusterNodesResponse,
  JoinRequest,
  JoinResponse,
  PingRequest,
  PingResponse,
} from "./proto.ts";
import { toWire } from "./proto.ts";
import { requiredAcks, writeTargets } from "./quorum.ts";
import { Registry, type RegistryChange } from "./registry.ts";

/** The failure detector's tick (reference §3.3). */
const FAILURE_CHECK_INTERVAL_MS = 1000;
/** How long `leave()` waits for peers to take the LEAVING record. */
const LEAVE_BROADCAST_TIMEOUT_MS = 1000;
/** How long `close()` waits for peers to drop their connections before releasing the port. */
const SERVER_RELEASE_WAIT_MS = 300;
/** How often a node that reached no seed at start asks them again. */
const JOIN_RETRY_INTERVAL_MS = 2000;
/** Bound of the Ping that asks a peer for its plain stream port before a stream opens. */
const PORT_QUESTION_TIMEOUT_MS = 2000;

const LEVELS: readonly Consistency[] = ["ONE", "QUORUM", "ALL"];

/** This node's view of the cluster and its link to the other nodes. */
export interface Cluster {
  readonly nodeId: number;
  readonly rpc: PeerRpc;
  /** Every known node, self included, ordered by id. */
  members(): NodeInfo[];
  /**
   * Who a write at `level` goes to.
   * @throws {QuorumUnavailableError} when too few members are reachable for `level`
   */
  writeTargets(level: Consistency): WriteTargets;
  /** This node's per-database schema versions, gossiped to peers. */
  setSchemaVersions(versions: Record<string, number>): void;
  /** Called with the members after every change of membership or schema versions. */
  onMembershipChange(listener: (members: NodeInfo[]) => void): void;
  /** Marks this node LEAVING (incarnation + 1) and tells every peer at once. */
  leave(): Promise<void>;
  /**
   * Stops gossip, fails outstanding calls and refuses peers' calls; the peer port is
   * released once peers have dropped their connections (or when the process exits).
   * `keepChannels`: leave the channels to peers open, for a process about to exit: closing
   * them sends each peer an HTTP/2 GOAWAY, and Deno 2.9's HTTP/2 can abort on one
   * (denoland/deno#36788); an exiting process's sockets just end, as in a crash.
   */
  close(options?: { keepChannels?: boolean }): Promise<void>;
}

/** Options for `startCluster`. */
export interface StartClusterOptions {
  /** Whether this JOINING node has caught up and may become ALIVE; default always. */
  promotionGate?: () => boolean;
}

/**
 * Starts this node's part of the cluster: restores the persisted membership, serves peer RPC
 * on `[cluster] grpc_bind_address:grpc_port`, joins through the seeds and starts gossip.
 * A node without seeds and without persisted peers is a one-node cluster, ALIVE at once.
 * @throws {JoinRefusedError} when a seed refuses this node (duplicate id, removed, secret)
 * @throws {Error} when the peer port cannot be bound or the membership file is unreadable
 */
export async function startCluster(
  config: Config,
  logger: Logger,
  options: StartClusterOptions = {},
): Promise<Cluster> {
  const cluster = new _Cluster(config, logger.child({ component: "cluster" }), options);
  try {
    await cluster.start();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

class _Cluster implements Cluster {
  readonly nodeId: number;
  readonly rpc: BatchedPeerRpc;
  readonly #config: Config;
  readonly #logger: Logger;
  readonly #store: MembershipStore;
  readonly #registry: Registry;
  readonly #clients: PeerClients;
  readonly #server: PeerServer;
  /** Plain Replicate streams (null: `peer_stream_port = -1`). */
  readonly #streams: PeerStreamServer | null;
  readonly #dialer: PeerStreamDialer;
  readonly #gossiper: Gossiper;
  readonly #promotion: PromotionChecker;
  readonly #seeds: string[];
  readonly #listeners: Array<(members: NodeInfo[]) => void> = [];
  #detector: ReturnType<typeof setInterval> | undefined;
  #joinRetry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(config: Config, logger: Logger, options: StartClusterOptions) {
    const c = config.cluster;
    this.nodeId = config.node_id;
    this.#config = config;
    this.#logger = logger;
    this.#seeds = c.seed_nodes.filter((s) => s !== c.grpc_advertise_address);
    Deno.mkdirSync(config.data_dir, { recursive: true });
    this.#store = new MembershipStore(config.data_dir);
    const restored = this.#restore(this.#store.load());
    this.#registry = new Registry(restored.self, restored.peers, {
      suspectTimeoutMs: c.suspect_timeout_ms,
      deadTimeoutMs: c.dead_timeout_ms,
      checkIntervalMs: FAILURE_CHECK_INTERVAL_MS,
    });
    this.#clients = new PeerClients({
      selfNodeId: this.nodeId,
      secret: c.cluster_secret,
      keepaliveTimeMs: config.grpc_client.keepalive_time_seconds * 1000,
      keepaliveTimeoutMs: config.grpc_client.keepalive_timeout_seconds * 1000,
    });
    const openGrpc = (address: string) =>
      this.#clients.get(address).Replicate(this.#clients.metadata());
    this.#dialer = new PeerStreamDialer({
      selfNodeId: this.nodeId,
      secret: c.cluster_secret,
      logger,
      askPort: async (address) => {
        if (c.peer_stream_port < 0) return 0;
        const pong = await this.#clients.unary<PingRequest, PingResponse>(
          address,
          "Ping",
          { source_node_id: this.nodeId },
          PORT_QUESTION_TIMEOUT_MS,
        );
        return pong.peer_stream_port ?? 0;
      },
      openGrpc,
    });
    this.rpc = new BatchedPeerRpc({
      selfNodeId: this.nodeId,
      resolve: (id) => {
        const node = this.#registry.get(id);
        return node && node.status !== "REMOVED" ? node.address : undefined;
      },
      openStream: (address) => this.#dialer.open(address),
      onContact: (id) => this.#registry.touch(id),
      partBytes: config.replication.stream_chunk_size_kb * 1024,
    });
    this.#gossiper = new Gossiper({
      registry: this.#registry,
      clients: this.#clients,
      intervalMs: c.gossip_interval_ms,
      fanout: c.gossip_fanout,
      logger,
    });
    this.#promotion = new PromotionChecker({
      registry: this.#registry,
      gate: options.promotionGate,
      isolated: () => this.#isolated(),
      checkIntervalMs: c.promotion.check_interval_seconds * 1000,
      minHealthyMs: c.promotion.min_healthy_duration_sec * 1000,
      onPromoted: () => void this.#gossiper.broadcast(),
      logger,
    });
    this.#server = new PeerServer({
      host: c.grpc_bind_address,
      port: c.grpc_port,
      secret: c.cluster_secret,
      logger,
      handlers: {
        gossip: (req) => this.#gossiper.handle(req),
        join: (req) => this.#admit(req),
        ping: (req) => {
          this.#registry.touch(req.source_node_id);
          return {
            node_id: this.nodeId,
            status: this.#registry.self.status,
            peer_stream_port: this.#streams?.port ?? 0,
          };
        },
        getClusterNodes: () => this.#view(),
        replicate: (stream, from) => this.rpc.serve(stream, from),
      },
    });
    this.#streams = c.peer_stream_port < 0 ? null : new PeerStreamServer({
      host: c.grpc_bind_address,
      port: c.peer_stream_port,
      secret: c.cluster_secret,
      logger,
      onStream: (stream, from) => this.rpc.serve(stream, from),
      onRefused: (peer, claimed, reason) =>
        this.#server.noteRefusal(peer, claimed === undefined ? undefined : String(claimed), reason),
    });
    this.#registry.onChange((changes) => this.#changed(changes));
    this.#store.save(this.nodeId, this.#registry.members());
  }

  async start(): Promise<void> {
    const c = this.#config.cluster;
    await this.#server.start();
    const streamPort = this.#streams?.start();
    if (c.cluster_secret === "") {
      this.#logger.warn("cluster_secret is empty: peer RPC is not authenticated");
    }
    const self = this.#registry.self;
    this.#logger.info(
      { address: self.address, status: self.status, incarnation: self.incarnation },
      `Cluster node ${this.nodeId} listening for peers on ${c.grpc_bind_address}:${c.grpc_port}` +
        (streamPort ? ` (plain stream port ${streamPort})` : ""),
    );
    if (this.#seeds.length > 0 && !(await this.#join([5000, 10000, 15000]))) {
      this.#logger.warn(
        { seeds: this.#seeds },
        "No seed node reachable: running alone for now and asking the seeds again",
      );
      this.#scheduleJoinRetry();
    }
    this.#gossiper.start();
    this.#gossiper.round();
    this.#detector = setInterval(() => this.#registry.detectFailures(), FAILURE_CHECK_INTERVAL_MS);
    this.#promotion.start();
    this.#promotion.check();
  }

  members(): NodeInfo[] {
    return this.#registry.members();
  }

  writeTargets(level: Consistency): WriteTargets {
    return writeTargets(this.#registry.members(), this.nodeId, level, {
      isolated: this.#isolated(),
    });
  }

  /** Seeds configured but no other member known: maybe cut off from an existing cluster. */
  #isolated(): boolean {
    return this.#seeds.length > 0 && this.#registry.size === 1;
  }

  setSchemaVersions(versions: Record<string, number>): void {
    this.#registry.setSelfSchemaVersions(versions);
  }

  onMembershipChange(listener: (members: NodeInfo[]) => void): void {
    this.#listeners.push(listener);
  }

  async leave(): Promise<void> {
    if (this.#closed || this.#registry.self.status === "LEAVING") return;
    this.#registry.setSelfStatus("LEAVING", { bumpIncarnation: true });
    await this.#gossiper.broadcast(LEAVE_BROADCAST_TIMEOUT_MS);
  }

  async close(options: { keepChannels?: boolean } = {}): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      clearInterval(this.#detector);
      clearTimeout(this.#joinRetry);
      this.#gossiper.stop();
      this.#promotion.stop();
      this.rpc.close();
      this.#streams?.close();
      if (!options.keepChannels) this.#clients.close();
    }
    await this.#server.close(SERVER_RELEASE_WAIT_MS);
  }

  /** Self and peers from the membership file (reference §3.5). */
  #restore(persisted: PersistedMembership | undefined): { self: NodeInfo; peers: NodeInfo[] } {
    const c = this.#config.cluster;
    let nodes = persisted?.nodes ?? [];
    if (persisted && persisted.selfNodeId !== this.nodeId) {
      this.#logger.warn(
        { previous: persisted.selfNodeId },
        `node_id changed from ${persisted.selfNodeId} to ${this.nodeId}: the old id is forgotten`,
      );
      nodes = nodes.filter((n) => n.nodeId !== persisted.selfNodeId);
    }
    const previousSelf = nodes.find((n) => n.nodeId === this.nodeId);
    const peers = nodes
      .filter((n) => n.nodeId !== this.nodeId)
      .map((n): NodeInfo => ({
        ...n,
        // Peers count for quorum but are not reachable until heard from.
        status: n.status === "REMOVED" || n.status === "LEAVING" ? n.status : "SUSPECT",
      }));
    const alone = this.#seeds.length === 0 && peers.length === 0;
    const self: NodeInfo = {
      nodeId: this.nodeId,
      address: c.grpc_advertise_address,
      status: alone ? "ALIVE" : "JOINING",
      incarnation: previousSelf ? previousSelf.incarnation + 1 : 0,
      schemaVersions: {},
    };
    return { self, peers };
  }

  /** Joins through the seeds; false when none answered. */
  async #join(timeoutsMs: number[]): Promise<boolean> {
    const self = this.#registry.self;
    const request: JoinRequest = {
      node_id: this.nodeId,
      address: self.address,
      incarnation: self.incarnation,
    };
    const nodes = await joinCluster(this.#seeds, request, {
      clients: this.#clients,
      logger: this.#logger,
      attemptTimeoutsMs: timeoutsMs,
      cancelled: () => this.#closed,
    });
    if (!nodes) return false;
    this.#registry.merge(nodes);
    for (const node of nodes) {
      if (this.#seeds.includes(node.address)) this.#registry.touch(node.nodeId);
    }
    this.#logger.info({ members: nodes.length }, "Joined the cluster");
    return true;
  }

  /** Asks the seeds again until one answers or a peer finds us first. */
  #scheduleJoinRetry(): void {
    this.#joinRetry = setTimeout(async () => {
      if (this.#closed) return;
      const found = this.#registry.members().some((m) =>
        m.nodeId !== this.nodeId && m.status === "ALIVE"
      );
      try {
        if (found || await this.#join([JOIN_RETRY_INTERVAL_MS])) return;
      } catch (error) {
        if (!(error instanceof JoinRefusedError)) throw error;
        this.#logger.error(error.message);
        return;
      }
      this.#scheduleJoinRetry();
    }, JOIN_RETRY_INTERVAL_MS);
  }

  /** Seed side of Join. */
  #admit(request: JoinRequest): JoinResponse {
    const refusal = this.#registry.admitJoiner(
      request.node_id,
      request.address,
      request.incarnation,
    );
    if (refusal) {
      this.#logger.warn({ nodeId: request.node_id, address: request.address }, refusal);
      return { success: false, cluster_nodes: [], error_message: refusal };
    }
    this.#logger.info({ nodeId: request.node_id, address: request.address }, "Node joining");
    return {
      success: true,
      cluster_nodes: this.#registry.gossip().map(toWire),
      error_message: "",
    };
  }

  /** The read-only view GetClusterNodes answers. */
  #view(): GetClusterNodesResponse {
    const members = this.#registry.members();
    return {
      nodes: members.map(toWire),
      self_node_id: this.nodeId,
      write_availability: LEVELS.map((level) => {
        const { total, required } = requiredAcks(members, level);
        try {
          this.writeTargets(level);
          return { level, available: true, required, total, error_message: "" };
        } catch (error) {
          if (!(error instanceof QuorumUnavailableError)) throw error;
          return { level, available: false, required, total, error_message: error.message };
        }
      }),
    };
  }

  #changed(changes: RegistryChange[]): void {
    for (const { before, after } of changes) {
      if (before?.status === after.status) continue;
      // A DEAD peer's channel stays open (grpc-js reconnects on its own): closing it sends an
      // HTTP/2 GOAWAY, and a peer that was only paused (SIGSTOP, a long GC) then receives it,
      // which Deno 2.9's HTTP/2 can abort on (denoland/deno#36788, see DESIGN.md).
      this.#logStatus(after.nodeId, before?.status, after);
    }
    this.#store.save(this.nodeId, this.#registry.members());
    if (this.#listeners.length === 0) return;
    const members = this.#registry.members();
    for (const listener of this.#listeners) {
      try {
        listener(members);
      } catch (error) {
        this.#logger.error({ err: (error as Error).message }, "Membership listener failed");
      }
    }
  }

  #logStatus(nodeId: number, from: NodeStatus | undefined, after: NodeInfo): void {
    const fields = { nodeId, from, to: after.status, incarnation: after.incarnation };
    if (nodeId === this.nodeId && from !== undefined && after.status === "LEAVING") {
      this.#logger.warn(fields, "This node is LEAVING the cluster");
    } else if (from === undefined) {
      this.#logger.info({ ...fields, address: after.address }, `Node ${nodeId} is ${after.status}`);
    } else {
      this.#logger.info(fields, `Node ${nodeId}: ${from} -> ${after.status}`);
    }
  }
}
