/**
 * Every config key with its default and per-key check. The defaults are the reference's
 * (Marmot v2 §2) plus our additions in `[mysql]`. `default_config.ts` must say the same thing
 * in TOML; a test keeps the two equal.
 */
import type { Config, ConsistencyLevel, MysqlUser, SinkConfig } from "./config.ts";
import {
  bool,
  type FieldSpec,
  fileMode,
  float,
  int,
  oneOf,
  str,
  strList,
  table,
  tableList,
} from "./field.ts";

const CONSISTENCY: readonly ConsistencyLevel[] = [
  "ONE",
  "TWO",
  "THREE",
  "QUORUM",
  "ALL",
  "LOCAL_ONE",
];
const PORT = { min: 1, max: 65535 };
const NON_NEGATIVE = { min: 0 };
const POSITIVE = { min: 1 };

/** Largest node id a config may name (ids are unsigned 32-bit). */
export const MAX_NODE_ID = 0xffff_ffff;

const sink = table<SinkConfig>({
  name: str("", { required: true }),
  type: oneOf(["kafka", "nats"], "kafka", { required: true }),
  format: oneOf(["debezium"], "debezium"),
  brokers: strList(),
  nats_url: str(),
  topic_prefix: str(),
  filter_tables: strList(["*"]),
  filter_databases: strList(["*"]),
  batch_size: int(100, POSITIVE),
  poll_interval_ms: int(10, POSITIVE),
  retry_initial_ms: int(100, POSITIVE),
  retry_max_ms: int(30000, POSITIVE),
  retry_multiplier: float(2.0, { min: 1 }),
});

const user = table<MysqlUser>({
  name: str("", { required: true }),
  password: str(),
});

