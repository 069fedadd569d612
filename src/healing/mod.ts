/**
 * Healing: the commit-log server peers pull from, and this node's anti-entropy that pulls
 * theirs (snapshots when a log no longer reaches back far enough).
 */
import type { Config, Logger } from "../config/mod.ts";
import type { Cluster } from "../cluster/mod.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { AntiEntropy, type SnapshotRestorer } from "./anti_entropy.ts";
import { registerLogServer } from "./log_server.ts";

export { AntiEntropy } from "./anti_entropy.ts";

export interface Healing {
  antiEntropy: AntiEntropy;
  close(): void;
}

/** Serves this node's logs and starts pulling the peers' (unless disabled in the config). */
export function startHealing(
  config: Config,
  deps: {
    cluster: Cluster;
    registry: DatabaseRegistry;
    logger: Logger;
    restoreSnapshot?: SnapshotRestorer;
    onApplied?: (txnId: string) => void;
  },
): Healing {
  registerLogServer(deps.cluster.rpc, deps.registry);
  const antiEntropy = new AntiEntropy({
    ...deps,
    logger: deps.logger.child({ component: "anti-entropy" }),
    intervalMs: config.replication.anti_entropy_interval_seconds * 1000,
    timeoutMs: config.replication.write_timeout_ms * 6,
  });
  if (config.replication.enable_anti_entropy) antiEntropy.start();
  return { antiEntropy, close: () => antiEntropy.close() };
}
