/**
 * Rules that span keys (reference §2.17) and the lazy defaults the reference fills at
 * validation time. Per-key types and ranges are already checked by the schema.
 */
import type { Config } from "./config.ts";

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:]+):(\d{1,5})$/;

/** Fills values the reference treats as "0 means default"; mutates and returns `config`. */
export function applyLazyDefaults(config: Config, options: { hostname: string }): Config {
  if (config.cluster.shutdown_grace_period_ms === 0) {
    config.cluster.shutdown_grace_period_ms = 15000;
  }
  if (config.transaction.lock_wait_timeout_seconds === 0) {
    config.transaction.lock_wait_timeout_seconds = 50;
  }
  if (config.query_pipeline.transpiler_cache_size === 0) {
    config.query_pipeline.transpiler_cache_size = 10000;
  }
  if (config.query_pipeline.validator_pool_size === 0) {
    config.query_pipeline.validator_pool_size = 8;
  }
  if (config.metastore.cache_size_mb === 0) config.metastore.cache_size_mb = 64;
  if (config.metastore.memtable_size_mb === 0) config.metastore.memtable_size_mb = 32;
  if (config.cluster.grpc_advertise_address === "") {
    config.cluster.grpc_advertise_address = `${options.hostname}:${config.cluster.grpc_port}`;
  }
  return config;
}

function _checkHostPorts(list: string[], path: string, problems: string[]): void {
  list.forEach((address, i) => {
    const match = HOST_PORT.exec(address);
    const port = match ? Number(match[2]) : 0;
    if (port < 1 || port > 65535) {
      problems.push(`${path}[${i}] must be "host:port", got ${JSON.stringify(address)}`);
    }
  });
}

function _checkRetention(config: Config, problems: string[]): void {
  const r = config.replication;
  if (!r.enable_anti_entropy) return;
  const deltaHours = r.delta_sync_threshold_seconds / 3600;
  if (r.gc_min_retention_hours < deltaHours) {
    problems.push(
      `replication.gc_min_retention_hours (${r.gc_min_retention_hours}) must be at least ` +
        `replication.delta_sync_threshold_seconds / 3600 (${deltaHours})`,
    );
  }
  if (r.gc_max_retention_hours > 0) {
    if (r.gc_max_retention_hours < 2 * deltaHours) {
      problems.push(
        `replication.gc_max_retention_hours (${r.gc_max_retention_hours}) must be at least ` +
          `twice replication.delta_sync_threshold_seconds in hours (${2 * deltaHours})`,
      );
    }
    if (r.gc_min_retention_hours >= r.gc_max_retention_hours) {
      problems.push(
        `replication.gc_min_retention_hours (${r.gc_min_retention_hours}) must be less than ` +
          `replication.gc_max_retention_hours (${r.gc_max_retention_hours})`,
      );
    }
  }
  if (r.gc_interval_seconds < r.anti_entropy_interval_seconds) {
    problems.push(
      `replication.gc_interval_seconds (${r.gc_interval_seconds}) must be at least ` +
        `replication.anti_entropy_interval_seconds (${r.anti_entropy_interval_seconds})`,
    );
  }
}

function _checkReplica(config: Config, problems: string[]): void {
  const r = config.replica;
  if (r.replicate_databases.includes("__marmot_system")) {
    problems.push("replica.replicate_databases must not include __marmot_system");
  }
  if (!r.enabled) return;
  if (r.follow_addresses.length === 0) {
    problems.push("replica.follow_addresses must name at least one address when replica.enabled");
  }
  if (r.secret === "") {
    problems.push("replica.secret is required when replica.enabled (or set MARMOT_REPLICA_SECRET)");
  }
  if (config.cluster.seed_nodes.length > 0) {
    problems.push("replica.enabled cannot be combined with cluster.seed_nodes");
  }
  if (r.reconnect_max_backoff_seconds < r.reconnect_interval_seconds) {
    problems.push(
      `replica.reconnect_max_backoff_seconds (${r.reconnect_max_backoff_seconds}) must be at ` +
        `least replica.reconnect_interval_seconds (${r.reconnect_interval_seconds})`,
    );
  }
}

