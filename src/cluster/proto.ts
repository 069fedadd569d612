/**
 * The peer service loaded from `proto/marmot.proto` at run time, and the conversions between
 * wire messages and `NodeInfo`. `deno compile` needs `--include proto` for the file.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { fileURLToPath } from "node:url";
import { decodeEnvelope, encodeEnvelope } from "./envelope_codec.ts";
import type { NodeInfo, NodeStatus } from "./node_info.ts";

const PROTO_FILE = fileURLToPath(new URL("../../proto/marmot.proto", import.meta.url));

/** uint64 as JS numbers (node ids and incarnations stay below 2^53), enums as names. */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
};

/** `NodeState` as proto-loader decodes and encodes it. */
export interface WireNodeState {
  node_id: number;
  address: string;
  status: NodeStatus;
  incarnation: number;
  database_schema_versions: Record<string, number>;
}

export interface WireFrame {
  id: number;
  kind: string;
  body: Uint8Array;
  reply: boolean;
  error: string;
  error_code: number;
  /** More parts of the body follow (absent: false). */
  more?: boolean;
}

export interface WireEnvelope {
  frames: WireFrame[];
}

export interface GossipRequest {
  source_node_id: number;
  nodes: WireNodeState[];
  incarnation: number;
}

export interface GossipResponse {
  nodes: WireNodeState[];
}

export interface JoinRequest {
  node_id: number;
  address: string;
  incarnation: number;
}

export interface JoinResponse {
  success: boolean;
  cluster_nodes: WireNodeState[];
  error_message: string;
}

export interface PingRequest {
  source_node_id: number;
}

export interface PingResponse {
  node_id: number;
  status: NodeStatus;
  /** The callee's plain Replicate stream port; 0 (or absent, an older node): none. */
  peer_stream_port?: number;
}

export interface WireWriteAvailability {
  level: string;
  available: boolean;
  required: number;
  total: number;
  error_message: string;
}

export interface GetClusterNodesResponse {
  nodes: WireNodeState[];
  self_node_id: number;
  write_availability: WireWriteAvailability[];
}

type Unary<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Res) => void,
) => grpc.ClientUnaryCall;

/** The generated client, typed for the methods we call. */
export interface MarmotClient extends grpc.Client {
  Gossip: Unary<GossipRequest, GossipResponse>;
  Join: Unary<JoinRequest, JoinResponse>;
  Ping: Unary<PingRequest, PingResponse>;
  GetClusterNodes: Unary<Record<string, never>, GetClusterNodesResponse>;
  Replicate(
    metadata: grpc.Metadata,
    options?: grpc.CallOptions,
  ): grpc.ClientDuplexStream<WireEnvelope, WireEnvelope>;
}

type MarmotClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => MarmotClient;

interface LoadedService {
  definition: grpc.ServiceDefinition;
  Client: MarmotClientConstructor;
}

let loaded: LoadedService | undefined;

/** The `marmot.v2.MarmotService` definition and client class, loaded once. */
export function marmotService(): LoadedService {
  if (loaded) return loaded;
  const packageDefinition = protoLoader.loadSync(PROTO_FILE, LOADER_OPTIONS);
  // The data stream's messages go through the hand-written codec (same wire format).
  Object.assign(
    (packageDefinition["marmot.v2.MarmotService"] as protoLoader.ServiceDefinition).Replicate!,
    {
      requestSerialize: encodeEnvelope,
      responseSerialize: encodeEnvelope,
      requestDeserialize: decodeEnvelope,
      responseDeserialize: decodeEnvelope,
    },
  );
  const pkg = grpc.loadPackageDefinition(packageDefinition) as unknown as {
    marmot: { v2: { MarmotService: grpc.ServiceClientConstructor } };
  };
  const ctor = pkg.marmot.v2.MarmotService;
  loaded = { definition: ctor.service, Client: ctor as unknown as MarmotClientConstructor };
  return loaded;
}

export function toWire(info: NodeInfo): WireNodeState {
  return {
    node_id: info.nodeId,
    address: info.address,
    status: info.status,
    incarnation: info.incarnation,
    database_schema_versions: info.schemaVersions,
  };
}

export function fromWire(state: WireNodeState): NodeInfo {
  return {
    nodeId: state.node_id,
    address: state.address,
    status: state.status,
    incarnation: state.incarnation,
    schemaVersions: { ...state.database_schema_versions },
  };
}
