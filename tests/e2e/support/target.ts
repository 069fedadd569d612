/**
 * The server an end-to-end test talks to: a fresh Marmot node (own temp data dir, free
 * ports), or, when `E2E_EXTERNAL_PORT` is set, an already running MySQL/MariaDB on
 * 127.0.0.1 (user root, no password). The external mode exists to check the tests
 * themselves against a real server; tests that need the node's process or files are
 * ignored there.
 */
import { type NodeExit, startNode } from "../../helpers/mod.ts";

/** A running server under test. */
export interface Target {
  readonly port: number;
  /** True when the server is an external MySQL/MariaDB, not a node we started. */
  readonly external: boolean;
  /** The node's data directory (empty string for an external server). */
  readonly dataDir: string;
  /** Stops the node with a signal (default SIGTERM) and waits for it to exit. */
  stop(signal?: Deno.Signal): Promise<NodeExit>;
  /** SIGKILLs the node and waits for it to exit. */
  kill(): Promise<NodeExit>;
  /** Stops the node if it runs and removes the data dir if it was created for it. */
  cleanup(): Promise<void>;
  /** The node's output so far (for failure messages). */
  logs(): string;
}

/** Options for `startTarget`. */
export interface StartTargetOptions {
  /** Reuse this data directory (restart tests). */
  dataDir?: string;
}

/** Port of an external server to test instead of a node, from E2E_EXTERNAL_PORT. */
export function externalPort(): number | undefined {
  const raw = Deno.env.get("E2E_EXTERNAL_PORT");
  return raw ? Number(raw) : undefined;
}

/** True when tests run against an external server (process- and file-level tests skip). */
export const EXTERNAL = externalPort() !== undefined;

/** Starts a fresh node, or wraps the external server. */
export async function startTarget(options: StartTargetOptions = {}): Promise<Target> {
  const port = externalPort();
  if (port !== undefined) {
    return {
      port,
      external: true,
      dataDir: "",
      stop: () => Promise.resolve({ code: 0, signal: null }),
      kill: () => Promise.resolve({ code: 0, signal: null }),
      cleanup: () => Promise.resolve(),
      logs: () => "",
    };
  }
  const node = await startNode(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  return {
    port: node.mysqlPort,
    external: false,
    dataDir: node.dataDir,
    stop: (signal?: Deno.Signal) => node.stop(signal),
    kill: () => node.kill(),
    cleanup: () => node.cleanup(),
    logs: () => node.logs(),
  };
}

/** Starts a target, runs `fn`, and always stops the target afterwards. */
export async function withTarget<T>(fn: (target: Target) => Promise<T>): Promise<T> {
  const target = await startTarget();
  try {
    return await fn(target);
  } catch (e) {
    if (!target.external) console.error(`--- node logs ---\n${target.logs().slice(-4000)}`);
    throw e;
  } finally {
    await target.stop();
    await target.cleanup();
  }
}
