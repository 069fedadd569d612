/**
 * Starts a real Marmot server process (`deno run -A main.ts ...`) for a test, on free ports
 * and a fresh data directory, and waits until its MySQL port sends a handshake greeting.
 * Every process started here is killed when the test process exits, even after a failure;
 * use `await using node = await startNode()` to stop it and remove its data at scope end.
 */
import { freePort } from "./free_port.ts";
import { LogBuffer } from "./log_buffer.ts";

const REPO = new URL("../../", import.meta.url).pathname;
const MAIN = `${REPO}main.ts`;
const PORT_RETRIES = 3;

/** Options for `startNode`. */
export interface StartNodeOptions {
  /** Use this data directory (kept afterwards); default a fresh temp dir removed by cleanup. */
  dataDir?: string;
  mysqlPort?: number;
  grpcPort?: number;
  nodeId?: number;
  /** TOML text, written to a file in a temp dir and passed as `-config`. */
  config?: string;
  /** An existing config file passed as `-config`. */
  configFile?: string;
  /** More command-line arguments. */
  args?: string[];
  env?: Record<string, string>;
  /** How long to wait for the MySQL greeting; default 30000 ms. */
  timeoutMs?: number;
  /** Run the node inside this network namespace (`ip netns exec`; needs root). */
  netns?: string;
  /** Address the MySQL greeting is awaited on; default 127.0.0.1. */
  host?: string;
  /** Program to run instead of the repo's main.ts (tests of this harness). */
  mainModule?: string;
}

/** How a node process ended. */
export interface NodeExit {
  code: number;
  signal: Deno.Signal | null;
}

/** A running node. */
export interface NodeHandle extends AsyncDisposable {
  readonly mysqlPort: number;
  readonly grpcPort: number;
  readonly dataDir: string;
  readonly pid: number;
  /** Sends `signal` and waits for the exit; SIGKILL after `timeoutMs` (default 20000). */
  stop(signal?: Deno.Signal, options?: { timeoutMs?: number }): Promise<NodeExit>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<NodeExit>;
  /** True once the process has exited (for whatever reason). */
  readonly exited: boolean;
  /** Everything the process printed so far (stdout and stderr interleaved, bounded). */
  logs(): string;
  /** Stops the process if it runs and removes the data dir if the harness created it. */
  cleanup(): Promise<void>;
}

