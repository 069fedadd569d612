/**
 * Joiner side of a join through seeds (reference §3.6, §1.5 step 4): up to 3 attempts over
 * the seed list, 500 ms apart, with growing deadlines. A seed's refusal (duplicate node id,
 * removed node) or a rejected cluster secret is final; unreachable seeds are not.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "../config/mod.ts";
import { JoinRefusedError } from "./errors.ts";
import type { NodeInfo } from "./node_info.ts";
import { isGrpcError, type PeerClients } from "./peer_clients.ts";
import { fromWire, type JoinRequest, type JoinResponse } from "./proto.ts";

/** Options for `joinCluster`. */
export interface JoinOptions {
  clients: PeerClients;
  logger: Logger;
  /** Deadline of each attempt; its length is the number of attempts. */
  attemptTimeoutsMs?: number[];
  /** Pause between attempts. */
  gapMs?: number;
  /** Stops retrying when it returns true (the cluster is closing). */
  cancelled?: () => boolean;
}

/**
 * Asks the seeds in turn to admit this node; returns the registry of the first that does,
 * or undefined when none could be reached.
 * @throws {JoinRefusedError} when a seed refuses this node or its cluster secret
 */
export async function joinCluster(
  seeds: readonly string[],
  request: JoinRequest,
  options: JoinOptions,
): Promise<NodeInfo[] | undefined> {
  const timeouts = options.attemptTimeoutsMs ?? [5000, 10000, 15000];
  for (let attempt = 0; attempt < timeouts.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, options.gapMs ?? 500));
    for (const seed of seeds) {
      if (options.cancelled?.()) return undefined;
      let response: JoinResponse;
      try {
        response = await options.clients.unary<JoinRequest, JoinResponse>(
          seed,
          "Join",
          request,
          timeouts[attempt]!,
        );
      } catch (error) {
        if (isGrpcError(error, grpc.status.UNAUTHENTICATED)) {
          throw new JoinRefusedError(
            `Seed ${seed} refused this node's cluster secret ` +
              "(check [cluster] cluster_secret or MARMOT_CLUSTER_SECRET)",
          );
        }
        options.logger.debug(
          { seed, attempt: attempt + 1, err: (error as Error).message },
          "Join attempt failed",
        );
        continue;
      }
      if (!response.success) {
        throw new JoinRefusedError(`Seed ${seed} refused the join: ${response.error_message}`);
      }
      return response.cluster_nodes.map(fromWire);
    }
  }
  return undefined;
}
