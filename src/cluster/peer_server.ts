/**
 * Server side of the peer transport: the gRPC server on `[cluster] grpc_bind_address:
 * grpc_port`, with the cluster-secret check in front of every method (reference §3.9).
 */
import * as grpc from "@grpc/grpc-js";
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../config/mod.ts";
import { MAX_MESSAGE_BYTES, NODE_ID_HEADER, SECRET_HEADER } from "./peer_clients.ts";
import {
  type GetClusterNodesResponse,
  type GossipRequest,
  type GossipResponse,
  type JoinRequest,
  type JoinResponse,
  marmotService,
  type PingRequest,
  type PingResponse,
  type WireEnvelope,
} from "./proto.ts";

/** A bidirectional Replicate stream as the server sees it. */
export type ReplicateServerStream = grpc.ServerDuplexStream<WireEnvelope, WireEnvelope>;

/** What the server does for each method; errors thrown become gRPC INTERNAL. */
export interface PeerServiceHandlers {
  gossip(request: GossipRequest): GossipResponse;
  join(request: JoinRequest): JoinResponse;
  ping(request: PingRequest): PingResponse;
  getClusterNodes(): GetClusterNodesResponse;
  replicate(stream: ReplicateServerStream, fromNodeId: number): void;
}

/** Options for `PeerServer`. */
export interface PeerServerOptions {
  host: string;
  port: number;
  /** Empty = no check. */
  secret: string;
  logger: Logger;
  handlers: PeerServiceHandlers;
}

/** How often one peer's refusals are logged at most. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** The peer gRPC server. */
export class PeerServer {
  readonly #options: PeerServerOptions;
  readonly #server: grpc.Server;
  readonly #refusalsLogged = new Map<string, number>();
  #bound = "";
  #closed = false;

  constructor(options: PeerServerOptions) {
    this.#options = options;
    this.#server = new grpc.Server({
      "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
      "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
      // No server keepalive pings (grpc-js's default is once in ~25 days): a peer that misses
      // one gets its connection closed with a GOAWAY, which Deno 2.9 can crash on reading
      // (denoland/deno#36788; see `[grpc_client] keepalive_time_seconds`).
      interceptors: options.secret === "" ? [] : [this.#checkSecret],
    });
    const h = options.handlers;
    this.#server.addService(marmotService().definition, {
      Gossip: this.#unary((req: GossipRequest) => h.gossip(req)),
      Join: this.#unary((req: JoinRequest) => h.join(req)),
      Ping: this.#unary((req: PingRequest) => h.ping(req)),
      GetClusterNodes: this.#unary(() => h.getClusterNodes()),
      Replicate: (stream: ReplicateServerStream) => {
        if (this.#closed) {
          stream.emit("error", _SHUT_DOWN);
          return;
        }
        const fromNodeId = Number(stream.metadata.get(NODE_ID_HEADER)[0] ?? NaN);
        if (!Number.isSafeInteger(fromNodeId) || fromNodeId <= 0) {
          stream.emit("error", {
            code: grpc.status.INVALID_ARGUMENT,
            details: `Replicate needs the caller's node id in ${NODE_ID_HEADER}`,
          });
          return;
        }
        h.replicate(stream, fromNodeId);
      },
    });
  }

  /**
   * Binds and starts serving; returns the bound port.
   * @throws {Error} when the address cannot be bound (e.g. the port is taken)
   */
  start(): Promise<number> {
    const host = this.#options.host.includes(":") ? `[${this.#options.host}]` : this.#options.host;
    return new Promise((resolve, reject) => {
      this.#server.bindAsync(
        `${host}:${this.#options.port}`,
        grpc.ServerCredentials.createInsecure(),
        (error, port) => {
          if (error) {
            reject(
              new Error(
                `Cannot listen for peers on ${host}:${this.#options.port}: ${error.message}`,
              ),
            );
          } else {
            this.#bound = `${host}:${port}`;
            resolve(port);
          }
        },
      );
    });
  }

  /**
   * Refuses every further call, then stops listening once no peer holds a connection, waiting
   * at most `waitMs` for that. It never closes a connection itself: closing one sends an
   * HTTP/2 GOAWAY, and Deno 2.9's HTTP/2 client can crash on receiving one (segfault in
   * nghttp2, denoland/deno#36788), which would take the peer process down. Connections
   * still open end when the peers close them or this process exits. Calling it again
   * retries the release of the port.
   */
  async close(waitMs: number): Promise<void> {
    this.#closed = true;
    const deadline = Date.now() + waitMs;
    while (_openSessions(this.#server) !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.#bound !== "" && _openSessions(this.#server) === 0) {
      this.#server.unbind(this.#bound);
      this.#bound = "";
    }
  }

  /** Server interceptor: refuse a call whose secret is missing or wrong, and say so once. */
  #checkSecret: grpc.ServerInterceptor = (_method, call) => {
    const expected = new TextEncoder().encode(this.#options.secret);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            const given = new TextEncoder().encode(String(metadata.get(SECRET_HEADER)[0] ?? ""));
            if (given.length === expected.length && timingSafeEqual(given, expected)) {
              mdNext(metadata);
              return;
            }
            const claimed = metadata.get(NODE_ID_HEADER)[0];
            this.noteRefusal(
              call.getPeer(),
              claimed === undefined ? undefined : String(claimed),
              `${given.length === 0 ? "missing" : "invalid"} cluster secret`,
            );
            call.sendStatus({
              code: grpc.status.UNAUTHENTICATED,
              details: "Invalid cluster secret",
              metadata: new grpc.Metadata(),
            });
          },
        });
      },
    });
  };

  #unary<Req, Res>(fn: (request: Req) => Res): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      if (this.#closed) {
        callback(_SHUT_DOWN);
        return;
      }
      try {
        callback(null, fn(call.request));
      } catch (error) {
        callback({
          code: grpc.status.INTERNAL,
          details: error instanceof Error ? error.message : String(error),
        });
      }
    };
  }

  /**
   * Logs a refused peer ("host:port"; here or on the plain stream), once in a while per host,
   * claimed node id and reason: nodes on one machine share a host, and each wrongly
   * configured one must show up in the log.
   */
  noteRefusal(peer: string, claimedNodeId: string | undefined, reason: string): void {
    const now = Date.now();
    const key = `${peer.replace(/:\d+$/, "")} ${claimedNodeId} ${reason}`;
    if (now - (this.#refusalsLogged.get(key) ?? -Infinity) < REFUSAL_LOG_INTERVAL_MS) return;
    if (this.#refusalsLogged.size >= 1024) this.#refusalsLogged.clear();
    this.#refusalsLogged.set(key, now);
    this.#options.logger.warn({ peer, claimedNodeId }, `Refused peer call from ${peer}: ${reason}`);
  }
}

/**
 * HTTP/2 connections the server holds. grpc-js (pinned 1.14.3) keeps them in a private map;
 * undefined when that changes, and then the port is never released before exit.
 */
function _openSessions(server: grpc.Server): number | undefined {
  return (server as unknown as { sessions?: Map<unknown, unknown> }).sessions?.size;
}

const _SHUT_DOWN = { code: grpc.status.UNAVAILABLE, details: "Node is shutting down" };
