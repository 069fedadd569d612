/**
 * Healing: the commit-log server peers pull from, and this node's anti-entropy that pulls
 * theirs (snapshots when a log no longer reaches back far enough).
 */
import type { Config, Logger } from "../config/mod.ts";
import type { Cluster } from "../cluster/mod.ts";
import type { CommittedTxn } from "../storage/committed_txn.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { AntiEntropy, type SnapshotRestorer } from "./anti_entropy.ts";
import { collectDatabase, ConsumedPositions } from "./log_gc.ts";
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
    onApplied?: (txn: CommittedTxn) => void;
  },
): Healing {
  const consumed = new ConsumedPositions();
  registerLogServer(deps.cluster.rpc, deps.registry, consumed);
  const antiEntropy = new AntiEntropy({
    ...deps,
    logger: deps.logger.child({ component: "anti-entropy" }),
    intervalMs: config.replication.anti_entropy_interval_seconds * 1000,
    snapshotThreshold: config.replication.delta_sync_threshold_transactions,
    timeoutMs: config.replication.write_timeout_ms * 6,
  });
  if (config.replication.enable_anti_entropy) antiEntropy.start();
  const gc = setInterval(
    () => void collectLogs(config, deps, consumed),
    config.replication.gc_interval_seconds * 1000,
  );
  return {
    antiEntropy,
    close: () => {
      clearInterval(gc);
      antiEntropy.close();
    },
  };
}

const HOUR_MS = 3_600_000;

/** One GC round over every database (failures are logged and retried next round). */
async function collectLogs(
  config: Config,
  deps: { cluster: Cluster; registry: DatabaseRegistry; logger: Logger },
  consumed: ConsumedPositions,
): Promise<void> {
  const { cluster, registry, logger } = deps;
  const members = cluster.members().filter((m) =>
    m.nodeId !== cluster.nodeId && m.status !== "REMOVED"
  );
  for (const name of registry.names()) {
    try {
      const safe = members.length === 0
        ? Number.MAX_SAFE_INTEGER
        : consumed.safe(members.map((m) => m.nodeId), name);
      const result = await collectDatabase(registry.get(name), safe, {
        minRetentionMs: config.replication.gc_min_retention_hours * HOUR_MS,
        maxRetentionMs: config.replication.gc_max_retention_hours * HOUR_MS,
        chunk: 1000,
      });
      if (result.entries + result.tombstones > 0) {
        logger.info({ database: name, ...result }, "Collected commit log entries and tombstones");
      }
    } catch (err) {
      logger.warn({ database: name, err: String(err) }, "Commit log collection failed");
    }
  }
}