const live = new Set<Deno.ChildProcess>();
globalThis.addEventListener("unload", () => {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

class _Node implements NodeHandle {
  readonly #child: Deno.ChildProcess;
  readonly #log: LogBuffer;
  readonly #ownDirs: string[];
  readonly #exit: Promise<NodeExit>;
  #exited = false;

  constructor(
    child: Deno.ChildProcess,
    log: LogBuffer,
    readonly mysqlPort: number,
    readonly grpcPort: number,
    readonly dataDir: string,
    ownDirs: string[],
  ) {
    this.#child = child;
    this.#log = log;
    this.#ownDirs = ownDirs;
    live.add(child);
    this.#exit = Promise.all([child.status, log.drained]).then(([status]) => {
      this.#exited = true;
      live.delete(child);
      return { code: status.code, signal: status.signal };
    });
  }

  get pid(): number {
    return this.#child.pid;
  }

  get exitPromise(): Promise<NodeExit> {
    return this.#exit;
  }

  get exited(): boolean {
    return this.#exited;
  }

  async stop(signal: Deno.Signal = "SIGTERM", options: { timeoutMs?: number } = {}) {
    if (this.#exited) return await this.#exit;
    this.#child.kill(signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), options.timeoutMs ?? 20000);
    });
    const first = await Promise.race([this.#exit, timeout]);
    clearTimeout(timer);
    if (first !== "timeout") return first;
    this.#child.kill("SIGKILL");
    return await this.#exit;
  }

  kill(): Promise<NodeExit> {
    return this.stop("SIGKILL");
  }

  logs(): string {
    return this.#log.text();
  }

  async cleanup(): Promise<void> {
    await this.kill();
    for (const dir of this.#ownDirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#exited) await this.stop();
    await this.cleanup();
  }
}

/** Resolves when the port accepts a connection and sends the first bytes of a greeting. */
async function _greets(port: number, hostname: string): Promise<boolean> {
  let conn: Deno.TcpConn | undefined;
  try {
    conn = await Deno.connect({ hostname, port });
    const buf = new Uint8Array(5);
    const read = conn.read(buf).catch(() => null);
    const timer = new Promise<null>((r) => setTimeout(() => r(null), 2000));
    const n = await Promise.race([read, timer]);
    // Byte 4 is the protocol version (10) of HandshakeV10, or 0xff for an ERR packet
    // (a server that is up but refusing, e.g. too many connections).
    return n !== null && n >= 5 && (buf[4] === 10 || buf[4] === 0xff);
  } catch {
    return false;
  } finally {
    try {
      conn?.close();
    } catch {
      // Closed by the peer already.
    }
  }
}

function _failure(what: string, log: LogBuffer, args: string[]): Error {
  return new Error(
    `Marmot node failed to start: ${what}\n` +
      `command: deno ${args.join(" ")}\n` +
      `--- process output (last lines) ---\n${log.tail(60) || "(nothing)"}`,
  );
}

async function _startOnce(
  options: StartNodeOptions,
  dataDir: string,
  ownDirs: string[],
  configFile: string | undefined,
): Promise<_Node> {
  const mysqlPort = options.mysqlPort ?? freePort();
  const grpcPort = options.grpcPort ?? freePort();
  const args = [
    "run",
    "-A",
    options.mainModule ?? MAIN,
    "-data-dir",
    dataDir,
    "-mysql-port",
    String(mysqlPort),
    "-grpc-port",
    String(grpcPort),
  ];
  // Every test node gets its own admin port, so nodes never fight over the default 8090
  // (unless the test chose one in its config or arguments).
  const adminChosen = (options.args ?? []).includes("-admin-port") ||
    (configFile !== undefined && /^\[admin\]/m.test(Deno.readTextFileSync(configFile)));
  if (!adminChosen) args.push("-admin-port", String(freePort()));
  if (options.nodeId !== undefined) args.push("-node-id", String(options.nodeId));
  if (configFile) args.push("-config", configFile);
  args.push(...(options.args ?? []));
  const inNamespace = options.netns !== undefined;
  const child = new Deno.Command(inNamespace ? "ip" : Deno.execPath(), {
    // `ip netns exec` execs the program: the child's pid is the node's.
    args: inNamespace ? ["netns", "exec", options.netns!, Deno.execPath(), ...args] : args,
    cwd: REPO,
    // Plain text in logs() and error messages.
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = new LogBuffer(child.stdout, child.stderr);
  const node = new _Node(child, log, mysqlPort, grpcPort, dataDir, ownDirs);

  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  while (!(await _greets(mysqlPort, options.host ?? "127.0.0.1"))) {
    if (node.exited) {
      const { code, signal } = await node.exitPromise;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      throw _failure(
        `process exited with ${how} before accepting MySQL connections on port ${mysqlPort}`,
        log,
        args,
      );
    }
    if (Date.now() > deadline) {
      await node.kill();
      throw _failure(
        `no MySQL greeting on port ${mysqlPort} within ${options.timeoutMs ?? 30000} ms ` +
          "(process killed)",
        log,
        args,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return node;
}

/**
 * Starts a node and waits for its MySQL greeting.
 * @throws {Error} "Marmot node failed to start: ..." with the process's last output
 */
export async function startNode(options: StartNodeOptions = {}): Promise<NodeHandle> {
  const ownDirs: string[] = [];
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    dataDir = await Deno.makeTempDir({ prefix: "marmot-node-" });
    ownDirs.push(dataDir);
  }
  let configFile = options.configFile;
  if (options.config !== undefined) {
    const dir = await Deno.makeTempDir({ prefix: "marmot-config-" });
    ownDirs.push(dir);
    configFile = `${dir}/config.toml`;
    await Deno.writeTextFile(configFile, options.config);
  }
  const portsChosenHere = options.mysqlPort === undefined && options.grpcPort === undefined;
  for (let attempt = 1;; attempt++) {
    try {
      return await _startOnce(options, dataDir, ownDirs, configFile);
    } catch (error) {
      // Another process may take a port between freePort() and the server's bind.
      const portTaken = error instanceof Error &&
        /address already in use|AddrInUse/i.test(error.message);
      if (!portTaken || !portsChosenHere || attempt >= PORT_RETRIES) {
        for (const dir of ownDirs) await Deno.remove(dir, { recursive: true }).catch(() => {});
        throw error;
      }
    }
  }
}
