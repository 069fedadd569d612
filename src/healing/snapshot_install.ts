/**
 * Installs a downloaded snapshot as a database's file, atomically (reference §6.5).
 *
 * Before the swap, with the database's write lock held and its connections closed:
 *   1. the old file's WAL is checkpointed into it and truncated (TRUNCATE; refused if another
 *      process holds the file), so the old file alone is complete;
 *   2. the new file is opened on its own and gets this node's commits it lacks (read from the
 *      old file's commit log, applied through the versioned applier: LWW and exactly-once),
 *      and its log positions continue after the old file's highest, so peers that pulled this
 *      node's log up to some position miss none of the commits made after the install;
 *      then its WAL is checkpointed away and the file fsynced.
 * The swap:
 *   3. `<name>.db-wal` and `-shm` are removed;
 *   4. the new file is renamed over `<name>.db` (atomic), and the directory fsynced.
 * A crash before 3 leaves the old file with an empty WAL; between 3 and 4 the old file alone,
 * complete since 1; after 4 the new file without a WAL. Never the new file with the old WAL
 * (removed first) nor a partly overwritten file (nothing writes into either in place). A
 * crash during 2 leaves the download modified: the next attempt finds its chunks no longer
 * matching their hashes and fetches them again.
 *
 * Which commits are re-applied: those of the old log that the new file's log lacks and that
 * are not older than the new log's first entry. Older ones are not: the peer's log no longer
 * covers that time, and their rows may have been deleted and the tombstones collected there,
 * so applying them would bring deleted rows back. With an empty new log, every lacking one.
 */
import { DatabaseSync } from "node:sqlite";
import { dirname } from "node:path";
import type { Logger } from "../config/mod.ts";
import { decodeTxn } from "../storage/committed_txn.ts";
import type { Database } from "../storage/database.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import type { ApplyOutcome } from "../storage/versioned_apply.ts";
import { fsyncDir, removeIfExists } from "./snapshot_files.ts";

export interface InstallSnapshotOptions {
  logger: Logger;
  /** Test seam: runs just before the rename (a crash test exits the process here). */
  beforeRename?: () => void;
}

/** Re-applied commits awaited at a time (the apply queue bounds what waits). */
const REAPPLY_WINDOW = 1000;

/**
 * Replaces database `name`'s file by `file` (which the rename consumes); the database must
 * exist. Returns how many of this node's commits the new file got from the old one.
 * @throws {Error} another process holds the old file (nothing changed)
 */
export async function installSnapshot(
  registry: DatabaseRegistry,
  name: string,
  file: string,
  options: InstallSnapshotOptions,
): Promise<{ reapplied: number }> {
  let reapplied = 0;
  await registry.replaceFile(name, async (path) => {
    const old = new DatabaseSync(path);
    try {
      const r = old.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as { busy: number };
      if (r.busy !== 0) throw new Error(`Cannot install a snapshot of ${name}: ${path} is in use`);
      const next = registry.openDetached(name, file);
      try {
        reapplied = await _carryOver(old, next, options.logger);
        const c = next.writer.db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as {
          busy: number;
        };
        if (c.busy !== 0) throw new Error(`Cannot checkpoint the snapshot of ${name}`);
      } finally {
        next.close();
      }
    } finally {
      old.close();
    }
    for (const suffix of ["-wal", "-shm"]) removeIfExists(file + suffix);
    _fsyncFile(file);
    for (const suffix of ["-wal", "-shm"]) removeIfExists(path + suffix);
    options.beforeRename?.();
    Deno.renameSync(file, path);
    fsyncDir(dirname(path));
  });
  return { reapplied };
}

/** Moves `next`'s log positions past `old`'s and applies `old`'s commits `next` lacks. */
async function _carryOver(old: DatabaseSync, next: Database, logger: Logger): Promise<number> {
  const oldMax = _maxSeq(old);
  const w = next.writer.db;
  if (_maxSeq(w) < oldMax) {
    w.prepare("DELETE FROM sqlite_sequence WHERE name = '__marmot_commit_log'").run();
    w.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('__marmot_commit_log', ?)")
      .run(oldMax);
  }
  const first = w.prepare(
    "SELECT wall, logical, node FROM __marmot_commit_log ORDER BY seq LIMIT 1",
  ).get() as { wall: number; logical: number; node: number } | undefined;
  const entries = first === undefined
    ? old.prepare("SELECT txn_id, payload FROM __marmot_commit_log ORDER BY seq").iterate()
    : old.prepare(
      "SELECT txn_id, payload FROM __marmot_commit_log " +
        "WHERE (wall, logical, node) >= (?, ?, ?) ORDER BY seq",
    ).iterate(first.wall, first.logical, first.node);
  let applied = 0;
  let window: Array<Promise<ApplyOutcome | "failed">> = [];
  const settle = async () => {
    for (const outcome of await Promise.all(window)) if (outcome === "applied") applied++;
    window = [];
  };
  for (const row of entries as Iterable<{ txn_id: string; payload: Uint8Array }>) {
    if (next.applier.hasApplied(row.txn_id)) continue;
    const txnId = row.txn_id;
    window.push(
      next.applyQueue.apply(decodeTxn(row.payload)).catch((err) => {
        logger.warn({ database: next.name, txnId, err: String(err) }, "Cannot re-apply a commit");
        return "failed" as const;
      }),
    );
    if (window.length >= REAPPLY_WINDOW) await settle();
  }
  await settle();
  return applied;
}

/** The highest log position a file ever gave (0: none). */
function _maxSeq(db: DatabaseSync): number {
  const row = db.prepare(
    "SELECT seq FROM sqlite_sequence WHERE name = '__marmot_commit_log'",
  ).get() as { seq: number | bigint } | undefined;
  return Number(row?.seq ?? 0);
}

function _fsyncFile(path: string): void {
  const f = Deno.openSync(path, { read: true, write: true });
  try {
    f.syncSync();
  } finally {
    f.close();
  }
}
