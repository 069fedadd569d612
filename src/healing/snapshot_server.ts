/**
 * Serves snapshots of this node's databases to peers that pull them: `snapshot_info` makes
 * (or shares) an export and describes it (and a token once HTTP or the stream is offered);
 * the bytes go as a plain byte stream from a listener of their own (`snapshot_stream.ts`),
 * over HTTP from the admin listener (`snapshot_http.ts`), or by `snapshot_chunk`, one chunk
 * with its SHA-256 per call; `snapshot_digest` gives every chunk's SHA-256 and the whole
 * file's digest. Pullers ask for chunks by offset, several at a time, so a lost or corrupted
 * one is asked for again alone and an interrupted download resumes with the same export.
 */
import type { Logger } from "../config/mod.ts";
import type { PeerRpc } from "../cluster/mod.ts";
import { decodeMessage, encodeMessage } from "../storage/committed_txn.ts";
import {
  type DatabaseRegistry,
  unknownDatabase,
  validateName,
} from "../storage/database_registry.ts";
import { SnapshotExports, type SnapshotExportsOptions } from "./snapshot_export.ts";
import { snapshotHttpAddress, SnapshotHttpRoute } from "./snapshot_http.ts";
import { SnapshotStreamServer } from "./snapshot_stream.ts";
import {
  SNAPSHOT_CHUNK,
  SNAPSHOT_DIGEST,
  SNAPSHOT_INFO,
  type SnapshotChunkReply,
  type SnapshotChunkRequest,
  type SnapshotDigestReply,
  type SnapshotDigestRequest,
  type SnapshotInfoReply,
  type SnapshotInfoRequest,
} from "./snapshot_messages.ts";

/** Options of `registerSnapshotServer` (export tuning for tests and benchmarks). */
export type SnapshotServerOptions =
  & {
    dataDir: string;
    logger: Logger;
    /** `[cluster] cluster_secret`: HTTP range requests must carry it (default none). */
    secret?: string;
  }
  & Omit<SnapshotExportsOptions, "dataDir" | "logger">;

/** A node's snapshot service. */
export interface SnapshotServer {
  /** Serves export bytes under `SNAPSHOT_HTTP_PATH`: a route for the admin listener. */
  readonly httpRoute: (request: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;
  /** From now on `snapshot_info` replies offer the bytes over HTTP at `address` (host:port
   * of the listener `httpRoute` is mounted on); until then only by `snapshot_chunk`. */
  offerHttp(address: string): void;
  /** Serves the bytes as a plain byte stream too (faster than HTTP) on a port the system
   * picks at `hostname`, offered at that port of the host of `advertiseAddress` (host:port).
   * Logs and offers nothing when it cannot listen. */
  offerStream(hostname: string, advertiseAddress: string): void;
  /** Removes every export and stops the stream listener. */
  close(): void;
}

/** Answers `snapshot_info` and `snapshot_chunk`, and HTTP range requests once offered. */
export function registerSnapshotServer(
  rpc: PeerRpc,
  registry: DatabaseRegistry,
  options: SnapshotServerOptions,
): SnapshotServer {
  const exports = new SnapshotExports(registry, {
    ...options,
    logger: options.logger.child({ component: "snapshot-export" }),
  });
  const http = new SnapshotHttpRoute(exports, {
    secret: options.secret ?? "",
    logger: options.logger.child({ component: "snapshot-http" }),
    tokenTtlMs: options.idleTtlMs,
  });
  const stream = new SnapshotStreamServer(exports, http, {
    logger: options.logger.child({ component: "snapshot-stream" }),
  });
  let httpAddress: string | undefined;
  let streamAddress: string | undefined;
  rpc.handle(SNAPSHOT_INFO, async (body) => {
    const req = decodeMessage<SnapshotInfoRequest>(body);
    const database = _databaseOf(req, registry);
    const resumeId = typeof req.resumeExportId === "string" ? req.resumeExportId : undefined;
    const e = await exports.acquire(database, resumeId);
    const token = httpAddress === undefined && streamAddress === undefined
      ? undefined
      : http.issue(database, e.id);
    const reply: SnapshotInfoReply = {
      exportId: e.id,
      size: e.size,
      chunkSize: e.chunkSize,
      schemaVersion: e.schemaVersion,
      lastSeq: e.lastSeq,
      generation: registry.generation(database),
      ...(httpAddress === undefined || token === undefined
        ? {}
        : { http: { address: httpAddress, token } }),
      ...(streamAddress === undefined || token === undefined
        ? {}
        : { stream: { address: streamAddress, token } }),
    };
    return encodeMessage(reply);
  });
  rpc.handle(SNAPSHOT_CHUNK, async (body) => {
    const req = decodeMessage<SnapshotChunkRequest>(body);
    if (typeof req.exportId !== "string" || typeof req.offset !== "number") {
      throw new Error("Malformed snapshot_chunk request");
    }
    const database = _databaseOf(req, registry);
    const reply: SnapshotChunkReply = await exports.readChunk(database, req.exportId, req.offset);
    return encodeMessage(reply);
  });
  rpc.handle(SNAPSHOT_DIGEST, async (body) => {
    const req = decodeMessage<SnapshotDigestRequest>(body);
    if (typeof req.exportId !== "string") throw new Error("Malformed snapshot_digest request");
    const reply: SnapshotDigestReply = await exports.digest(
      _databaseOf(req, registry),
      req.exportId,
    );
    return encodeMessage(reply);
  });
  return {
    httpRoute: http.handle,
    offerHttp: (address) => {
      httpAddress = address;
    },
    offerStream: (hostname, advertiseAddress) => {
      try {
        streamAddress = snapshotHttpAddress(advertiseAddress, stream.listen(hostname));
      } catch (err) {
        options.logger.warn(
          { err, hostname },
          "Snapshot stream listener not started: peers fetch snapshots over HTTP",
        );
      }
    },
    close: () => {
      stream.close();
      exports.close();
    },
  };
}

/** The request's database, checked: a valid name (no path tricks) that exists here. */
function _databaseOf(req: { database?: unknown }, registry: DatabaseRegistry): string {
  const name = req.database;
  if (typeof name !== "string") throw new Error("Malformed snapshot request: no database");
  validateName(name);
  if (!registry.has(name)) throw unknownDatabase(name);
  return name;
}
