/**
 * Runs the real `mariadb` command-line client (the `mysql` binary is a symlink to it)
 * against a server, the way a user does: a script piped on stdin or statements given
 * with `-e`, output in batch mode (tab-separated, one header line per result). Unlike the
 * harness's `mysqlCli` it can pass SQL with `-e` and run the `mysql` name of the binary.
 */
import { mysqlCliArgs } from "../../helpers/mod.ts";

/** What the client printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run the client. */
export interface CliOptions {
  /** Pass the SQL with `-e` (the client splits it on `;`) instead of piping it on stdin. */
  inline?: boolean;
  /** Database to connect to (`-D`). */
  database?: string;
  /** Password for `-p`; omitted means no password. */
  password?: string;
  /** User name; default root. */
  user?: string;
  /** Extra arguments, e.g. `--force` or `-N`. */
  args?: string[];
  /** Binary to run; default `mariadb`. */
  binary?: string;
  /** Kill the client after this long; default 60 s. */
  timeoutMs?: number;
}

/** Runs the CLI with `sql` and returns its exit code and output. */
export async function runCli(
  port: number,
  sql: string | Uint8Array,
  options: CliOptions = {},
): Promise<CliResult> {
  // The harness's arguments (--no-defaults, --batch, --raw, ...), but TLS left to the
  // client's default: what a user typing `mysql -h ... -P ...` gets.
  const args = mysqlCliArgs(port, {
    user: options.user,
    password: options.password,
    database: options.database,
    args: options.args,
    ssl: true,
  });
  if (options.inline) {
    args.push("-e", typeof sql === "string" ? sql : new TextDecoder().decode(sql));
  }
  const child = new Deno.Command(options.binary ?? "mariadb", {
    args,
    stdin: options.inline ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }, options.timeoutMs ?? 60_000);
  try {
    if (!options.inline) {
      const writer = child.stdin.getWriter();
      try {
        // Bytes go as they are (a dump may hold BLOB bytes that are not UTF-8).
        await writer.write(typeof sql === "string" ? new TextEncoder().encode(sql) : sql);
      } catch {
        // the client may exit early (e.g. cannot connect) and close its stdin
      }
      await writer.close().catch(() => {});
    }
    const out = await child.output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the CLI and throws with its stderr unless it exits 0; returns stdout. */
export async function cliOk(
  port: number,
  sql: string | Uint8Array,
  options: CliOptions = {},
): Promise<string> {
  const r = await runCli(port, sql, options);
  if (r.code !== 0) {
    throw new Error(`mariadb exited ${r.code}: ${r.stderr.trim()}\n--- stdout ---\n${r.stdout}`);
  }
  return r.stdout;
}

/** Builds the batch-mode output the CLI prints for result sets: header + tab-separated rows. */
export function table(...results: string[][][]): string {
  return results.map((rows) => rows.map((r) => r.join("\t") + "\n").join("")).join("");
}
