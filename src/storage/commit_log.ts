/**
 * Reading a database's local commit log (`__marmot_commit_log`, written by the versioned
 * applier in the same SQLite transaction as the rows) for peers that pull it, and the pull
 * cursors this node keeps per peer (reference §6.1-6.2).
 *
 * Positions (`seq`) grow in commit order: the file has one writer and AUTOINCREMENT never
 * reuses a number, so an entry with a lower position can never appear after a reader saw a
 * higher one and listing "after position p" skips nothing.
 */
import type { Database } from "./database.ts";

export interface LogPage {
  /** [seq, txn id] in position order. */
  entries: Array<[number, string]>;
  /** More entries follow the page. */
  more: boolean;
  /** The highest position ever given (0: none). */
  maxSeq: number;
  /** Entries up to this position were removed (GC): a puller behind it needs a snapshot. */
  truncatedThrough: number;
}

/** Up to `limit` entries after position `afterSeq`. */
export function listLog(db: Database, afterSeq: number, limit: number): LogPage {
  const conn = db.reader;
  const rows = conn.statement(
    "SELECT seq, txn_id FROM __marmot_commit_log WHERE seq > ? ORDER BY seq LIMIT ?",
  ).stmt.all(BigInt(afterSeq), BigInt(limit + 1)) as unknown as Array<[bigint, string]>;
  const more = rows.length > limit;
  const entries = rows.slice(0, limit).map(([seq, id]) => [Number(seq), id] as [number, string]);
  const bounds = conn.statement(
    "SELECT (SELECT seq FROM sqlite_sequence WHERE name = '__marmot_commit_log'), " +
      "(SELECT min(seq) FROM __marmot_commit_log)",
  ).stmt.get() as unknown as [bigint | null, bigint | null];
  const maxSeq = Number(bounds[0] ?? 0);
  const minSeq = bounds[1] === null ? maxSeq + 1 : Number(bounds[1]);
  return { entries, more, maxSeq, truncatedThrough: minSeq - 1 };
}

/** The stored transactions (encoded `CommittedTxn`) of `txnIds`, in that order; a missing
 * one (removed by GC meanwhile) is null. */
export function readLogPayloads(db: Database, txnIds: string[]): Array<Uint8Array | null> {
  const stmt = db.reader.statement("SELECT payload FROM __marmot_commit_log WHERE txn_id = ?").stmt;
  return txnIds.map((id) => {
    const row = stmt.get(id) as unknown as [Uint8Array] | undefined;
    return row === undefined ? null : row[0];
  });
}

/** How far this database has pulled `peer`'s log (0: nothing yet). */
export function pullCursor(db: Database, peer: number): number {
  const row = db.reader.statement("SELECT seq FROM __marmot_pull_cursor WHERE peer = ?").stmt
    .get(BigInt(peer)) as unknown as [bigint] | undefined;
  return row === undefined ? 0 : Number(row[0]);
}

/** Records the pull position (the caller holds the database's write lock). */
export function savePullCursor(db: Database, peer: number, seq: number): void {
  db.writer.statement(
    "INSERT INTO __marmot_pull_cursor (peer, seq) VALUES (?, ?) " +
      "ON CONFLICT (peer) DO UPDATE SET seq = excluded.seq",
  ).stmt.run(BigInt(peer), BigInt(seq));
}
