import assert from "node:assert/strict";
import { defaultConfig } from "../../../src/config/schema.ts";
import { applyLazyDefaults, validateConfig } from "../../../src/config/validate_config.ts";

Deno.test("validateConfig accepts the defaults", () => {
  assert.deepEqual(validateConfig(applyLazyDefaults(defaultConfig(), { hostname: "h" })), []);
});

Deno.test("applyLazyDefaults fills zero values the reference treats as unset", () => {
  const config = defaultConfig();
  config.cluster.shutdown_grace_period_ms = 0;
  config.transaction.lock_wait_timeout_seconds = 0;
  config.query_pipeline.transpiler_cache_size = 0;
  applyLazyDefaults(config, { hostname: "node1" });
  assert.equal(config.cluster.shutdown_grace_period_ms, 15000);
  assert.equal(config.transaction.lock_wait_timeout_seconds, 50);
  assert.equal(config.query_pipeline.transpiler_cache_size, 10000);
  assert.equal(config.cluster.grpc_advertise_address, "node1:8080");
});

Deno.test("validateConfig enforces the anti-entropy retention rules", () => {
  const config = defaultConfig();
  config.replication.gc_interval_seconds = 10;
  config.replication.gc_min_retention_hours = 0;
  config.replication.gc_max_retention_hours = 1;
  assert.deepEqual(validateConfig(config), [
    "replication.gc_min_retention_hours (0) must be at least " +
    "replication.delta_sync_threshold_seconds / 3600 (1)",
    "replication.gc_max_retention_hours (1) must be at least twice " +
    "replication.delta_sync_threshold_seconds in hours (2)",
    "replication.gc_interval_seconds (10) must be at least " +
    "replication.anti_entropy_interval_seconds (30)",
  ]);
  config.replication.enable_anti_entropy = false;
  assert.deepEqual(validateConfig(config), []);
});

Deno.test("validateConfig rejects standalone with seeds and a replica without its needs", () => {
  const config = defaultConfig();
  config.cluster.standalone = true;
  config.cluster.seed_nodes = ["peer:8080", "no-port"];
  config.replica.enabled = true;
  assert.deepEqual(validateConfig(config), [
    'cluster.seed_nodes[1] must be "host:port", got "no-port"',
    "cluster.standalone cannot be combined with cluster.seed_nodes",
    "cluster.standalone cannot be combined with replica.enabled",
    "replica.follow_addresses must name at least one address when replica.enabled",
    "replica.secret is required when replica.enabled (or set MARMOT_REPLICA_SECRET)",
    "replica.enabled cannot be combined with cluster.seed_nodes",
  ]);
});

Deno.test("validateConfig checks publisher sinks", () => {
  const config = defaultConfig();
  config.publisher.enabled = true;
  assert.deepEqual(validateConfig(config), [
    "publisher.sinks must have at least one [[publisher.sinks]] when enabled",
  ]);
  const sink = defaultConfig().publisher.sinks;
  assert.deepEqual(sink, []);
  const base = {
    format: "debezium" as const,
    brokers: [],
    nats_url: "",
    topic_prefix: "",
    filter_tables: ["*"],
    filter_databases: ["*"],
    batch_size: 100,
    poll_interval_ms: 10,
    retry_initial_ms: 100,
    retry_max_ms: 30000,
    retry_multiplier: 2,
  };
  config.publisher.sinks = [
    { ...base, name: "k", type: "kafka" },
    { ...base, name: "k", type: "nats", topic_prefix: "p" },
  ];
  assert.deepEqual(validateConfig(config), [
    "publisher.sinks[0].brokers is required for a kafka sink",
    "publisher.sinks[0].topic_prefix is required",
    'publisher.sinks[1].name "k" is a duplicate',
    "publisher.sinks[1].nats_url is required for a nats sink",
  ]);
});

Deno.test("validateConfig: a fixed peer stream port must differ from the node's other ports", () => {
  const config = defaultConfig();
  config.cluster.peer_stream_port = 8080;
  assert.deepEqual(validateConfig(config), [
    "cluster.peer_stream_port and cluster.grpc_port must differ, both are 8080",
  ]);
  config.cluster.peer_stream_port = 8090;
  assert.deepEqual(validateConfig(config), [
    "cluster.peer_stream_port and admin.port must differ, both are 8090",
  ]);
  config.cluster.peer_stream_port = 8081;
  assert.deepEqual(validateConfig(config), []);
  config.cluster.peer_stream_port = -1;
  assert.deepEqual(validateConfig(config), []);
});

Deno.test("validateConfig checks users, ports and the shutdown grace range", () => {
  const config = defaultConfig();
  config.mysql.users = [{ name: "a", password: "" }, { name: "a", password: "x" }];
  config.mysql.port = 8080;
  config.cluster.shutdown_grace_period_ms = 500;
  assert.deepEqual(validateConfig(config), [
    "cluster.shutdown_grace_period_ms must be between 1000 and 300000 (or 0), got 500",
    'mysql.users[1].name "a" is a duplicate',
    "mysql.port and cluster.grpc_port must differ, both are 8080",
  ]);
  config.mysql.users = [];
  config.mysql.port = 3306;
  config.cluster.shutdown_grace_period_ms = 1000;
  assert.deepEqual(validateConfig(config), [
    "mysql.users must have at least one [[mysql.users]] entry",
  ]);
});
