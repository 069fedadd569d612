/**
 * Two peers in one process for PeerRpc tests: each a real gRPC PeerServer on a free port and
 * a BatchedPeerRpc, with counters of the envelopes each side writes.
 */
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger, type Logger } from "../../../src/config/logger.ts";
import { PeerClients } from "../../../src/cluster/peer_clients.ts";
import { BatchedPeerRpc } from "../../../src/cluster/peer_rpc.ts";
import { PeerServer, type ReplicateServerStream } from "../../../src/cluster/peer_server.ts";
import type { WireEnvelope } from "../../../src/cluster/proto.ts";

/** One side of the pair. */
export interface TestPeer {
  nodeId: number;
  rpc: BatchedPeerRpc;
  address: string;
  /** Frame counts of the request envelopes this side sent. */
  requestEnvelopes: number[];
  /** Frame counts of the reply envelopes this side's server sent. */
  replyEnvelopes: number[];
  /** Node ids this side heard from. */
  contacts: number[];
  logs: string[];
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export interface RpcPairOptions {
  secrets?: [string, string];
  maxOutstanding?: number;
  /** Address overrides by node id (e.g. an unreachable one). */
  addresses?: Record<number, string>;
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
  const clients = new PeerClients({
    selfNodeId: nodeId,
    secret,
    keepaliveTimeMs: 10_000,
    keepaliveTimeoutMs: 3_000,
  });
  const rpc = new BatchedPeerRpc({
    selfNodeId: nodeId,
    resolve,
    openStream: (address) => {
      const stream = clients.get(address).Replicate(clients.metadata());
      const write = stream.write.bind(stream) as (e: WireEnvelope) => boolean;
      stream.write = ((envelope: WireEnvelope) => {
        requestEnvelopes.push(envelope.frames.length);
        return write(envelope);
      }) as typeof stream.write;
      return stream;
    },
    onContact: (id) => contacts.push(id),
    maxOutstanding: options.maxOutstanding,
  });
  let port = 0;
  const newServer = () =>
    new PeerServer({
      host: "127.0.0.1",
      port,
      secret,
      logger,
      handlers: {
        gossip: () => ({ nodes: [] }),
        join: () => ({ success: false, cluster_nodes: [], error_message: "test" }),
        ping: () => ({ node_id: nodeId, status: "ALIVE" }),
        getClusterNodes: () => ({ nodes: [], self_node_id: nodeId, write_availability: [] }),
        replicate: (stream: ReplicateServerStream, from: number) => {
          const write = stream.write.bind(stream) as (e: WireEnvelope) => boolean;
          stream.write = ((envelope: WireEnvelope) => {
            replyEnvelopes.push(envelope.frames.length);
            return write(envelope);
          }) as typeof stream.write;
          rpc.serve(stream, from);
        },
      },
    });
  let server: PeerServer | undefined = newServer();
  port = await server.start();
  return {
    nodeId,
    rpc,
    port,
    address: `127.0.0.1:${port}`,
    requestEnvelopes,
    replyEnvelopes,
    contacts,
    logs,
    async stopServer() {
      await server?.close(0);
      server = undefined;
    },
    async startServer() {
      server = newServer();
      await server.start();
    },
    async close() {
      rpc.close();
      await server?.close(0);
      clients.close();
    },
  };
}

/** Nodes 1 and 2, each able to call the other. */
export async function rpcPair(
  options: RpcPairOptions = {},
): Promise<[TestPeer, TestPeer] & AsyncDisposable> {
  const addresses = new Map<number, string>();
  const resolve = (id: number) => options.addresses?.[id] ?? addresses.get(id);
  const [s1, s2] = options.secrets ?? ["s3cret", "s3cret"];
  const a = await makePeer(1, s1, resolve, options);
  const b = await makePeer(2, s2, resolve, options);
  addresses.set(1, a.address);
  addresses.set(2, b.address);
  return Object.assign([a, b] as [TestPeer, TestPeer], {
    async [Symbol.asyncDispose]() {
      await a.close();
      await b.close();
    },
  });
}
