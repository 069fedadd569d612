/**
 * What main.ts calls: the cluster started, or a refused join (duplicate node id, removed
 * node, wrong cluster secret) shown as one clear log line and a non-zero exit instead of a
 * stack trace.
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
    if (!(error instanceof JoinRefusedError)) throw error;
    logger.fatal(error.message);
    return (options.exit ?? Deno.exit)(JOIN_REFUSED_EXIT_CODE);
  }
}
