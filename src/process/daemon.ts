/**
 * `-daemon`: start the same program again, detached, without `-daemon`, print the child's
 * pid and exit once the child serves (or 1 with the reason when it dies first). The child's
 * stdout and stderr go to `[logging] file` when set (so a crash message is not lost), else
 * to /dev/null.
 */
import type { Config } from "../config/config.ts";
import { parseFlags } from "../config/flags.ts";
import { isProcessAlive, readPidFile } from "./pid_file.ts";

/** How long the parent waits for the child to report that it serves. */
const READY_WAIT_MS = 60000;
/** The environment variable naming the file the child writes its pid to once it serves. */
const READY_FILE_ENV = "MARMOT_DAEMON_READY_FILE";

/** Options for `runAsDaemon`; tests replace the exit and the output. */
export interface RunAsDaemonOptions {
  exit?: (code: number) => void;
  /** Receives the child's pid line (default stdout). */
  print?: (line: string) => void;
  /** Receives failure messages (default stderr). */
  printError?: (line: string) => void;
}

/** The command line without any spelling of the `-daemon` flag. */
export function argsWithoutDaemon(args: readonly string[]): string[] {
  return args.filter((arg) => !/^--?daemon(=.*)?$/.test(arg));
}

/**
 * The program and arguments that start this same program again: the binary itself when
 * compiled with `deno compile`, else `deno run -A <main module>`.
 */
export function selfCommand(args: readonly string[]): { program: string; args: string[] } {
  if (Deno.build.standalone) return { program: Deno.execPath(), args: [...args] };
  const main = new URL(Deno.mainModule);
  const script = main.protocol === "file:" ? decodeURIComponent(main.pathname) : main.href;
  return { program: Deno.execPath(), args: ["run", "-A", script, ...args] };
}

/**
 * Called by the child once it serves clients: tells a waiting `-daemon` parent (no-op
 * without one).
 */
export function reportReady(): void {
  const path = Deno.env.get(READY_FILE_ENV);
  if (path) Deno.writeTextFileSync(path, String(Deno.pid));
}

/**
 * Starts the detached child, prints its pid and exits the parent: 0 once the child reported
 * that it serves (`reportReady`), or 1 with the reason when it exited first (a port in use,
 * a refused join) or never did. With `-pid-file` the parent first refuses a live pid file.
 */
export async function runAsDaemon(
  args: readonly string[],
  config: Config,
  options: RunAsDaemonOptions = {},
): Promise<void> {
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  const exit = options.exit ?? Deno.exit;
  const pidFile = parseFlags(args).pidFile;
  const existing = pidFile ? readPidFile(pidFile) : null;
  if (existing !== null && isProcessAlive(existing)) {
    printError(`Cannot start: pid file ${pidFile} names process ${existing}, which is running`);
    return exit(1);
  }
  const self = selfCommand(argsWithoutDaemon(args));
  const logFile = config.logging.file;
  const readyFile = Deno.makeTempFileSync({ prefix: "marmot-daemon-ready-" });
  const env = { [READY_FILE_ENV]: readyFile };
  // Deno.Command cannot point stdout at a file, so a shell does the redirection and then
  // execs the program: the pid printed is the program's own.
  const command = logFile
    ? new Deno.Command("/bin/sh", {
      args: ["-c", 'exec "$@" >>"$MARMOT_DAEMON_LOG" 2>&1', "sh", self.program, ...self.args],
      env: { ...env, MARMOT_DAEMON_LOG: logFile },
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    })
    : new Deno.Command(self.program, {
      args: self.args,
      env,
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    });
  const child = command.spawn();
  child.unref();
  const outcome = await _waitForReady(readyFile, child);
  Deno.removeSync(readyFile);
  if (outcome !== "ready") {
    const log = logFile ? `see ${logFile}` : "set [logging] file to see why";
    printError(
      typeof outcome === "number"
        ? `Daemon process ${child.pid} exited with code ${outcome} before it was ready; ${log}`
        : `Daemon process ${child.pid} did not report ready within ${READY_WAIT_MS} ms; ${log}`,
    );
    return exit(1);
  }
  print(String(child.pid));
  exit(0);
}

/** "ready", the child's exit code when it exited first, or "timeout". */
async function _waitForReady(
  readyFile: string,
  child: Deno.ChildProcess,
): Promise<"ready" | "timeout" | number> {
  let exitCode: number | null = null;
  child.status.then((s) => exitCode = s.code, () => exitCode = -1);
  const deadline = Date.now() + READY_WAIT_MS;
  while (Date.now() < deadline) {
    if (readPidFile(readyFile) === child.pid) return "ready";
    if (exitCode !== null) return exitCode;
    await new Promise((r) => setTimeout(r, 50));
  }
  return "timeout";
}
