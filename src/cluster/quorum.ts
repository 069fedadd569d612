/**
 * Quorum arithmetic (reference §3.7, §4.5 step 2): who a write goes to and how many
 * acknowledgements it needs, over the total membership so that a split cluster never
 * accepts writes on both sides.
 */
import { QuorumUnavailableError } from "./errors.ts";
import type { Consistency, NodeInfo, WriteTargets } from "./node_info.ts";

/** Options for `writeTargets`. */
export interface WriteTargetsOptions {
  /**
   * The node was told of other members (seeds configured) but knows only itself: it may have
   * lost its way to the cluster, so it must not take a quorum of one.
   */
  isolated?: boolean;
}

/** Members counted for quorum (all but REMOVED and LEAVING) and acknowledgements needed. */
export function requiredAcks(
  members: readonly NodeInfo[],
  level: Consistency,
): { total: number; required: number } {
  const counted = members.filter((m) => m.status !== "REMOVED" && m.status !== "LEAVING");
  const total = Math.max(counted.length, 1);
  const required = level === "ONE" ? 1 : level === "QUORUM" ? Math.floor(total / 2) + 1 : total;
  return { total, required };
}

/**
 * Targets of a write at `level` as `selfId` sees `members`.
 * @throws {QuorumUnavailableError} when fewer members are reachable (self plus ALIVE peers)
 *   than the level requires
 */
export function writeTargets(
  members: readonly NodeInfo[],
  selfId: number,
  level: Consistency,
  options: WriteTargetsOptions = {},
): WriteTargets {
  const self = members.find((m) => m.nodeId === selfId);
  if (!self) throw new Error(`Node ${selfId} is not in its own membership`);
  const { total, required } = requiredAcks(members, level);
  const replicas = members.filter((m) => m.nodeId !== selfId && m.status === "ALIVE");
  const reachable = [selfId, ...replicas.map((r) => r.nodeId)];
  if (options.isolated && level !== "ONE") {
    throw new QuorumUnavailableError(
      `Write at consistency ${level} refused: this node has seed nodes configured but knows ` +
        `no other member (reachable: node ${selfId})`,
    );
  }
  if (reachable.length < required) {
    throw new QuorumUnavailableError(
      `Write at consistency ${level} needs ${required} of ${total} nodes but only ` +
        `${reachable.length} reachable (nodes ${reachable.join(", ")})`,
    );
  }
  return { self, replicas, total, required };
}
