/** The `[admin]` section: defaults, ranges, the `-admin-port` flag and the port rules. */
import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/load_config.ts";
import { defaultConfig } from "../../../src/config/schema.ts";
import { validateConfig } from "../../../src/config/validate_config.ts";

async function load(toml: string, args: string[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "marmot-admin-config-" });
  try {
    await Deno.writeTextFile(`${dir}/c.toml`, toml);
    return await loadConfig(["-config", `${dir}/c.toml`, ...args], {
      cwd: dir,
      env: {},
      hostname: "h",
      machineId: "m",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("[admin] defaults: on, all interfaces, port 8090", () => {
  assert.deepEqual(defaultConfig().admin, { enabled: true, bind_address: "0.0.0.0", port: 8090 });
});

Deno.test("[admin] port is read from the file and overridden by -admin-port", async () => {
  const { config } = await load('[admin]\nport = 9100\nbind_address = "127.0.0.1"\n');
  assert.equal(config.admin.port, 9100);
  assert.equal(config.admin.bind_address, "127.0.0.1");
  assert.equal(
    (await load("[admin]\nport = 9100\n", ["-admin-port", "9200"])).config.admin.port,
    9200,
  );
  assert.equal((await load("[admin]\nport = 0\n")).config.admin.port, 0);
});

Deno.test("[admin] rejects a port out of range or of the wrong type, naming the key", async () => {
  await assert.rejects(load("[admin]\nport = 70000\n"), /admin\.port must be an integer/);
  await assert.rejects(load('[admin]\nport = "x"\n'), /admin\.port/);
  await assert.rejects(load("[admin]\nenabled = 1\n"), /admin\.enabled/);
  await assert.rejects(load("", ["-admin-port", "70000"]), /-admin-port/);
});

Deno.test("[admin] port must differ from the MySQL and gRPC ports unless the API is off", () => {
  const config = defaultConfig();
  config.admin.port = config.mysql.port;
  assert.deepEqual(validateConfig(config), [
    "admin.port and mysql.port must differ, both are 3306",
  ]);
  config.admin.port = config.cluster.grpc_port;
  assert.deepEqual(validateConfig(config), [
    "admin.port and cluster.grpc_port must differ, both are 8080",
  ]);
  config.admin.enabled = false;
  assert.deepEqual(validateConfig(config), []);
});
