/**
 * `-daemon`: start the same program again, detached, without `-daemon`, print the child's
 * pid and exit. The child's stdout and stderr go to `[logging] file` when set (so a crash
 * message is not lost), else to /dev/null.
 */
import type { Config } from "../config/config.ts";
import { parseFlags } from "../config/flags.ts";
import { isProcessAlive, readPidFile } from "./pid_file.ts";

const PID_FILE_WAIT_MS = 15000;

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
 * Starts the detached child, prints its pid and exits the parent: 0 once the child runs, or
 * 1 when it cannot. With `-pid-file` the parent first refuses a live pid file, then waits
 * until the child has written its pid there (the child is then past loading its config).
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
  // Deno.Command cannot point stdout at a file, so a shell does the redirection and then
  // execs the program: the pid printed is the program's own.
  const command = logFile
    ? new Deno.Command("/bin/sh", {
      args: ["-c", 'exec "$@" >>"$MARMOT_DAEMON_LOG" 2>&1', "sh", self.program, ...self.args],
      env: { MARMOT_DAEMON_LOG: logFile },
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    })
    : new Deno.Command(self.program, {
      args: self.args,
      stdin: "null",
      stdout: "null",
      stderr: "null",
      detached: true,
    });
  const child = command.spawn();
  child.unref();
  const outcome = pidFile ? await _waitForPidFile(pidFile, child) : "written";
  if (outcome !== "written") {
    printError(
      outcome === "exited"
        ? `Daemon process ${child.pid} exited before writing ${pidFile}; see the log`
        : `Daemon process ${child.pid} did not write ${pidFile} within ${PID_FILE_WAIT_MS} ms`,
    );
    return exit(1);
  }
  print(String(child.pid));
  exit(0);
}

async function _waitForPidFile(
  path: string,
  child: Deno.ChildProcess,
): Promise<"written" | "exited" | "timeout"> {
  let exited = false;
  child.status.then(() => exited = true, () => exited = true);
  const deadline = Date.now() + PID_FILE_WAIT_MS;
  while (Date.now() < deadline) {
    if (readPidFile(path) === child.pid) return "written";
    if (exited) return "exited";
    await new Promise((r) => setTimeout(r, 50));
  }
  return "timeout";
}
