import assert from "node:assert/strict";
import { ConfigError } from "../../../src/config/config_error.ts";
import { parseFlags, usage } from "../../../src/config/flags.ts";

function flagError(args: string[]): string {
  try {
    parseFlags(args);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail(`parseFlags(${JSON.stringify(args)}) should have thrown`);
}

Deno.test("parseFlags accepts the Go spellings -f v, -f=v, --f v, --f=v", () => {
  for (
    const args of [
      ["-mysql-port", "3307"],
      ["-mysql-port=3307"],
      ["--mysql-port", "3307"],
      ["--mysql-port=3307"],
    ]
  ) {
    assert.equal(parseFlags(args).mysqlPort, 3307, args.join(" "));
  }
});

Deno.test("parseFlags reads every reference flag", () => {
  const flags = parseFlags([
    "-config",
    "c.toml",
    "-data-dir",
    "/d",
    "-node-id",
    "5",
    "-grpc-port",
    "8081",
    "-mysql-port",
    "3307",
    "-follow-addresses",
    "a:1,b:2",
    "-daemon",
    "-pid-file",
    "/p.pid",
  ]);
  assert.deepEqual(flags, {
    config: "c.toml",
    dataDir: "/d",
    nodeId: 5,
    grpcPort: 8081,
    mysqlPort: 3307,
    followAddresses: ["a:1", "b:2"],
    daemon: true,
    pidFile: "/p.pid",
    help: false,
    version: false,
  });
});

Deno.test("parseFlags treats zero ports and node id as no override, like the reference", () => {
  const flags = parseFlags(["-mysql-port", "0", "-grpc-port=0", "-node-id", "0"]);
  assert.equal(flags.mysqlPort, undefined);
  assert.equal(flags.grpcPort, undefined);
  assert.equal(flags.nodeId, undefined);
});

Deno.test("parseFlags reads booleans bare or with a value", () => {
  assert.equal(parseFlags(["-daemon=false"]).daemon, false);
  assert.equal(parseFlags(["--daemon=true"]).daemon, true);
  assert.equal(parseFlags(["-h"]).help, true);
  assert.equal(parseFlags(["--help"]).help, true);
  assert.equal(parseFlags(["-version"]).version, true);
  assert.equal(parseFlags([]).daemon, false);
});

Deno.test("parseFlags rejects unknown flags, bad values and stray arguments clearly", () => {
  assert.equal(flagError(["-mysql-prot", "3"]), "Unknown flag: -mysql-prot (see -help)");
  assert.equal(flagError(["--constructor"]), "Unknown flag: --constructor (see -help)");
  assert.equal(flagError(["-config"]), "Missing value for flag -config");
  assert.equal(
    flagError(["-grpc-port", "70000"]),
    'Invalid flag: -grpc-port must be an integer between 0 and 65535, got "70000"',
  );
  assert.equal(
    flagError(["-node-id=-3"]),
    'Invalid flag: -node-id must be an integer between 0 and 4294967295, got "-3"',
  );
  assert.equal(
    flagError(["-daemon=maybe"]),
    'Invalid flag: -daemon must be true or false, got "maybe"',
  );
  assert.equal(
    flagError(["main.ts"]),
    "Unexpected argument: main.ts (flags start with -, see -help)",
  );
  assert.equal(flagError(["--", "x"]), "Unexpected argument: x");
});

Deno.test("usage lists every flag once", () => {
  const text = usage();
  for (
    const flag of [
      "-config",
      "-data-dir",
      "-node-id",
      "-grpc-port",
      "-mysql-port",
      "-follow-addresses",
      "-daemon",
      "-pid-file",
      "-help",
      "-version",
    ]
  ) {
    assert.match(text, new RegExp(`^  ${flag} `, "m"), flag);
  }
});
