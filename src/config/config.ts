/**
 * The typed configuration, one interface per TOML section. Key names are the TOML names so a
 * key path in an error message (`mysql.port`) is also the path in code (`config.mysql.port`).
 * Defaults and per-key checks live in `schema.ts`; cross-key rules in `validate_config.ts`.
 */

/** Consistency levels accepted by `[replication]`. */
export type ConsistencyLevel = "ONE" | "TWO" | "THREE" | "QUORUM" | "ALL" | "LOCAL_ONE";

/** Whole configuration of one node. */
export interface Config {
  /** 0 in the file means "derive from the machine id and data dir" (see `node_id.ts`). */
  node_id: number;
  /** Absolute after loading (resolved against the working directory). */
  data_dir: string;
  cluster: ClusterConfig;
  replication: ReplicationConfig;
  transaction: TransactionConfig;
  metastore: MetastoreConfig;
  connection_pool: ConnectionPoolConfig;
  grpc_client: GrpcClientConfig;
  coordinator: CoordinatorConfig;
  ddl: DdlConfig;
  query_pipeline: QueryPipelineConfig;
  mysql: MysqlConfig;
  logging: LoggingConfig;
  prometheus: PrometheusConfig;
  admin: AdminConfig;
  replica: ReplicaConfig;
  publisher: PublisherConfig;
  batch_commit: BatchCommitConfig;
  extensions: ExtensionsConfig;
  vector_index: VectorIndexConfig;
  storage: StorageConfig;
}

/** `[cluster]`: peer RPC listener, membership and gossip. */
export interface ClusterConfig {
  grpc_bind_address: string;
  grpc_port: number;
  /** Plain Replicate stream port: 0 = system-picked, -1 = none (peer_stream.ts). */
  peer_stream_port: number;
  /** Filled with `hostname:grpc_port` when empty. */
  grpc_advertise_address: string;
  /** `host:port` of existing members to join through. */
  seed_nodes: string[];
  /** A deliberate single node (may issue narrow AUTO_INCREMENT ids alone). */
  standalone: boolean;
  /** Pre-shared key for every peer call and the admin API; empty turns auth off. */
  cluster_secret: string;
  gossip_interval_ms: number;
  gossip_fanout: number;
  suspect_timeout_ms: number;
  dead_timeout_ms: number;
  /** 0 means 15000; otherwise 1000..300000. */
  shutdown_grace_period_ms: number;
  autoinc_merge_interval_ms: number;
  autoinc_base_sync_interval_ms: number;
  promotion: PromotionConfig;
}

/** `[cluster.promotion]`: when a JOINING node becomes ALIVE. */
export interface PromotionConfig {
  check_interval_seconds: number;
  min_healthy_duration_sec: number;
}

/** `[replication]`: consistency, timeouts, anti-entropy and log retention. */
export interface ReplicationConfig {
  default_write_consistency: ConsistencyLevel;
  default_read_consistency: ConsistencyLevel;
  write_timeout_ms: number;
  ddl_validation_timeout_ms: number;
  read_timeout_ms: number;
  enable_anti_entropy: boolean;
  anti_entropy_interval_seconds: number;
  gc_interval_seconds: number;
  delta_sync_threshold_transactions: number;
  delta_sync_threshold_seconds: number;
  gc_min_retention_hours: number;
  /** 0 means unlimited. */
  gc_max_retention_hours: number;
  /** Peer-call bodies larger than this travel in parts of this size. */
  stream_chunk_size_kb: number;
  snapshot_restore_timeout_seconds: number;
}

/** `[transaction]`: intents, lock waits, DDL inside transactions. */
export interface TransactionConfig {
  heartbeat_timeout_seconds: number;
  conflict_window_seconds: number;
  /** 0 means 50 (the `innodb_lock_wait_timeout` analogue). */
  lock_wait_timeout_seconds: number;
  ddl_implicit_commit: boolean;
}

/** `[metastore]`: the per-database meta store (sizes are hints for our store). */
export interface MetastoreConfig {
  cache_size_mb: number;
  memtable_size_mb: number;
  memtable_count: number;
  l0_compaction_threshold: number;
  l0_stop_writes: number;
  wal_bytes_per_sync_kb: number;
  /** Sync the change log to disk before acknowledging PREPARE. */
  strict_prepare_sync: boolean;
}

/** `[connection_pool]`: SQLite connections per database. */
export interface ConnectionPoolConfig {
  pool_size: number;
  max_idle_time_seconds: number;
  max_lifetime_seconds: number;
}

/** `[grpc_client]`: peer client keepalive, retries, compression. */
export interface GrpcClientConfig {
  keepalive_time_seconds: number;
  keepalive_timeout_seconds: number;
  max_retries: number;
  retry_backoff_ms: number;
  /** 0 off, 1..4. */
  compression_level: number;
}

