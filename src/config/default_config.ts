/**
 * The embedded default configuration, as TOML: what a node runs with when no config file is
 * given, and a commented reference of every key. It must match `schema.ts` exactly (a test
 * checks); copy it to a file and edit it to change settings.
 */
export const DEFAULT_CONFIG_TOML =
  `# Marmot for Deno: default configuration (every key, with its default).
# Copy this file, edit it and start with: deno run -A main.ts -config my.toml

# 0 = derive a stable id from /etc/machine-id and the absolute data_dir.
node_id = 0
# Relative paths are resolved against the working directory.
data_dir = "./marmot-data"

[cluster]
grpc_bind_address = "0.0.0.0"
grpc_port = 8080
# Empty = "<hostname>:<grpc_port>".
grpc_advertise_address = ""
# Peers replicate over a plain TCP stream on this port of the grpc_bind_address (the gRPC
# stream's messages without HTTP/2; a peer that cannot reach it uses gRPC). 0 = a free port
# the system picks, told to peers in Ping answers; -1 = none, gRPC only.
peer_stream_port = 0
# "host:port" of any existing members, e.g. ["10.0.0.1:8080"].
seed_nodes = []
# A deliberate single node; cannot be combined with seed_nodes or [replica].
standalone = false
# Pre-shared key for peer RPC and the admin API; empty = auth off.
# The environment variable MARMOT_CLUSTER_SECRET overrides it.
cluster_secret = ""
gossip_interval_ms = 1000
gossip_fanout = 3
suspect_timeout_ms = 5000
dead_timeout_ms = 10000
# 0 = 15000; otherwise 1000..300000.
shutdown_grace_period_ms = 15000
autoinc_merge_interval_ms = 2000
autoinc_base_sync_interval_ms = 10000

[cluster.promotion]
check_interval_seconds = 2
min_healthy_duration_sec = 3

[replication]
# ONE, TWO, THREE, QUORUM, ALL or LOCAL_ONE.
default_write_consistency = "QUORUM"
default_read_consistency = "LOCAL_ONE"
write_timeout_ms = 5000
ddl_validation_timeout_ms = 60000
read_timeout_ms = 2000
enable_anti_entropy = true
anti_entropy_interval_seconds = 30
# Must be at least anti_entropy_interval_seconds.
gc_interval_seconds = 60
delta_sync_threshold_transactions = 10000
delta_sync_threshold_seconds = 3600
gc_min_retention_hours = 2
# 0 = unlimited.
gc_max_retention_hours = 24
# Peer-call bodies (a large transaction's PREPARE) larger than this travel in parts of this
# size (1..65536).
stream_chunk_size_kb = 1024
snapshot_restore_timeout_seconds = 1800

[transaction]
heartbeat_timeout_seconds = 10
conflict_window_seconds = 10
# 0 = 50.
lock_wait_timeout_seconds = 50
ddl_implicit_commit = true

[metastore]
cache_size_mb = 128
memtable_size_mb = 64
memtable_count = 2
l0_compaction_threshold = 500
l0_stop_writes = 1000
wal_bytes_per_sync_kb = 512
# true = sync the change log to disk before acknowledging PREPARE.
strict_prepare_sync = false

[connection_pool]
pool_size = 4
max_idle_time_seconds = 10
max_lifetime_seconds = 300

[grpc_client]
# 0 = off (the default). Keepalive pings close the connection to a peer that stalls
# (a pause, SIGSTOP, a stopped VM) with an HTTP/2 GOAWAY, and Deno 2.9's HTTP/2 stack can
# crash the stalled node when it resumes and reads it (denoland/deno#36788); gossip already
# finds dead peers, and calls have their own timeouts.
keepalive_time_seconds = 0
keepalive_timeout_seconds = 3
max_retries = 3
retry_backoff_ms = 100
# 0 = off, 1..4.
compression_level = 1

[coordinator]
prepare_timeout_ms = 2000
commit_timeout_ms = 2000
abort_timeout_ms = 2000

[ddl]
lock_lease_seconds = 30
enable_idempotent = true

[query_pipeline]
transpiler_cache_size = 10000
validator_pool_size = 8

[mysql]
enabled = true
bind_address = "0.0.0.0"
port = 3306
max_connections = 1000
local_infile_enabled = true
# "compact" (53-bit ids, safe in JavaScript) or "extended" (64-bit).
auto_id_mode = "compact"
# Also listen on this Unix socket; empty = off.
unix_socket = ""
unix_socket_perm = 0o660
# true = a database a client names that does not exist is created (false = error 1049).
auto_create_database = false
# Largest packet accepted from a client, in bytes (1024..1073741824).
max_allowed_packet = 67108864

# Accounts checked at the handshake. Unlike the reference, which accepts any password,
# the password is verified. Giving [[mysql.users]] replaces this default list.
[[mysql.users]]
name = "root"
password = ""

[logging]
# true = debug level.
verbose = false
# "json" or "console".
format = "json"
# Empty = stdout.
file = ""
max_size_mb = 100
max_backups = 5
compress = true

[prometheus]
# /metrics on the admin HTTP listener ([admin]).
enabled = true

# Ours (the reference serves these on the gRPC port): the admin HTTP API
# (/admin/cluster/members, /admin/cluster/health, /admin/databases, /admin/checksums) and
# /metrics. Requests send the cluster_secret in the X-Marmot-Secret header; with no secret the
# API answers 403, except /metrics and /admin/cluster/health, which are always open.
[admin]
enabled = true
bind_address = "0.0.0.0"
# 0 = off. A port that cannot be bound is logged and the node runs without the API.
port = 8090

[replica]
enabled = false
follow_addresses = []
replicate_databases = []
# Required when enabled; MARMOT_REPLICA_SECRET overrides it.
secret = ""
discovery_interval_seconds = 30
failover_timeout_seconds = 60
reconnect_interval_seconds = 5
reconnect_max_backoff_seconds = 30
initial_sync_timeout_minutes = 30
database_discovery_interval_seconds = 10
snapshot_concurrency = 3
snapshot_cache_ttl_seconds = 30
forward_writes = false
forward_write_timeout_sec = 30

[publisher]
enabled = false
# One table per sink, for example:
# [[publisher.sinks]]
# name = "kafka-main"
# type = "kafka"                 # "kafka" or "nats"
# format = "debezium"
# brokers = ["localhost:9092"]   # kafka
# nats_url = "nats://localhost:4222"  # nats
# topic_prefix = "marmot.cdc"    # topics: <prefix>.<database>.<table>
# filter_tables = ["*"]
# filter_databases = ["*"]
# batch_size = 100
# poll_interval_ms = 10
# retry_initial_ms = 100
# retry_max_ms = 30000
# retry_multiplier = 2.0

[batch_commit]
enabled = true
max_batch_size = 128
max_wait_ms = 10
checkpoint_enabled = true
checkpoint_passive_thresh_mb = 4.0
checkpoint_restart_thresh_mb = 16.0
allow_dynamic_batch_size = true
incremental_vacuum_enabled = true
incremental_vacuum_pages = 100
incremental_vacuum_time_limit_ms = 10

[extensions]
directory = ""
always_loaded = []

[vector_index]
enabled = false
data_dir = ""

# Ours (not in the reference): how the SQLite files are written.
[storage]
# SQLite runs in WAL mode. "normal" = fsync at checkpoints: a commit survives a crash of the
# process, a power loss may lose the last commits. "full" = fsync every commit.
synchronous = "normal"
`;
