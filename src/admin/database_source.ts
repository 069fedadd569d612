/**
 * What the admin API reads of this node's databases, as small interfaces that storage's
 * `DatabaseRegistry` and `Database` fit, and a read snapshot held across turns.
 */
import type { DatabaseSync } from "node:sqlite";

/** A pooled connection for one read transaction (storage's `Connection` fits). */
export interface SnapshotConnection {
  readonly db: DatabaseSync;
}

/**
 * One database (storage's `Database` fits). Its snapshot connections are counted by the WAL
 * checkpointer, which skips truncating the WAL while one is open instead of blocking on it.
 */
export interface SnapshotSource {
  takeSnapshot(): Promise<SnapshotConnection>;
  releaseSnapshot(conn: SnapshotConnection): void;
}

/** This node's user databases (storage's `DatabaseRegistry` fits). */
export interface DatabaseSource {
  /** Names, sorted. */
  names(): string[];
  /** @throws {Error} (MySQL 1049) for a database that does not exist */
  get(name: string): SnapshotSource;
}

/**
 * Runs `read` inside one read transaction on a snapshot connection of `source`, so every
 * query it makes, across any number of turns, sees the same committed state.
 */
export async function withSnapshot<T>(
  source: SnapshotSource,
  read: (db: DatabaseSync) => Promise<T> | T,
): Promise<T> {
  const conn = await source.takeSnapshot();
  try {
    conn.db.exec("BEGIN");
    return await read(conn.db);
  } finally {
    // Closed: the database was dropped or its file replaced meanwhile, and took its pool along.
    if (conn.db.isOpen) {
      if (conn.db.isTransaction) conn.db.exec("ROLLBACK");
      source.releaseSnapshot(conn);
    }
  }
}

/**
 * The highest sequence number the database's commit log ever gave out (0 before the first
 * commit). Every replicated or local commit, DDL included, takes one in the same SQLite
 * transaction as its rows, and AUTOINCREMENT keeps it even after old entries are collected,
 * so an unchanged value means unchanged tables.
 */
export function commitSeq(db: DatabaseSync): number {
  const row = db.prepare(
    "SELECT seq FROM main.sqlite_sequence WHERE name = '__marmot_commit_log'",
  ).get() as { seq: number | bigint } | undefined;
  return Number(row?.seq ?? 0);
}
