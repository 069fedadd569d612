/**
 * Replication: the coordinator of writes made on this node and the participant serving the
 * other nodes' two-phase commits, sharing this node's clock and intents.
 */
import type { Config, Logger } from "../config/mod.ts";
import type { Cluster, Consistency } from "../cluster/mod.ts";
import type { Changes } from "../storage/committed_txn.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { HybridClock } from "../types/hlc.ts";
import { Coordinator } from "./coordinator.ts";
import { EXTENDED, IdGenerator } from "./id_generator.ts";
import { IntentTable } from "./intents.ts";
import { Participant } from "./participant.ts";

export { AutoIdSource } from "./auto_ids.ts";
export { Coordinator } from "./coordinator.ts";
export { Participant } from "./participant.ts";

export interface Replication {
  coordinator: Coordinator;
  participant: Participant;
  clock: HybridClock;
  close(): void;
}

/** Starts replication for this node's databases over `cluster`. */
export function startReplication(
  config: Config,
  cluster: Cluster,
  registry: DatabaseRegistry,
  logger: Logger,
  hooks: { onStaleRead?: (database: string) => void } = {},
): Replication {
  const log = logger.child({ component: "replication" });
  const clock = new HybridClock(cluster.nodeId);
  const intents = new IntentTable({ maxKeys: 1_000_000 });
  const participant = new Participant(cluster.rpc, {
    registry,
    clock,
    intents,
    logger: log,
    schemaWaitMs: config.replication.write_timeout_ms,
    heartbeatTimeoutMs: config.transaction.heartbeat_timeout_seconds * 1000,
    maxPrepared: 100_000,
  });
  const coordinator = new Coordinator({
    cluster,
    clock,
    intents,
    rowids: new IdGenerator(cluster.nodeId, EXTENDED),
    logger: log,
    defaultConsistency: writeLevel(config.replication.default_write_consistency),
    writeTimeoutMs: config.replication.write_timeout_ms,
    ddlTimeoutMs: config.replication.ddl_validation_timeout_ms,
    abortTimeoutMs: config.coordinator.abort_timeout_ms,
    heartbeatTimeoutMs: config.transaction.heartbeat_timeout_seconds * 1000,
    afterPrepare: afterPrepareHook(cluster.nodeId),
    onStaleRead: hooks.onStaleRead,
  });
  // Peers compare schema versions (promotion, snapshot choice): gossip ours.
  const gossipSchema = setInterval(() => {
    const versions: Record<string, number> = {};
    for (const name of registry.names()) {
      versions[name] = registry.get(name).replicatedSchemaVersion;
    }
    cluster.setSchemaVersions(versions);
  }, 1000);
  return {
    coordinator,
    participant,
    clock,
    close: () => {
      clearInterval(gossipSchema);
      participant.close();
    },
  };
}

/** The configured level as one the coordinator knows (LOCAL_ONE is ONE; TWO and THREE are
 * served as QUORUM, which is what they mean in a three-node cluster). */
function writeLevel(configured: string): Consistency {
  if (configured === "ONE" || configured === "LOCAL_ONE") return "ONE";
  if (configured === "ALL") return "ALL";
  return "QUORUM";
}

/**
 * For tests of coordinators that die or stall between the two phases (issue 5): with
 * MARMOT_TEST_CRASH_AFTER_PREPARE (SIGKILL) or MARMOT_TEST_STOP_AFTER_PREPARE (SIGSTOP: the
 * test sends SIGCONT) set to `<table>` or `<table>@<node id>`, the process (that node only)
 * signals itself the first time a transaction writing <table> is prepared on every node, before
 * any COMMIT leaves.
 */
function afterPrepareHook(nodeId: number): ((changes: Changes) => void) | undefined {
  for (const [name, signal] of TEST_SIGNALS) {
    const [table, node] = (Deno.env.get(name) ?? "").split("@");
    if (!table || (node !== undefined && Number(node) !== nodeId)) continue;
    let fired = false;
    return (changes) => {
      if (fired || !changes.rows.some((r) => r.table === table)) return;
      fired = true; // once: a statement retried after the stall must go through
      Deno.kill(Deno.pid, signal);
    };
  }
  return undefined;
}

const TEST_SIGNALS: Array<[string, Deno.Signal]> = [
  ["MARMOT_TEST_CRASH_AFTER_PREPARE", "SIGKILL"],
  ["MARMOT_TEST_STOP_AFTER_PREPARE", "SIGSTOP"],
];