/** `[coordinator]`: 2PC fan-out timeouts. */
export interface CoordinatorConfig {
  prepare_timeout_ms: number;
  commit_timeout_ms: number;
  abort_timeout_ms: number;
}

/** `[ddl]`: cluster-wide DDL lock and idempotent rewrites. */
export interface DdlConfig {
  lock_lease_seconds: number;
  enable_idempotent: boolean;
}

/** `[query_pipeline]`: translation cache sizes. */
export interface QueryPipelineConfig {
  transpiler_cache_size: number;
  validator_pool_size: number;
}

/** One MySQL account (`[[mysql.users]]`). */
export interface MysqlUser {
  name: string;
  /** Clear text; empty means no password. */
  password: string;
}

/** `[mysql]`: the client-facing listener. */
export interface MysqlConfig {
  enabled: boolean;
  bind_address: string;
  port: number;
  max_connections: number;
  local_infile_enabled: boolean;
  auto_id_mode: "compact" | "extended" | "";
  /** Path of a Unix socket to listen on too; empty is off. */
  unix_socket: string;
  /** File mode bits of the socket (TOML `0o660` or the string "0660"). */
  unix_socket_perm: number;
  /** A database named by a client that does not exist is created instead of error 1049. */
  auto_create_database: boolean;
  /** Largest packet accepted from a client, in bytes (ours; MySQL's variable of that name). */
  max_allowed_packet: number;
  /** Accounts checked at the handshake (ours; the reference accepts any password). */
  users: MysqlUser[];
}

/** `[logging]`. */
export interface LoggingConfig {
  /** Debug level instead of info. */
  verbose: boolean;
  format: "json" | "console";
  /** Log file path; empty writes to stdout. */
  file: string;
  max_size_mb: number;
  max_backups: number;
  compress: boolean;
}

/** `[prometheus]`: `/metrics` on the admin HTTP listener (`[admin]`). */
export interface PrometheusConfig {
  enabled: boolean;
}

/** `[admin]` (ours): the admin HTTP API's own listener (the reference uses the gRPC port). */
export interface AdminConfig {
  enabled: boolean;
  bind_address: string;
  /** 0 is off. */
  port: number;
}

/** `[replica]`: read-only replica mode. */
export interface ReplicaConfig {
  enabled: boolean;
  follow_addresses: string[];
  /** Glob patterns of databases to follow; empty means all. */
  replicate_databases: string[];
  secret: string;
  discovery_interval_seconds: number;
  failover_timeout_seconds: number;
  reconnect_interval_seconds: number;
  reconnect_max_backoff_seconds: number;
  initial_sync_timeout_minutes: number;
  database_discovery_interval_seconds: number;
  snapshot_concurrency: number;
  snapshot_cache_ttl_seconds: number;
  forward_writes: boolean;
  forward_write_timeout_sec: number;
}

/** One CDC sink (`[[publisher.sinks]]`). */
export interface SinkConfig {
  name: string;
  type: "kafka" | "nats";
  format: "debezium";
  brokers: string[];
  nats_url: string;
  topic_prefix: string;
  filter_tables: string[];
  filter_databases: string[];
  batch_size: number;
  poll_interval_ms: number;
  retry_initial_ms: number;
  retry_max_ms: number;
  retry_multiplier: number;
}

/** `[publisher]`: Debezium CDC to Kafka / NATS. */
export interface PublisherConfig {
  enabled: boolean;
  sinks: SinkConfig[];
}

/** `[batch_commit]`: grouping applied transactions, WAL checkpoints, vacuum. */
export interface BatchCommitConfig {
  enabled: boolean;
  max_batch_size: number;
  max_wait_ms: number;
  checkpoint_enabled: boolean;
  checkpoint_passive_thresh_mb: number;
  checkpoint_restart_thresh_mb: number;
  allow_dynamic_batch_size: boolean;
  incremental_vacuum_enabled: boolean;
  incremental_vacuum_pages: number;
  incremental_vacuum_time_limit_ms: number;
}

/** `[extensions]`: SQLite loadable extensions. */
export interface ExtensionsConfig {
  directory: string;
  always_loaded: string[];
}

/** `[vector_index]`. */
export interface VectorIndexConfig {
  enabled: boolean;
  data_dir: string;
}

/** `[storage]` (ours): how SQLite files are written. */
export interface StorageConfig {
  /**
   * SQLite `synchronous` with WAL: "normal" fsyncs at checkpoints (a commit survives a process
   * crash, a power loss may lose the last commits); "full" fsyncs every commit.
   */
  synchronous: "normal" | "full";
}
