/**
 * Composition root: parse flags, load the config, build the parts and wire them together.
 * Holds no logic of its own.
 */
import { DatabaseSync } from "node:sqlite";
import { startAdmin } from "./src/admin/mod.ts";
import { startClusterOrExit } from "./src/cluster/mod.ts";
import { createLogger, loadConfigOrExit } from "./src/config/mod.ts";
import { MysqlServer } from "./src/mysql/server.ts";
import { type Healing, startHealing } from "./src/healing/mod.ts";
import {
  registerSnapshotServer,
  restoreDatabaseFromPeer,
  SNAPSHOT_HTTP_PATH,
  snapshotHttpAddress,
} from "./src/healing/snapshot_client.ts";
import { onShutdown, reportReady, runAsDaemon, writePidFile } from "./src/process/mod.ts";
import { AutoIdSource, startReplication } from "./src/replication/mod.ts";
import { SessionManager } from "./src/session/session_manager.ts";
import { statementContext } from "./src/session/statement_context.ts";
import { executeDdl } from "./src/sql/ddl/mod.ts";
import { registerMysqlFunctions } from "./src/sql/functions/mod.ts";
import { defaultSystemVariables } from "./src/sql/system_variables.ts";
import { Translator } from "./src/sql/translator.ts";
import { Connection } from "./src/storage/connection.ts";
import { DatabaseRegistry } from "./src/storage/database_registry.ts";

const SERVER_VERSION = "8.0.32-Marmot";

