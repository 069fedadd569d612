/**
 * Runs the real `mariadb` (or `mysql`) command-line client against a test server: the same
 * binary a user would type, so tests see exactly what a user sees.
 */

/** Options for `mysqlCli`. */
export interface MysqlCliOptions {
  user?: string;
  /** Default empty (no password). */
  password?: string;
  database?: string;
  host?: string;
  /** Extra client options, e.g. ["--column-names=0"] or ["--table"]. */
  args?: string[];
  /** Leave TLS to the client's default instead of `--skip-ssl`. */
  ssl?: boolean;
  /** Kill the client after this long; default 30000. */
  timeoutMs?: number;
}

/** What the client printed and its exit code. */
export interface MysqlCliResult {
  stdout: string;
  stderr: string;
  code: number;
}

let clientBinary: string | undefined;

function _clientBinary(): string {
  if (clientBinary) return clientBinary;
  for (const name of ["mariadb", "mysql"]) {
    const found = new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "piped" })
      .outputSync();
    if (found.success) return clientBinary = new TextDecoder().decode(found.stdout).trim();
  }
  throw new Error(
    "Neither mariadb nor mysql client is installed (run scripts/install-test-deps.sh)",
  );
}

/** The client arguments `mysqlCli` uses, for tests that run the client themselves. */
export function mysqlCliArgs(port: number, options: MysqlCliOptions = {}): string[] {
  const args = [
    "--no-defaults", // ignore ~/.my.cnf and /etc/mysql: the test decides every option
    `--host=${options.host ?? "127.0.0.1"}`,
    `--port=${port}`,
    `--user=${options.user ?? "root"}`,
    `--password=${options.password ?? ""}`,
    "--batch",
    "--raw",
    "--connect-timeout=10",
  ];
  if (!options.ssl) args.push("--skip-ssl");
  if (options.database) args.push(`--database=${options.database}`);
  return [...args, ...(options.args ?? [])];
}

/** Only the connection options of `mysqlCliArgs`, for the other tools of the client package
 * (mysqldump, mysqlslap, mysqladmin), which refuse the client's own options. */
export function mysqlToolArgs(port: number, options: MysqlCliOptions = {}): string[] {
  return mysqlCliArgs(port, options).filter((a) =>
    /^--(no-defaults|host|port|user|password|skip-ssl|database)\b/.test(a)
  );
}

/**
 * Runs `sql` (one or more statements, sent on stdin) with the real client, tab-separated
 * output with column names. Never throws for SQL errors: check `code` and `stderr`.
 * @example
 * const { stdout } = await mysqlCli(node.mysqlPort, "SELECT 1 AS x");  // "x\n1\n"
 */
export async function mysqlCli(
  port: number,
  sql: string,
  options: MysqlCliOptions = {},
): Promise<MysqlCliResult> {
  const child = new Deno.Command(_clientBinary(), {
    args: mysqlCliArgs(port, options),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? 30000),
  }).spawn();
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(sql.endsWith("\n") ? sql : `${sql}\n`));
    await writer.close();
  } catch (err) {
    // The client exited before reading its input (e.g. the server refused the connection,
    // as while a benchmark waits for MariaDB): its exit code and stderr say why.
    if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr), code: out.code };
}
