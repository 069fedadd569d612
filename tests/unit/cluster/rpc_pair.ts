/**
 * Two peers in one process for PeerRpc tests: each a real gRPC PeerServer on a free port and
 * a BatchedPeerRpc, with counters of the envelopes each side writes. With `transport:
 * "stream"` each also has a plain PeerStreamServer, told in its Ping answers, and dials its
 * Replicate streams as a Cluster does (PeerStreamDialer).
 */
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger, type Logger } from "../../../src/config/logger.ts";
import { PeerClients } from "../../../src/cluster/peer_clients.ts";
import { BatchedPeerRpc } from "../../../src/cluster/peer_rpc.ts";
import { type EnvelopeStream, type OutboundEnvelopeStream } from "../../../src/cluster/peer_rpc.ts";
import { PeerServer } from "../../../src/cluster/peer_server.ts";
import { PeerStreamDialer, PeerStreamServer } from "../../../src/cluster/peer_stream.ts";
import type { PingRequest, PingResponse, WireEnvelope } from "../../../src/cluster/proto.ts";

/** One side of the pair. */
export interface TestPeer {
  nodeId: number;
  rpc: BatchedPeerRpc;
  address: string;
  /** Frame counts of the request envelopes this side sent. */
  requestEnvelopes: number[];
  /** Frame counts of the reply envelopes this side's server sent. */
  replyEnvelopes: number[];
  /** How each Replicate stream this side's servers accepted travelled. */
  served: Array<"grpc" | "stream">;
  /** Node ids this side heard from. */
  contacts: number[];
  logs: string[];
  /** Ends served streams, fails outstanding calls and stops serving (as `Cluster.close`). */
  close(): Promise<void>;
}

export interface RpcPairOptions {
  secrets?: [string, string];
  maxOutstanding?: number;
  /** Address overrides by node id (e.g. an unreachable one). */
  addresses?: Record<number, string>;
  /** How Replicate streams travel (default "grpc"). */
  transport?: "grpc" | "stream";
}

/** Counts the frames of each envelope written to `stream`. */
function counted<S extends EnvelopeStream>(stream: S, counts: number[]): S {
  const write = stream.write.bind(stream);
  stream.write = (envelope: WireEnvelope) => {
    counts.push(envelope.frames.length);
    return write(envelope);
  };
  return stream;
}

function captureLogger(lines: string[]): Logger {
  return createLogger(defaultConfig().logging, { destination: { write: (l) => lines.push(l) } });
}

async function makePeer(
  nodeId: number,
  secret: string,
  resolve: (id: number) => string | undefined,
  options: RpcPairOptions,
): Promise<TestPeer & { port: number }> {
  const logs: string[] = [];
  const logger = captureLogger(logs);
  const requestEnvelopes: number[] = [];
  const replyEnvelopes: number[] = [];
  const contacts: number[] = [];
  const served: Array<"grpc" | "stream"> = [];
  const clients = new PeerClients({
    selfNodeId: nodeId,
    secret,
    keepaliveTimeMs: 10_000,
    keepaliveTimeoutMs: 3_000,
  });
  const openGrpc = (address: string): OutboundEnvelopeStream =>
    clients.get(address).Replicate(clients.metadata());
  const dialer = new PeerStreamDialer({
    selfNodeId: nodeId,
    secret,
    logger,
    askPort: async (address) =>
      (await clients.unary<PingRequest, PingResponse>(address, "Ping", {
        source_node_id: nodeId,
      }, 2000)).peer_stream_port ?? 0,
    openGrpc,
  });
  const rpc = new BatchedPeerRpc({
    selfNodeId: nodeId,
    resolve,
    openStream: (address) =>
      counted(
        options.transport === "stream" ? dialer.open(address) : openGrpc(address),
        requestEnvelopes,
      ),
    onContact: (id) => contacts.push(id),
    maxOutstanding: options.maxOutstanding,
  });
  const streams = options.transport === "stream"
    ? new PeerStreamServer({
      host: "127.0.0.1",
      port: 0,
      secret,
      logger,
      onStream: (stream, from) => {
        served.push("stream");
        rpc.serve(counted(stream, replyEnvelopes), from);
      },
      onRefused: (peer, claimed, reason) => server.noteRefusal(peer, String(claimed), reason),
    })
    : null;
  const server = new PeerServer({
    host: "127.0.0.1",
    port: 0,
    secret,
    logger,
    handlers: {
      gossip: () => ({ nodes: [] }),
      join: () => ({ success: false, cluster_nodes: [], error_message: "test" }),
      ping: () => ({ node_id: nodeId, status: "ALIVE", peer_stream_port: streams?.port ?? 0 }),
      getClusterNodes: () => ({ nodes: [], self_node_id: nodeId, write_availability: [] }),
      replicate: (stream, from) => {
        served.push("grpc");
        rpc.serve(counted(stream, replyEnvelopes), from);
      },
    },
  });
  const port = await server.start();
  streams?.start();
  return {
    nodeId,
    rpc,
    port,
    address: `127.0.0.1:${port}`,
    requestEnvelopes,
    replyEnvelopes,
    served,
    contacts,
    logs,
    async close() {
      rpc.close();
      streams?.close();
      clients.close();
      await server.close(500);
    },
  };
}

/** The pair, and a way to replace one side by a fresh peer on a new port. */
export interface RpcPair extends AsyncDisposable {
  readonly 0: TestPeer;
  readonly 1: TestPeer;
  /** Closes node `nodeId` and starts a new one under the same id on another port. */
  replace(nodeId: 1 | 2): Promise<TestPeer>;
}

/** Nodes 1 and 2, each able to call the other. */
export async function rpcPair(options: RpcPairOptions = {}): Promise<RpcPair> {
  const addresses = new Map<number, string>();
  const resolve = (id: number) => options.addresses?.[id] ?? addresses.get(id);
  const secrets = options.secrets ?? ["s3cret", "s3cret"];
  const peers: TestPeer[] = [];
  for (const id of [1, 2]) {
    const peer = await makePeer(id, secrets[id - 1]!, resolve, options);
    addresses.set(id, peer.address);
    peers.push(peer);
  }
  const retired: TestPeer[] = [];
  return {
    get 0() {
      return peers[0]!;
    },
    get 1() {
      return peers[1]!;
    },
    async replace(nodeId: 1 | 2) {
      const old = peers[nodeId - 1]!;
      void old.close();
      retired.push(old);
      const peer = await makePeer(nodeId, secrets[nodeId - 1]!, resolve, options);
      addresses.set(nodeId, peer.address);
      peers[nodeId - 1] = peer;
      return peer;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all([...peers, ...retired].map((peer) => peer.close()));
    },
  };
}
