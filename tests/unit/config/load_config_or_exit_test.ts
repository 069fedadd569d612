import assert from "node:assert/strict";
import {
  loadConfigOrExit,
  type LoadConfigOrExitOptions,
} from "../../../src/config/load_config_or_exit.ts";

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function recorder(): { out: string[]; err: string[]; options: LoadConfigOrExitOptions } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    options: {
      env: {},
      machineId: "m",
      hostname: "h",
      exit: (code) => {
        throw new Exit(code);
      },
      print: (t) => out.push(t),
      printError: (t) => err.push(t),
    },
  };
}

async function exitCode(args: string[], options: LoadConfigOrExitOptions): Promise<number> {
  try {
    await loadConfigOrExit(args, options);
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
  assert.fail("expected an exit");
}

Deno.test("loadConfigOrExit prints usage for -h and exits 0", async () => {
  const r = recorder();
  assert.equal(await exitCode(["-h"], r.options), 0);
  assert.match(r.out[0]!, /^Marmot for Deno .*\n\nUsage: marmot \[flags\]/);
});

Deno.test("loadConfigOrExit prints the version for -version and exits 0", async () => {
  const r = recorder();
  assert.equal(await exitCode(["-version"], r.options), 0);
  assert.match(r.out[0]!, /^marmot \d+\.\d+\.\d+ \(deno 2\./);
});

Deno.test("loadConfigOrExit prints a config error as one line and exits 2", async () => {
  const r = recorder();
  assert.equal(await exitCode(["-bogus"], r.options), 2);
  assert.deepEqual(r.err, ["Unknown flag: -bogus (see -help)"]);
});

Deno.test("loadConfigOrExit returns the loaded config otherwise", async () => {
  const r = recorder();
  const { config } = await loadConfigOrExit(["-mysql-port", "3310"], r.options);
  assert.equal(config.mysql.port, 3310);
  assert.deepEqual([r.out, r.err], [[], []]);
});
