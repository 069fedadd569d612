/**
 * Serves export bytes over HTTP from the node's admin listener: a range of the file (a chunk
 * at most) per `GET /snapshot/<database>/<exportId>?offset=N&length=M`, with its SHA-256 in a
 * header. The peers' gRPC stream carries 75-120 MB/s here; a plain HTTP/1.1 response several
 * times that (src/healing/DESIGN.md).
 *
 * A request needs the token a `snapshot_info` reply issued for that export (random, known
 * only to the peer that asked over the authenticated peer stream) and, when the cluster has
 * a secret, the secret in `x-marmot-secret`, as every peer call does.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Logger } from "../config/mod.ts";
import { SECRET_HEADER } from "../cluster/peer_clients.ts";
import { SnapshotExportGoneError, type SnapshotExports } from "./snapshot_export.ts";
import {
  SNAPSHOT_HTTP_PATH,
  SNAPSHOT_SHA256_HEADER,
  SNAPSHOT_TOKEN_HEADER,
} from "./snapshot_messages.ts";

/** Options of `SnapshotHttpRoute`. */
export interface SnapshotHttpRouteOptions {
  /** `[cluster] cluster_secret`: required in `x-marmot-secret` unless "". */
  secret: string;
  logger: Logger;
  /** A token unused for this long is forgotten (default 5 min, an idle export's life). */
  tokenTtlMs?: number;
}

interface _Grant {
  database: string;
  exportId: string;
  lastUsed: number;
}

/** The tokens issued and the request handler. */
export class SnapshotHttpRoute {
  readonly #exports: SnapshotExports;
  readonly #secret: Uint8Array | null;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #grants = new Map<string, _Grant>();

  constructor(exports: SnapshotExports, options: SnapshotHttpRouteOptions) {
    this.#exports = exports;
    this.#secret = options.secret === "" ? null : _digest(options.secret);
    this.#logger = options.logger;
    this.#ttlMs = options.tokenTtlMs ?? 5 * 60_000;
  }

  /** A fresh token for reading export `exportId` of `database`. */
  issue(database: string, exportId: string): string {
    const now = Date.now();
    for (const [token, grant] of this.#grants) {
      if (now - grant.lastUsed > this.#ttlMs) this.#grants.delete(token);
    }
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    this.#grants.set(token, { database, exportId, lastUsed: now });
    return token;
  }

  /**
   * Checks a request for export `exportId` of `database`: null when `secret` is the cluster
   * secret (or the cluster has none) and `token` was issued for that export (its use is
   * recorded), else the status refusing it (401 secret, 403 token).
   */
  check(
    secret: string | null,
    token: string | null,
    database: string,
    exportId: string,
  ): 401 | 403 | null {
    if (this.#secret !== null && !_same(secret, this.#secret)) return 401;
    const grant = this.#grants.get(token ?? "");
    if (grant === undefined || grant.database !== database || grant.exportId !== exportId) {
      return 403;
    }
    grant.lastUsed = Date.now();
    return null;
  }

  /**
   * Answers one request under `SNAPSHOT_HTTP_PATH`. With `info` (`Deno.serve`'s), the body
   * is the export's pooled buffer itself, lent until `info.completed`; without it, a copy.
   */
  readonly handle = async (request: Request, info?: Deno.ServeHandlerInfo): Promise<Response> => {
    if (request.method !== "GET") {
      return _error(405, `Method ${request.method} not allowed`, { allow: "GET" });
    }
    const url = new URL(request.url);
    const [database, exportId, ...rest] = url.pathname.slice(SNAPSHOT_HTTP_PATH.length)
      .split("/").map(decodeSnapshotField);
    if (!database || !exportId || rest.length > 0) {
      return _error(404, `No snapshot endpoint ${url.pathname}`);
    }
    const refused = this.check(
      request.headers.get(SECRET_HEADER),
      request.headers.get(SNAPSHOT_TOKEN_HEADER),
      database,
      exportId,
    );
    if (refused !== null) {
      return _error(
        refused,
        refused === 401
          ? `Missing or wrong ${SECRET_HEADER} header`
          : "Unknown or expired snapshot token for this export",
      );
    }
    const offset = snapshotRangeNumber(url.searchParams.get("offset"));
    const length = snapshotRangeNumber(url.searchParams.get("length"));
    try {
      const headers = {
        "content-type": "application/octet-stream",
        "content-length": String(length),
      };
      // A byte array body is copied when the Response is made (a new 4 MiB buffer per chunk:
      // zeroing, page faults, garbage collections); a stream's chunk is not.
      return await this.#exports.read(
        database,
        exportId,
        offset,
        length,
        ({ data, sha256 }) =>
          new Response(info === undefined ? data : _streamOf(data), {
            headers: { ...headers, [SNAPSHOT_SHA256_HEADER]: sha256 },
          }),
        info?.completed,
      );
    } catch (err) {
      if (err instanceof SnapshotExportGoneError) return _error(410, err.message);
      if (err instanceof RangeError) return _error(416, err.message);
      this.#logger.error({ err, database, exportId }, "Snapshot range request failed");
      return _error(500, err instanceof Error ? err.message : String(err));
    }
  };
}

/** A URI-encoded request field (here and on the byte stream) decoded, "" if malformed. */
export function decodeSnapshotField(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return "";
  }
}

/** A request's offset or length; -1 if missing or malformed (the export's read refuses it). */
export function snapshotRangeNumber(value: string | null | undefined): number {
  return typeof value === "string" && /^\d{1,16}$/.test(value) ? Number(value) : -1;
}

/**
 * The address a peer fetches this node's exports at: the host of the advertised peer address
 * (`host:port` or `[v6]:port`) with the admin listener's port.
 */
export function snapshotHttpAddress(grpcAdvertiseAddress: string, adminPort: number): string {
  const host = grpcAdvertiseAddress.slice(0, grpcAdvertiseAddress.lastIndexOf(":"));
  return `${host}:${adminPort}`;
}

function _streamOf(data: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(data);
      controller.close();
    },
  });
}

function _digest(text: string): Uint8Array {
  return createHash("sha256").update(text).digest();
}

/** Compares digests, so neither the length nor the time taken tells how much matched. */
function _same(given: string | null, expected: Uint8Array): boolean {
  return given !== null && timingSafeEqual(_digest(given), expected);
}

function _error(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: message }) + "\n", {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
