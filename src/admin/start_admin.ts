/**
 * What main.ts calls: the admin server as `[admin]` describes it, or null when it is off or
 * its port cannot be bound. A taken port is logged, not fatal: the admin API is for
 * operators, and several nodes started on one machine with the default port must still serve
 * MySQL.
 */
import type { Config, Logger } from "../config/mod.ts";
import { type AdminServer, type AdminServerOptions, startAdminServer } from "./admin_server.ts";
import type { ClusterState } from "./cluster_status.ts";
import type { DatabaseSource } from "./database_source.ts";

/** The parts the admin API reads, and routes other parts serve on its listener. */
export interface AdminSources {
  cluster: ClusterState;
  databases: DatabaseSource;
  routes?: AdminServerOptions["routes"];
}

/** Starts the admin server when `[admin] enabled` and `port` is not 0. */
export function startAdmin(
  config: Config,
  sources: AdminSources,
  logger: Logger,
): AdminServer | null {
  const { enabled, bind_address: hostname, port } = config.admin;
  if (!enabled || port === 0) return null;
  const log = logger.child({ component: "admin" });
  let server: AdminServer;
  try {
    server = startAdminServer({
      hostname,
      port,
      secret: config.cluster.cluster_secret,
      metrics: config.prometheus.enabled,
      ...sources,
      logger: log,
    });
  } catch (error) {
    log.error(
      { err: error, address: `${hostname}:${port}` },
      `Admin HTTP API not started: cannot listen on ${hostname}:${port} ` +
        "(set [admin] port or -admin-port)",
    );
    return null;
  }
  log.info(
    { address: `${hostname}:${server.port}`, auth: config.cluster.cluster_secret !== "" },
    "Admin HTTP API listening",
  );
  return server;
}
