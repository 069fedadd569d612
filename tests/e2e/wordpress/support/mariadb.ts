/**
 * A throwaway MariaDB server (Debian's `mariadb-server`) in a temp dir on a free port, root
 * without a password, optionally with the general query log on: the reference the WordPress
 * query corpus is recorded from and replayed against.
 */
import { freePort, mysqlCli } from "../../../helpers/mod.ts";
import { LogBuffer } from "../../../helpers/log_buffer.ts";

/** A running MariaDB. */
export interface Mariadb extends AsyncDisposable {
  readonly port: number;
  readonly dataDir: string;
  /** The general log file (every statement received), when it was enabled. */
  readonly generalLog: string;
  stop(): Promise<void>;
}

/** Options for `startMariadb`. */
export interface StartMariadbOptions {
  /** Record every statement in `<dataDir>/general.log`. */
  generalLog?: boolean;
  port?: number;
}

async function _run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd} failed: ${err.slice(-2000)}`);
  }
}

/** Initialises a data dir and starts `mariadbd` on it; waits until it answers queries. */
export async function startMariadb(options: StartMariadbOptions = {}): Promise<Mariadb> {
  const dataDir = await Deno.makeTempDir({ prefix: "marmot-mariadb-" });
  await _run("mariadb-install-db", [
    "--no-defaults",
    "--auth-root-authentication-method=normal",
    `--datadir=${dataDir}`,
    "--skip-test-db",
  ]);
  const port = options.port ?? freePort();
  const generalLog = `${dataDir}/general.log`;
  const args = [
    "--no-defaults",
    `--datadir=${dataDir}`,
    `--socket=${dataDir}/mariadb.sock`,
    `--port=${port}`,
    "--bind-address=127.0.0.1",
    "--user=root",
    "--max-allowed-packet=64M",
    "--innodb-flush-log-at-trx-commit=2",
    "--skip-log-bin",
  ];
  if (options.generalLog) args.push("--general-log=1", `--general-log-file=${generalLog}`);
  const child = new Deno.Command("/usr/sbin/mariadbd", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = new LogBuffer(child.stdout, child.stderr);
  let exited = false;
  child.status.then(() => exited = true);
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await log.drained;
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) throw new Error(`mariadbd exited:\n${log.tail(30)}`);
    if ((await mysqlCli(port, "SELECT 1;", { timeoutMs: 5000 })).code === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`mariadbd did not answer within 60 s:\n${log.tail(30)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, dataDir, generalLog, stop, [Symbol.asyncDispose]: stop };
}
