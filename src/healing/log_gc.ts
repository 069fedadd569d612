/**
 * Garbage collection of commit logs and tombstones (reference §4.13). An entry of a
 * database's commit log goes once every member has pulled past it and it is older than the
 * minimum retention, or in any case once it is older than the maximum retention (a member that
 * stays down must not make the log grow without bound: it comes back through a snapshot).
 * Tombstones (row versions of deleted rows) go after the maximum retention: by then every
 * transaction older than them has reached every node or been superseded by a snapshot.
 */
import type { Database } from "../storage/database.ts";

export interface LogGcOptions {
  /** Entries every member consumed are kept at least this long. */
  minRetentionMs: number;
  /** Entries and tombstones older than this go whatever was consumed; 0 = keep forever. */
  maxRetentionMs: number;
  /** Rows deleted per SQLite transaction (the write lock is held that long). */
  chunk: number;
}

/** Pull positions peers reported for this node's logs (what each has consumed). */
export class ConsumedPositions {
  #positions = new Map<string, number>();

  /** A peer listed `database`'s log after `seq`: it holds everything up to it. */
  record(peer: number, database: string, seq: number): void {
    const key = `${peer}\u0000${database}`;
    if (seq > (this.#positions.get(key) ?? 0)) this.#positions.set(key, seq);
  }

  /** The lowest position any of `peers` consumed (0 when one never reported). */
  safe(peers: number[], database: string): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of peers) min = Math.min(min, this.#positions.get(`${p}\u0000${database}`) ?? 0);
    return min === Number.POSITIVE_INFINITY ? 0 : min;
  }

  /** Forgets a removed member (it no longer holds collection back). */
  forget(peer: number): void {
    for (const key of [...this.#positions.keys()]) {
      if (key.startsWith(`${peer}\u0000`)) this.#positions.delete(key);
    }
  }
}

export interface GcResult {
  entries: number;
  tombstones: number;
}

/** Collects `db`'s log up to `safeSeq` (and past it by age), then old tombstones. */
export async function collectDatabase(
  db: Database,
  safeSeq: number,
  options: LogGcOptions,
  now = Date.now(),
): Promise<GcResult> {
  const minCutoff = now - options.minRetentionMs;
  const maxCutoff = options.maxRetentionMs > 0 ? now - options.maxRetentionMs : -1;
  // Only a prefix of the log goes, so "truncated through" stays one position: up to the
  // first entry that must stay.
  const firstKept = db.writer.statement(
    "SELECT min(seq) FROM __marmot_commit_log " +
      "WHERE NOT ((seq <= ? AND committed_at < ?) OR committed_at < ?)",
  ).stmt.get(BigInt(safeSeq), BigInt(minCutoff), BigInt(maxCutoff)) as unknown as [
    bigint | null,
  ];
  const end = firstKept[0] === null ? Number.MAX_SAFE_INTEGER : Number(firstKept[0]);
  const entries = await inChunks(db, options.chunk, (limit) =>
    db.writer.statement(
      "DELETE FROM __marmot_commit_log WHERE seq IN " +
        "(SELECT seq FROM __marmot_commit_log WHERE seq < ? ORDER BY seq LIMIT ?)",
    ).stmt.run(BigInt(end), BigInt(limit)).changes);
  let tombstones = 0;
  if (maxCutoff > 0) {
    tombstones = await inChunks(db, options.chunk, (limit) =>
      db.writer.statement(
        "DELETE FROM __marmot_row_version WHERE key IN (SELECT key FROM __marmot_row_version " +
          "WHERE deleted = 1 AND wall < ? LIMIT ?)",
      ).stmt.run(BigInt(maxCutoff), BigInt(limit)).changes);
  }
  return { entries, tombstones };
}

/** Runs `step` under the write lock, a chunk per lock hold, until it deletes nothing. */
async function inChunks(
  db: Database,
  chunk: number,
  step: (limit: number) => number | bigint,
): Promise<number> {
  const owner = {};
  let total = 0;
  for (;;) {
    const wait = db.lock.acquire(owner);
    if (wait !== undefined) await wait;
    let n: number;
    try {
      n = Number(step(chunk));
    } finally {
      db.lock.release(owner);
    }
    total += n;
    if (n < chunk) return total;
  }
}
