/**
 * A throwaway MariaDB server (Debian's `mariadb-server`) in a temp data directory on a free
 * port: the reference point of the benchmark. Durability is fixed and stated: InnoDB fsyncs
 * its log at every commit, the binary log is off.
 */
import { freePort } from "../tests/helpers/free_port.ts";
import { mysqlCli } from "../tests/helpers/mysql_cli.ts";

/** The durability MariaDB runs with, as printed in the results. */
export const MARIADB_DURABILITY =
  "InnoDB, innodb_flush_log_at_trx_commit=1 (fsync per commit), binlog off (sync_binlog n/a)";

/** A running MariaDB. */
export interface MariadbServer {
  port: number;
  version: string;
  stop(): Promise<void>;
}

async function _run(program: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${program} failed (code ${out.code}):\n${text.slice(-2000)}`);
  return text;
}

/** Initialises a data directory and starts `mariadbd` on it; root has no password. */
export async function startMariadb(): Promise<MariadbServer> {
  const dir = await Deno.makeTempDir({ prefix: "marmot-bench-mariadb-" });
  const isRoot = Deno.uid() === 0;
  const userArgs = isRoot ? ["--user=root"] : [];
  await _run("mariadb-install-db", [
    "--no-defaults",
    `--datadir=${dir}/data`,
    ...userArgs,
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
  ]);
  const port = freePort();
  const child = new Deno.Command("/usr/sbin/mariadbd", {
    args: [
      "--no-defaults",
      `--datadir=${dir}/data`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      `--socket=${dir}/mariadb.sock`,
      `--pid-file=${dir}/mariadb.pid`,
      `--log-error=${dir}/error.log`,
      ...userArgs,
      "--skip-log-bin",
      "--innodb-flush-log-at-trx-commit=1",
      "--sync-binlog=0",
      "--max-connections=500",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already exited.
    }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 60000;
  for (;;) {
    const probe = await mysqlCli(port, "SELECT VERSION()", { args: ["--skip-column-names"] });
    if (probe.code === 0) return { port, version: probe.stdout.trim(), stop };
    if (Date.now() > deadline) {
      const log = await Deno.readTextFile(`${dir}/error.log`).catch(() => "");
      await stop();
      throw new Error(`MariaDB did not start: ${probe.stderr.trim()}\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
