/**
 * The admin HTTP API (reference §13) on a listener of its own: the reference multiplexes it
 * with gRPC on the peer port, which grpc-js owns here. JSON everywhere but `/metrics`.
 *
 * Auth as the reference's: `X-Marmot-Secret` must equal `[cluster] cluster_secret`; with no
 * secret configured the API is disabled (403). `/metrics` and `/admin/cluster/health` are
 * always open, for scrapers and load balancers.
 */
import type { Logger } from "../config/mod.ts";
import type { Registry } from "prom-client";
import { type ClusterState, healthReport, membersReport } from "./cluster_status.ts";
import { DatabaseChecksums } from "./database_checksums.ts";
import { commitSeq, type DatabaseSource, withSnapshot } from "./database_source.ts";
import { createAdminMetrics } from "./metrics.ts";
import { userTables } from "./table_checksum.ts";

/** Options for `startAdminServer`. */
export interface AdminServerOptions {
  hostname: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** `[cluster] cluster_secret`; "" disables all but the open endpoints. */
  secret: string;
  /** `[prometheus] enabled`: serve `/metrics`. */
  metrics: boolean;
  cluster: ClusterState;
  databases: DatabaseSource;
  logger: Logger;
  /** Handlers of other parts by path prefix ("/snapshot/"): they authenticate requests
   * themselves (the secret check and `OPEN_PATHS` do not apply). */
  routes?: Readonly<Record<string, AdminRoute>>;
}

/** A request handler of another part, served under its path prefix. */
export type AdminRoute = (request: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;

/** A running admin server. */
export interface AdminServer {
  /** The port it listens on. */
  readonly port: number;
  /** The registry `/metrics` serves; other parts may add metrics to it. */
  readonly registry: Registry;
  /** Stops listening; requests in flight finish. */
  close(): Promise<void>;
}

const OPEN_PATHS = new Set(["/metrics", "/admin/cluster/health"]);

/**
 * Starts listening.
 * @throws {Deno.errors.AddrInUse} when the port is taken (and other bind errors)
 */
export function startAdminServer(options: AdminServerOptions): AdminServer {
  const checksums = new DatabaseChecksums(options.databases);
  const registry = createAdminMetrics({ cluster: options.cluster, checksums });
  const routes = new _Routes(options, checksums, registry);
  const server = Deno.serve({
    hostname: options.hostname,
    port: options.port,
    onListen: () => {},
  }, (request, info) => routes.handle(request, info));
  return {
    port: server.addr.port,
    registry,
    close: () => server.shutdown(),
  };
}

class _Routes {
  readonly #options: AdminServerOptions;
  readonly #checksums: DatabaseChecksums;
  readonly #registry: Registry;

  constructor(options: AdminServerOptions, checksums: DatabaseChecksums, registry: Registry) {
    this.#options = options;
    this.#checksums = checksums;
    this.#registry = registry;
  }

  async handle(request: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (request.method !== "GET" && request.method !== "HEAD") {
      return _json(405, { error: `Method ${request.method} not allowed` }, { allow: "GET" });
    }
    for (const [prefix, route] of Object.entries(this.#options.routes ?? {})) {
      if (url.pathname.startsWith(prefix)) return await route(request, info);
    }
    if (!OPEN_PATHS.has(path)) {
      const refused = this.#refuse(request);
      if (refused) return refused;
    }
    try {
      return await this.#route(path, url.searchParams);
    } catch (error) {
      this.#options.logger.error({ err: error, path }, "Admin request failed");
      return _json(500, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  #refuse(request: Request): Response | undefined {
    const secret = this.#options.secret;
    if (secret === "") {
      return _json(403, {
        error: "Admin API disabled: no [cluster] cluster_secret is configured " +
          "(set it or MARMOT_CLUSTER_SECRET, then send it in X-Marmot-Secret)",
      });
    }
    if (!_sameSecret(request.headers.get("x-marmot-secret") ?? "", secret)) {
      return _json(401, { error: "Missing or wrong X-Marmot-Secret header" });
    }
    return undefined;
  }

  async #route(path: string, query: URLSearchParams): Promise<Response> {
    const cluster = this.#options.cluster;
    switch (path) {
      case "/metrics":
        if (!this.#options.metrics) break;
        return new Response(await this.#registry.metrics(), {
          headers: { "content-type": this.#registry.contentType },
        });
      case "/admin/cluster/members":
        return _json(200, membersReport(cluster));
      case "/admin/cluster/health": {
        const health = healthReport(cluster);
        return _json(health.quorum_available ? 200 : 503, health);
      }
      case "/admin/databases":
        return _json(200, { databases: await this.#databases() });
      case "/admin/checksums": {
        const only = query.get("database");
        if (only !== null && !this.#options.databases.names().includes(only)) {
          return _json(404, { error: `Unknown database '${only}'` });
        }
        const databases = only === null
          ? await this.#checksums.all()
          : [await this.#checksums.of(only)];
        return _json(200, { node_id: cluster.nodeId, databases });
      }
    }
    return _json(404, { error: `No admin endpoint ${path}` });
  }

  async #databases(): Promise<Array<{ name: string; commit_seq: number; tables: string[] }>> {
    const source = this.#options.databases;
    const out = [];
    for (const name of source.names()) {
      try {
        out.push(
          await withSnapshot(source.get(name), (db) => ({
            name,
            commit_seq: commitSeq(db),
            tables: userTables(db),
          })),
        );
      } catch (error) {
        if (source.names().includes(name)) throw error;
      }
    }
    return out;
  }
}

function _json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2) + "\n", {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Compares without an early exit, so the time taken does not tell how much matched. */
function _sameSecret(given: string, secret: string): boolean {
  let diff = given.length ^ secret.length;
  for (let i = 0; i < secret.length; i++) {
    diff |= (given.charCodeAt(i) || 0) ^ secret.charCodeAt(i);
  }
  return diff === 0;
}
