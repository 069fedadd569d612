/**
 * The admin HTTP API: cluster members and health, databases, per-table checksums, and
 * `/metrics` in the Prometheus text format.
 */
export {
  type AdminRoute,
  type AdminServer,
  type AdminServerOptions,
  startAdminServer,
} from "./admin_server.ts";
export { type AdminSources, startAdmin } from "./start_admin.ts";
export type { ClusterState, HealthReport, MembersReport } from "./cluster_status.ts";
export { type DatabaseChecksum, DatabaseChecksums } from "./database_checksums.ts";
export type { DatabaseSource, SnapshotConnection, SnapshotSource } from "./database_source.ts";
export { checksumTable, type TableChecksum, userTables } from "./table_checksum.ts";
