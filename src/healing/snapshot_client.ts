/**
 * Restores one database from a peer's snapshot (reference §6.5): download (resumable,
 * checksummed) into `data_dir/snapshot-<name>/`, then install atomically. Anti-entropy calls
 * it when this node has no copy of a database or a peer's log no longer reaches back to the
 * position this node pulled it to.
 */
import { join } from "node:path";
import type { Logger } from "../config/mod.ts";
import type { PeerRpc } from "../cluster/mod.ts";
import { type DatabaseRegistry, validateName } from "../storage/database_registry.ts";
import { downloadSnapshot } from "./snapshot_download.ts";
import { installSnapshot } from "./snapshot_install.ts";

export { registerSnapshotServer, type SnapshotServer } from "./snapshot_server.ts";
export { snapshotHttpAddress } from "./snapshot_http.ts";
export { SNAPSHOT_HTTP_PATH } from "./snapshot_messages.ts";

export interface SnapshotRestoreDeps {
  rpc: PeerRpc;
  registry: DatabaseRegistry;
  dataDir: string;
  logger: Logger;
  /** `[cluster] cluster_secret`, sent with HTTP range requests (default none). */
  secret?: string;
}

export interface RestoreOptions {
  /** Bound of each call to the peer; the first includes the peer making its export
   * (default 120 s). */
  timeoutMs?: number;
  /** Chunks in flight (default 4). */
  inFlight?: number;
}

/** What a restore installed. */
export interface RestoredSnapshot {
  /** The peer's log position the file holds (pull that peer after it). */
  lastSeq: number;
  schemaVersion: number;
  bytes: number;
  ms: number;
}

/** Restores running in this process, by data dir and database. */
const _running = new Set<string>();

/**
 * Replaces `database` here (created if missing) by `peer`'s current copy of it.
 * @throws {MysqlError} 1102 for a name that cannot be a database
 * @throws {PeerUnavailableError} the peer cannot be reached (a later call resumes)
 * @throws {Error} the snapshot failed its checks, the database was dropped here later than
 *   the peer created it, or a restore of it is already running
 */
export async function restoreDatabaseFromPeer(
  deps: SnapshotRestoreDeps,
  peer: number,
  database: string,
  options: RestoreOptions = {},
): Promise<RestoredSnapshot> {
  validateName(database);
  const key = `${deps.dataDir}\u0000${database}`;
  if (_running.has(key)) throw new Error(`A restore of ${database} is already running`);
  _running.add(key);
  try {
    const started = performance.now();
    const logger = deps.logger.child({ component: "snapshot-restore" });
    const dir = join(deps.dataDir, `snapshot-${database}`);
    const { path, info, fetched } = await downloadSnapshot(peer, database, {
      rpc: deps.rpc,
      logger,
      dir,
      timeoutMs: options.timeoutMs ?? 120_000,
      secret: deps.secret,
      inFlight: options.inFlight,
    });
    const downloadMs = Math.round(performance.now() - started);
    _createIfMissing(deps.registry, database, info.generation, peer);
    const { reapplied } = await installSnapshot(deps.registry, database, path, { logger });
    await Deno.remove(dir, { recursive: true });
    const ms = Math.round(performance.now() - started);
    logger.info(
      {
        database,
        peer,
        bytes: info.size,
        fetched,
        ms,
        downloadMs,
        lastSeq: info.lastSeq,
        reapplied,
      },
      "Restored a database from a peer's snapshot",
    );
    return { lastSeq: info.lastSeq, schemaVersion: info.schemaVersion, bytes: info.size, ms };
  } finally {
    _running.delete(key);
  }
}

/** Creates `database` here for the peer's copy, unless it was dropped here later than the
 * peer created it (generation 0: a file the peer adopted, never created by a statement). */
function _createIfMissing(
  registry: DatabaseRegistry,
  database: string,
  generation: number,
  peer: number,
): void {
  if (registry.has(database)) return;
  const local = registry.generation(database);
  if (
    generation > local
      ? registry.create(database, generation)
      : local === 0 && registry.create(database)
  ) {
    return;
  }
  throw new Error(
    `Cannot restore ${database} from node ${peer}: dropped here after the peer created it`,
  );
}
