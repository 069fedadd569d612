/**
 * Client side of the peer transport: one gRPC channel per peer address, keepalive from
 * `[grpc_client]`, and the metadata every call carries (cluster secret, our node id).
 */
import * as grpc from "@grpc/grpc-js";
import { type MarmotClient, marmotService } from "./proto.ts";

/** Largest message either side sends or accepts (reference §0). */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
/** Metadata key of the cluster secret. */
export const SECRET_HEADER = "x-marmot-secret";
/** Metadata key of the caller's node id. */
export const NODE_ID_HEADER = "x-marmot-node-id";

/** Options for `PeerClients`. */
export interface PeerClientsOptions {
  selfNodeId: number;
  /** Empty = send none. */
  secret: string;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
}

type UnaryMethod = "Gossip" | "Join" | "Ping" | "GetClusterNodes";

/** The channel options of every peer client. */
export function channelOptions(options: {
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
}): grpc.ChannelOptions {
  // Keepalive only when configured (`[grpc_client] keepalive_time_seconds`, 0 = off): see the
  // default config for why it is off by default.
  const keepalive = options.keepaliveTimeMs > 0
    ? {
      "grpc.keepalive_time_ms": options.keepaliveTimeMs,
      "grpc.keepalive_timeout_ms": options.keepaliveTimeoutMs,
      "grpc.keepalive_permit_without_calls": 1,
    }
    : {};
  return {
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    ...keepalive,
    // grpc-js backs off up to 2 minutes by default; a peer that restarts must be found again
    // within a gossip round or two.
    "grpc.initial_reconnect_backoff_ms": 200,
    "grpc.max_reconnect_backoff_ms": 1000,
  };
}

/** A pool of peer clients, one per address. */
export class PeerClients {
  readonly #clients = new Map<string, MarmotClient>();
  readonly #options: PeerClientsOptions;
  readonly #channelOptions: grpc.ChannelOptions;

  constructor(options: PeerClientsOptions) {
    this.#options = options;
    this.#channelOptions = channelOptions(options);
  }

  /** The client of `address`, created on first use. */
  get(address: string): MarmotClient {
    let client = this.#clients.get(address);
    if (!client) {
      const { Client } = marmotService();
      client = new Client(address, grpc.credentials.createInsecure(), this.#channelOptions);
      this.#clients.set(address, client);
    }
    return client;
  }

  /** Fresh metadata for one call: secret and our node id. */
  metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    if (this.#options.secret !== "") metadata.set(SECRET_HEADER, this.#options.secret);
    metadata.set(NODE_ID_HEADER, String(this.#options.selfNodeId));
    return metadata;
  }

  /**
   * One unary call with a deadline.
   * @throws {grpc.ServiceError} as gRPC reports it (code UNAVAILABLE, DEADLINE_EXCEEDED, ...)
   */
  unary<Req, Res>(address: string, method: UnaryMethod, request: Req, timeoutMs: number) {
    const client = this.get(address);
    const fn = client[method] as unknown as (
      request: Req,
      metadata: grpc.Metadata,
      options: grpc.CallOptions,
      callback: (error: grpc.ServiceError | null, response?: Res) => void,
    ) => grpc.ClientUnaryCall;
    return new Promise<Res>((resolve, reject) => {
      fn.call(
        client,
        request,
        this.metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => error ? reject(error) : resolve(response!),
      );
    });
  }

  /** Closes every channel. */
  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}

/** True for a gRPC error with `code`. */
export function isGrpcError(error: unknown, code: grpc.status): error is grpc.ServiceError {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}
