import assert from "node:assert/strict";
import { ConfigError } from "../../../src/config/config_error.ts";
import { loadConfig, type LoadConfigOptions } from "../../../src/config/load_config.ts";

const BASE: LoadConfigOptions = { env: {}, machineId: "test-machine", hostname: "testhost" };

async function withConfigFile<T>(toml: string, fn: (path: string, dir: string) => Promise<T>) {
  const dir = await Deno.makeTempDir({ prefix: "marmot-config-" });
  try {
    const path = `${dir}/config.toml`;
    await Deno.writeTextFile(path, toml);
    return await fn(path, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function loadError(args: string[], options: LoadConfigOptions = BASE): Promise<ConfigError> {
  try {
    await loadConfig(args, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
    return error;
  }
  assert.fail("loadConfig should have thrown");
}

Deno.test("loadConfig without a file gives the reference defaults and no warnings", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { config, warnings, configFile } = await loadConfig([], { ...BASE, cwd: dir });
    assert.deepEqual(warnings, []);
    assert.equal(configFile, null);
    assert.equal(config.data_dir, `${dir}/marmot-data`);
    assert.equal(config.mysql.port, 3306);
    assert.equal(config.mysql.bind_address, "0.0.0.0");
    assert.equal(config.mysql.max_allowed_packet, 67108864);
    assert.deepEqual(config.mysql.users, [{ name: "root", password: "" }]);
    assert.equal(config.mysql.unix_socket_perm, 0o660);
    assert.equal(config.cluster.grpc_port, 8080);
    assert.equal(config.cluster.grpc_advertise_address, "testhost:8080");
    assert.equal(config.cluster.promotion.min_healthy_duration_sec, 3);
    assert.equal(config.replication.default_write_consistency, "QUORUM");
    assert.equal(config.replication.default_read_consistency, "LOCAL_ONE");
    assert.equal(config.batch_commit.checkpoint_restart_thresh_mb, 16);
    assert.equal(config.logging.format, "json");
    assert.equal(config.publisher.enabled, false);
    assert.deepEqual(config.publisher.sinks, []);
    assert.ok(config.node_id >= 1 && config.node_id <= 0x7fffffff);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig reads config.toml from the working directory when -config is absent", async () => {
  await withConfigFile("[mysql]\nport = 3400\n", async (path, dir) => {
    const { config, configFile } = await loadConfig([], { ...BASE, cwd: dir });
    assert.equal(configFile, path);
    assert.equal(config.mysql.port, 3400);
  });
});

Deno.test("loadConfig warns when an explicit -config file is missing and uses defaults", async () => {
  const { config, warnings, configFile } = await loadConfig(
    ["-config", "/nonexistent/marmot.toml"],
    BASE,
  );
  assert.equal(configFile, null);
  assert.equal(config.mysql.port, 3306);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /Config file not found: \/nonexistent\/marmot\.toml/);
});

Deno.test("loadConfig applies file values over defaults and keeps absent keys", async () => {
  const toml = `
node_id = 7
data_dir = "/var/lib/marmot"
[cluster]
seed_nodes = ["10.0.0.1:8080", "node2:8080"]
[replication]
default_write_consistency = "all"
[mysql]
port = 3307
unix_socket = "/tmp/marmot.sock"
unix_socket_perm = "0600"
[[mysql.users]]
name = "app"
password = "s3cret"
[[mysql.users]]
name = "root"
password = "rootpw"
[logging]
format = "console"
verbose = true
`;
  await withConfigFile(toml, async (path) => {
    const { config, warnings } = await loadConfig(["-config", path], BASE);
    assert.deepEqual(warnings, []);
    assert.equal(config.node_id, 7);
    assert.equal(config.data_dir, "/var/lib/marmot");
    assert.deepEqual(config.cluster.seed_nodes, ["10.0.0.1:8080", "node2:8080"]);
    assert.equal(config.cluster.gossip_fanout, 3);
    assert.equal(config.replication.default_write_consistency, "ALL");
    assert.equal(config.mysql.port, 3307);
    assert.equal(config.mysql.max_connections, 1000);
    assert.equal(config.mysql.unix_socket_perm, 0o600);
    assert.deepEqual(config.mysql.users, [
      { name: "app", password: "s3cret" },
      { name: "root", password: "rootpw" },
    ]);
    assert.equal(config.logging.format, "console");
    assert.equal(config.logging.verbose, true);
  });
});

Deno.test("loadConfig lets flags override the file and env override the secrets", async () => {
  const toml = `data_dir = "/a"\n[cluster]\ncluster_secret = "from-file"\n[mysql]\nport = 3307\n`;
  await withConfigFile(toml, async (path) => {
    const { config } = await loadConfig(
      [
        "--config=" + path,
        "-data-dir=/b",
        "-mysql-port",
        "4000",
        "--grpc-port",
        "9000",
        "-node-id=12",
        "-follow-addresses",
        "a:1, b:2",
      ],
      { ...BASE, env: { MARMOT_CLUSTER_SECRET: "from-env", MARMOT_REPLICA_SECRET: "rs" } },
    );
    assert.equal(config.data_dir, "/b");
    assert.equal(config.mysql.port, 4000);
    assert.equal(config.cluster.grpc_port, 9000);
    assert.equal(config.cluster.grpc_advertise_address, "testhost:9000");
    assert.equal(config.node_id, 12);
    assert.deepEqual(config.replica.follow_addresses, ["a:1", "b:2"]);
    assert.equal(config.cluster.cluster_secret, "from-env");
    assert.equal(config.replica.secret, "rs");
  });
});

Deno.test("loadConfig warns about unknown and obsolete keys by their path", async () => {
  const toml = `typo_top = 1\n[mysql]\nprot = 3306\n[prometheus]\nport = 9090\n` +
    `[snapshot]\nenabled = true\n[nonsense]\nx = 1\n`;
  await withConfigFile(toml, async (path) => {
    const { warnings } = await loadConfig(["-config", path], BASE);
    assert.deepEqual(warnings, [
      "Unknown config key ignored: typo_top",
      "Unknown config key ignored: mysql.prot",
      "Obsolete config key ignored: prometheus.port (no longer used by Marmot v2)",
      "Obsolete config key ignored: snapshot (no longer used by Marmot v2)",
      "Unknown config key ignored: nonsense",
    ]);
  });
});

Deno.test("loadConfig fails naming the key when a value has the wrong type", async () => {
  await withConfigFile(`[mysql]\nport = "abc"\n`, async (path) => {
    const error = await loadError(["-config", path]);
    assert.equal(
      error.message,
      'Invalid config: mysql.port must be an integer between 1 and 65535, got "abc"',
    );
  });
});

Deno.test("loadConfig reports every bad key at once", async () => {
  const toml = `node_id = -1\n[logging]\nformat = "xml"\nverbose = "yes"\n` +
    `[replication]\ndefault_read_consistency = "SOME"\n[cluster]\nseed_nodes = "a:1"\n` +
    `[batch_commit]\nmax_wait_ms = 1.5\n`;
  await withConfigFile(toml, async (path) => {
    const error = await loadError(["-config", path]);
    assert.deepEqual(
      [...error.problems].sort(),
      [
        "node_id must be an integer between 0 and 4294967295, got -1",
        'cluster.seed_nodes must be an array of strings, got "a:1"',
        'replication.default_read_consistency must be one of "ONE", "TWO", "THREE", "QUORUM", ' +
        '"ALL", "LOCAL_ONE", got "SOME"',
        'logging.verbose must be true or false, got "yes"',
        'logging.format must be one of "json", "console", got "xml"',
        "batch_commit.max_wait_ms must be an integer of at least 0, got 1.5",
      ].sort(),
    );
  });
});

Deno.test("loadConfig reports a TOML syntax error with its line", async () => {
  await withConfigFile(`[mysql]\nport = = 3\n`, async (path) => {
    const error = await loadError(["-config", path]);
    assert.match(
      error.message,
      /^Invalid config: cannot parse .*config\.toml: .*\(line 2, column \d+\)$/,
    );
  });
});

Deno.test("loadConfig fails on a section that is not a table and on a bad sink", async () => {
  await withConfigFile(`mysql = 5\n`, async (path) => {
    const error = await loadError(["-config", path]);
    assert.equal(error.message, "Invalid config: mysql must be a table, got 5");
  });
  const sinks = `[publisher]\nenabled = true\n[[publisher.sinks]]\ntype = "redis"\n`;
  await withConfigFile(sinks, async (path) => {
    const error = await loadError(["-config", path]);
    assert.deepEqual(error.problems, [
      'publisher.sinks[0].type must be one of "kafka", "nats", got "redis"',
      "publisher.sinks[0].name is required",
    ]);
  });
});

Deno.test("loadConfig derives the same node id for the same data dir and another for another", async () => {
  const a1 = await loadConfig(["-data-dir", "/data/a"], BASE);
  const a2 = await loadConfig(["-data-dir", "/data/a"], BASE);
  const b = await loadConfig(["-data-dir", "/data/b"], BASE);
  const other = await loadConfig(["-data-dir", "/data/a"], { ...BASE, machineId: "other" });
  assert.equal(a1.config.node_id, a2.config.node_id);
  assert.notEqual(a1.config.node_id, b.config.node_id);
  assert.notEqual(a1.config.node_id, other.config.node_id);
});

Deno.test("loadConfig turns a flag error into a ConfigError", async () => {
  const error = await loadError(["-mysql-port", "abc"]);
  assert.equal(
    error.message,
    'Invalid flag: -mysql-port must be an integer between 0 and 65535, got "abc"',
  );
});
