/**
 * The Prometheus registry behind `/metrics` (namespace `marmot_v2`, const label `node_id`, as
 * the reference's). Values are read when scraped, so nothing has to push them.
 */
import { Gauge, Registry } from "prom-client";
import { NODE_STATUSES } from "../cluster/mod.ts";
import { type ClusterState, healthReport } from "./cluster_status.ts";
import type { DatabaseChecksums } from "./database_checksums.ts";

/** What the gauges read. */
export interface AdminMetricsSources {
  cluster: ClusterState;
  checksums: DatabaseChecksums;
}

/**
 * A registry with the cluster and table gauges; other parts may register more metrics in it.
 * `marmot_v2_table_checksum` is the checksum's top 52 bits, which a float64 holds exactly:
 * equal on two nodes exactly when their first 13 hex digits are.
 */
export function createAdminMetrics(sources: AdminMetricsSources): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ node_id: String(sources.cluster.nodeId) });
  const { cluster, checksums } = sources;
  new Gauge({
    name: "marmot_v2_cluster_nodes",
    help: "Members of the cluster as this node sees them, by status",
    labelNames: ["status"],
    registers: [registry],
    collect() {
      const members = cluster.members();
      for (const status of NODE_STATUSES) {
        this.set({ status }, members.filter((m) => m.status === status).length);
      }
    },
  });
  new Gauge({
    name: "marmot_v2_cluster_quorum_available",
    help: "1 when this node can coordinate QUORUM writes now, else 0",
    registers: [registry],
    collect() {
      this.set(healthReport(cluster).quorum_available ? 1 : 0);
    },
  });
  new Gauge({
    name: "marmot_v2_table_rows",
    help: "Rows of each user table",
    labelNames: ["database", "table"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const db of await checksums.all()) {
        for (const t of db.tables) this.set({ database: db.name, table: t.name }, t.rows);
      }
    },
  });
  new Gauge({
    name: "marmot_v2_table_checksum",
    help: "Top 52 bits of each user table's order-independent checksum (equal on nodes " +
      "holding the same rows)",
    labelNames: ["database", "table"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const db of await checksums.all()) {
        for (const t of db.tables) {
          this.set({ database: db.name, table: t.name }, parseInt(t.checksum.slice(0, 13), 16));
        }
      }
    },
  });
  return registry;
}