/** The schema of the whole file. */
export const CONFIG_SCHEMA: FieldSpec<Config> = table<Config>({
  node_id: int(0, { min: 0, max: MAX_NODE_ID }),
  data_dir: str("./marmot-data"),
  cluster: table({
    grpc_bind_address: str("0.0.0.0"),
    grpc_port: int(8080, PORT),
    grpc_advertise_address: str(),
    peer_stream_port: int(0, { min: -1, max: 65535 }),
    seed_nodes: strList(),
    standalone: bool(false),
    cluster_secret: str(),
    gossip_interval_ms: int(1000, POSITIVE),
    gossip_fanout: int(3, POSITIVE),
    suspect_timeout_ms: int(5000, POSITIVE),
    dead_timeout_ms: int(10000, POSITIVE),
    shutdown_grace_period_ms: int(15000, NON_NEGATIVE),
    autoinc_merge_interval_ms: int(2000, POSITIVE),
    autoinc_base_sync_interval_ms: int(10000, POSITIVE),
    promotion: table({
      check_interval_seconds: int(2, POSITIVE),
      min_healthy_duration_sec: int(3, NON_NEGATIVE),
    }),
  }),
  replication: table({
    default_write_consistency: oneOf(CONSISTENCY, "QUORUM", { upper: true }),
    default_read_consistency: oneOf(CONSISTENCY, "LOCAL_ONE", { upper: true }),
    write_timeout_ms: int(5000, POSITIVE),
    ddl_validation_timeout_ms: int(60000, POSITIVE),
    read_timeout_ms: int(2000, POSITIVE),
    enable_anti_entropy: bool(true),
    anti_entropy_interval_seconds: int(30, POSITIVE),
    gc_interval_seconds: int(60, POSITIVE),
    delta_sync_threshold_transactions: int(10000, NON_NEGATIVE),
    delta_sync_threshold_seconds: int(3600, NON_NEGATIVE),
    gc_min_retention_hours: int(2, NON_NEGATIVE),
    gc_max_retention_hours: int(24, NON_NEGATIVE),
    stream_chunk_size_kb: int(1024, { min: 1, max: 65536 }),
    snapshot_restore_timeout_seconds: int(1800, POSITIVE),
  }),
  transaction: table({
    heartbeat_timeout_seconds: int(10, POSITIVE),
    conflict_window_seconds: int(10, NON_NEGATIVE),
    lock_wait_timeout_seconds: int(50, NON_NEGATIVE),
    ddl_implicit_commit: bool(true),
  }),
  metastore: table({
    cache_size_mb: int(128, NON_NEGATIVE),
    memtable_size_mb: int(64, NON_NEGATIVE),
    memtable_count: int(2, POSITIVE),
    l0_compaction_threshold: int(500, POSITIVE),
    l0_stop_writes: int(1000, POSITIVE),
    wal_bytes_per_sync_kb: int(512, NON_NEGATIVE),
    strict_prepare_sync: bool(false),
  }),
  connection_pool: table({
    pool_size: int(4, POSITIVE),
    max_idle_time_seconds: int(10, NON_NEGATIVE),
    max_lifetime_seconds: int(300, NON_NEGATIVE),
  }),
  grpc_client: table({
    keepalive_time_seconds: int(0, NON_NEGATIVE),
    keepalive_timeout_seconds: int(3, POSITIVE),
    max_retries: int(3, NON_NEGATIVE),
    retry_backoff_ms: int(100, NON_NEGATIVE),
    compression_level: int(1, { min: 0, max: 4 }),
  }),
  coordinator: table({
    prepare_timeout_ms: int(2000, POSITIVE),
    commit_timeout_ms: int(2000, POSITIVE),
    abort_timeout_ms: int(2000, POSITIVE),
  }),
  ddl: table({
    lock_lease_seconds: int(30, POSITIVE),
    enable_idempotent: bool(true),
  }),
  query_pipeline: table({
    transpiler_cache_size: int(10000, NON_NEGATIVE),
    validator_pool_size: int(8, NON_NEGATIVE),
  }),
  mysql: table({
    enabled: bool(true),
    bind_address: str("0.0.0.0"),
    port: int(3306, PORT),
    max_connections: int(1000, POSITIVE),
    local_infile_enabled: bool(true),
    auto_id_mode: oneOf(["compact", "extended", ""], "compact"),
    unix_socket: str(),
    unix_socket_perm: fileMode(0o660),
    auto_create_database: bool(false),
    // MySQL's own bounds for the variable: 1 KiB .. 1 GiB.
    max_allowed_packet: int(67108864, { min: 1024, max: 1073741824 }),
    users: tableList(user, () => [{ name: "root", password: "" }]),
  }),
  logging: table({
    verbose: bool(false),
    format: oneOf(["json", "console"], "json"),
    file: str(),
    max_size_mb: int(100, POSITIVE),
    max_backups: int(5, NON_NEGATIVE),
    compress: bool(true),
  }),
  prometheus: table({
    enabled: bool(true),
  }),
  admin: table({
    enabled: bool(true),
    bind_address: str("0.0.0.0"),
    port: int(8090, { min: 0, max: 65535 }),
  }),
  replica: table({
    enabled: bool(false),
    follow_addresses: strList(),
    replicate_databases: strList(),
    secret: str(),
    discovery_interval_seconds: int(30, POSITIVE),
    failover_timeout_seconds: int(60, POSITIVE),
    reconnect_interval_seconds: int(5, POSITIVE),
    reconnect_max_backoff_seconds: int(30, POSITIVE),
    initial_sync_timeout_minutes: int(30, POSITIVE),
    database_discovery_interval_seconds: int(10, POSITIVE),
    snapshot_concurrency: int(3, POSITIVE),
    snapshot_cache_ttl_seconds: int(30, NON_NEGATIVE),
    forward_writes: bool(false),
    forward_write_timeout_sec: int(30, POSITIVE),
  }),
  publisher: table({
    enabled: bool(false),
    sinks: tableList(sink),
  }),
  batch_commit: table({
    enabled: bool(true),
    max_batch_size: int(128, POSITIVE),
    max_wait_ms: int(10, NON_NEGATIVE),
    checkpoint_enabled: bool(true),
    checkpoint_passive_thresh_mb: float(4.0, NON_NEGATIVE),
    checkpoint_restart_thresh_mb: float(16.0, NON_NEGATIVE),
    allow_dynamic_batch_size: bool(true),
    incremental_vacuum_enabled: bool(true),
    incremental_vacuum_pages: int(100, NON_NEGATIVE),
    incremental_vacuum_time_limit_ms: int(10, NON_NEGATIVE),
  }),
  extensions: table({
    directory: str(),
    always_loaded: strList(),
  }),
  vector_index: table({
    enabled: bool(false),
    data_dir: str(),
  }),
  storage: table({
    synchronous: oneOf(["normal", "full"], "normal"),
  }),
});

/** Keys of older reference releases: still accepted, ignored with a warning. */
export const OBSOLETE_KEYS: ReadonlySet<string> = new Set([
  "snapshot",
  "mvcc",
  "prometheus.address",
  "prometheus.port",
  "metastore.wal_sync_interval_ms",
]);

/** A fresh config holding every default. */
export function defaultConfig(): Config {
  return CONFIG_SCHEMA.defaultValue();
}