function _checkPublisher(config: Config, problems: string[]): void {
  const p = config.publisher;
  if (!p.enabled) return;
  if (p.sinks.length === 0) {
    problems.push("publisher.sinks must have at least one [[publisher.sinks]] when enabled");
  }
  const seen = new Set<string>();
  p.sinks.forEach((sink, i) => {
    const path = `publisher.sinks[${i}]`;
    if (seen.has(sink.name)) {
      problems.push(`${path}.name ${JSON.stringify(sink.name)} is a duplicate`);
    }
    seen.add(sink.name);
    if (sink.type === "kafka" && sink.brokers.length === 0) {
      problems.push(`${path}.brokers is required for a kafka sink`);
    }
    if (sink.type === "nats" && sink.nats_url === "") {
      problems.push(`${path}.nats_url is required for a nats sink`);
    }
    if (sink.topic_prefix === "") problems.push(`${path}.topic_prefix is required`);
    if (sink.retry_max_ms < sink.retry_initial_ms) {
      problems.push(`${path}.retry_max_ms must be at least ${path}.retry_initial_ms`);
    }
  });
}

function _checkMysql(config: Config, problems: string[]): void {
  const m = config.mysql;
  const names = new Set<string>();
  m.users.forEach((user, i) => {
    if (user.name === "") problems.push(`mysql.users[${i}].name must not be empty`);
    if (names.has(user.name)) {
      problems.push(`mysql.users[${i}].name ${JSON.stringify(user.name)} is a duplicate`);
    }
    names.add(user.name);
  });
  if (m.enabled && m.users.length === 0) {
    problems.push("mysql.users must have at least one [[mysql.users]] entry");
  }
  if (m.enabled && m.port === config.cluster.grpc_port) {
    problems.push(`mysql.port and cluster.grpc_port must differ, both are ${m.port}`);
  }
}

function _checkAdmin(config: Config, problems: string[]): void {
  const a = config.admin;
  if (!a.enabled || a.port === 0) return;
  if (config.mysql.enabled && a.port === config.mysql.port) {
    problems.push(`admin.port and mysql.port must differ, both are ${a.port}`);
  }
  if (a.port === config.cluster.grpc_port) {
    problems.push(`admin.port and cluster.grpc_port must differ, both are ${a.port}`);
  }
}

/** A fixed plain peer stream port must not be one of the node's other ports. */
function _checkPeerStream(config: Config, problems: string[]): void {
  const port = config.cluster.peer_stream_port;
  if (port <= 0) return;
  const others: Array<[string, number, boolean]> = [
    ["cluster.grpc_port", config.cluster.grpc_port, true],
    ["mysql.port", config.mysql.port, config.mysql.enabled],
    ["admin.port", config.admin.port, config.admin.enabled],
  ];
  for (const [key, other, inUse] of others) {
    if (inUse && other === port) {
      problems.push(`cluster.peer_stream_port and ${key} must differ, both are ${port}`);
    }
  }
}

/** Returns every cross-key problem (empty when the config is usable). */
export function validateConfig(config: Config): string[] {
  const problems: string[] = [];
  if (config.data_dir.trim() === "") problems.push("data_dir must not be empty");
  const grace = config.cluster.shutdown_grace_period_ms;
  if (grace < 1000 || grace > 300000) {
    problems.push(
      `cluster.shutdown_grace_period_ms must be between 1000 and 300000 (or 0), got ${grace}`,
    );
  }
  _checkHostPorts(config.cluster.seed_nodes, "cluster.seed_nodes", problems);
  // Empty is filled from the host name by applyLazyDefaults.
  const advertise = config.cluster.grpc_advertise_address;
  if (advertise !== "" && !HOST_PORT.test(advertise)) {
    problems.push(
      `cluster.grpc_advertise_address must be "host:port", got ${JSON.stringify(advertise)}`,
    );
  }
  _checkHostPorts(config.replica.follow_addresses, "replica.follow_addresses", problems);
  if (config.cluster.standalone && config.cluster.seed_nodes.length > 0) {
    problems.push("cluster.standalone cannot be combined with cluster.seed_nodes");
  }
  if (config.cluster.standalone && config.replica.enabled) {
    problems.push("cluster.standalone cannot be combined with replica.enabled");
  }
  if (config.cluster.dead_timeout_ms <= config.cluster.suspect_timeout_ms) {
    problems.push(
      `cluster.dead_timeout_ms (${config.cluster.dead_timeout_ms}) must be greater than ` +
        `cluster.suspect_timeout_ms (${config.cluster.suspect_timeout_ms})`,
    );
  }
  _checkRetention(config, problems);
  _checkReplica(config, problems);
  _checkPublisher(config, problems);
  _checkMysql(config, problems);
  _checkPeerStream(config, problems);
  _checkAdmin(config, problems);
  return problems;
}
