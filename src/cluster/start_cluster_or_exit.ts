/**
 * What main.ts calls: the cluster started, or why not as one fatal log line and a non-zero
 * exit instead of an uncaught exception: a refused join (duplicate node id, removed node,
 * wrong cluster secret) exits with 3, anything else (peer port taken, unreadable membership
 * file) with 1.
 */
import type { Config, Logger } from "../config/mod.ts";
import { type Cluster, startCluster, type StartClusterOptions } from "./cluster.ts";
import { JoinRefusedError } from "./errors.ts";

/** Exit code of a node that could not join its cluster. */
export const JOIN_REFUSED_EXIT_CODE = 3;

/** Options for `startClusterOrExit`; tests replace the exit. */
export interface StartClusterOrExitOptions extends StartClusterOptions {
  exit?: (code: number) => never;
}

/** Starts the cluster, or logs why this node cannot join and exits. */
export async function startClusterOrExit(
  config: Config,
  logger: Logger,
  options: StartClusterOrExitOptions = {},
): Promise<Cluster> {
  try {
    return await startCluster(config, logger, options);
  } catch (error) {
    const refused = error instanceof JoinRefusedError;
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal(refused ? {} : { err: error }, message);
    return (options.exit ?? Deno.exit)(refused ? JOIN_REFUSED_EXIT_CODE : 1);
  }
}