async function main(): Promise<void> {
  const { config, warnings, flags } = await loadConfigOrExit(Deno.args);
  if (flags.daemon) return await runAsDaemon(Deno.args, config);
  const logger = createLogger(config.logging, { base: { node_id: config.node_id } });
  for (const w of warnings) logger.warn(w);
  const removePidFile = flags.pidFile ? writePidFile(flags.pidFile) : undefined;

  // Databases open (and register functions) before the cluster starts; ids are generated
  // only once it has.
  let autoIds: AutoIdSource | null = null;
  const withFunctions = (db: DatabaseSync) =>
    registerMysqlFunctions(db, {
      now: () => statementContext.now,
      statementId: () => statementContext.id,
      timeZone: () => statementContext.timeZone,
      onLastInsertId: (v) => statementContext.hooks?.setLastInsertId(v),
      lastInsertId: () => statementContext.hooks?.lastInsertId() ?? 0,
      userVariables: () => statementContext.hooks?.userVariables ?? null,
      autoId: (table, bits, floor, schema) => autoIds?.next(table, bits, floor, schema) ?? null,
      onGeneratedId: (v) => statementContext.hooks?.generatedId(v),
      onDivisionByZero: () => statementContext.hooks?.divisionByZero(),
      onWarning: (code, message) => statementContext.hooks?.warning(code, message),
      onNullIntoNotNull: (column, single) =>
        statementContext.hooks?.nullIntoNotNull(column, single),
      onStoreIssue: (issue, column) => statementContext.hooks?.storeIssue(issue, column),
      onSleep: (ms) => statementContext.hooks?.sleep(ms) !== undefined,
      userLocks: () => statementContext.hooks?.userLocks ?? null,
    });
  const registry = new DatabaseRegistry(config.data_dir, {
    connection: { onOpen: withFunctions, synchronous: config.storage.synchronous },
    lock: {
      timeoutMs: config.transaction.lock_wait_timeout_seconds * 1000,
      maxWaiters: config.mysql.max_connections,
    },
    runDdl: (db, sql, database) => void executeDdl(sql, { database, db }),
  });
  // A JOINING node is promoted once anti-entropy caught up with its peers.
  let healing: Healing | null = null;
  const cluster = await startClusterOrExit(config, logger, {
    promotionGate: () =>
      !config.replication.enable_anti_entropy || (healing?.antiEntropy.caughtUp ?? false),
  });
  const replication = startReplication(config, cluster, registry, logger, {
    // A peer refused a write built on this node's old copy of a row: catch up now rather than
    // at the next anti-entropy round, so the client's retry goes through.
    onStaleRead: () => void healing?.antiEntropy.runRound(),
  });
  const snapshots = registerSnapshotServer(cluster.rpc, registry, {
    dataDir: config.data_dir,
    logger,
    secret: config.cluster.cluster_secret,
  });
  healing = startHealing(config, {
    cluster,
    registry,
    logger,
    restoreSnapshot: (peer, database) =>
      restoreDatabaseFromPeer(
        {
          rpc: cluster.rpc,
          registry,
          dataDir: config.data_dir,
          logger,
          secret: config.cluster.cluster_secret,
        },
        peer,
        database,
      ),
    onApplied: (txn) => {
      // A row's version from a peer's log may be ahead of this clock: a write here that
      // builds on it must be stamped after it, or last-writer-wins would undo that write.
      replication.clock.update(txn.commitTs);
      replication.participant.settled(txn.txnId);
    },
  });
  autoIds = new AutoIdSource(
    cluster.nodeId,
    config.mysql.auto_id_mode === "extended" ? "extended" : "compact",
    () => cluster.members().filter((m) => m.status !== "REMOVED").map((m) => m.nodeId),
  );
  const scratchDb = new DatabaseSync(":memory:");
  withFunctions(scratchDb);
  const globals = defaultSystemVariables();
  globals.set("port", config.mysql.port);
  globals.set("max_allowed_packet", config.mysql.max_allowed_packet);
  globals.set("max_connections", config.mysql.max_connections);
  globals.set("datadir", config.data_dir);

  const sessions = new SessionManager({
    registry,
    translator: new Translator({ cacheSize: config.query_pipeline.transpiler_cache_size }),
    scratch: new Connection(scratchDb, { version: 0 }),
    globals,
    replicator: replication.coordinator,
  }, {
    accounts: config.mysql.users.map((u) => ({ user: u.name, password: u.password })),
    serverVersion: SERVER_VERSION,
  });

  const server = new MysqlServer({
    executor: sessions,
    host: config.mysql.bind_address,
    port: config.mysql.port,
    unixSocket: config.mysql.unix_socket || undefined,
    unixSocketMode: config.mysql.unix_socket_perm,
    maxConnections: config.mysql.max_connections,
    maxAllowedPacket: config.mysql.max_allowed_packet,
    logger,
    drainTimeoutMs: config.cluster.shutdown_grace_period_ms,
  });
  try {
    await server.start();
  } catch (err) {
    // Already a member by now: leave, so the others stop counting this node, then exit.
    const where = [`${config.mysql.bind_address}:${config.mysql.port}`, config.mysql.unix_socket]
      .filter(Boolean).join(", ");
    const reason = err instanceof Error ? err.message : String(err);
    logger.fatal({ err }, `Cannot listen for MySQL clients on ${where}: ${reason}`);
    await cluster.leave();
    removePidFile?.();
    Deno.exit(1);
  }
  const admin = startAdmin(config, {
    cluster,
    databases: registry,
    routes: { [SNAPSHOT_HTTP_PATH]: snapshots.httpRoute },
  }, logger);
  // Peers fetch snapshot bytes from the admin listener (much faster than the peer stream).
  if (admin !== null) {
    snapshots.offerHttp(snapshotHttpAddress(config.cluster.grpc_advertise_address, admin.port));
    snapshots.offerStream(config.admin.bind_address, config.cluster.grpc_advertise_address);
  }
  logger.info(
    { mysqlPort: config.mysql.port, dataDir: config.data_dir, nodeId: config.node_id },
    "Marmot node ready",
  );
  reportReady();

  onShutdown(async (signal) => {
    logger.info({ signal }, "Shutting down: draining connections");
    await cluster.leave();
    await server.close();
    await sessions.closeAll();
    healing.close();
    snapshots.close();
    replication.close();
    await cluster.close({ keepChannels: true }); // the process exits next
    registry.close();
    removePidFile?.();
    logger.info("Stopped");
  });
}

if (import.meta.main) await main();
