/**
 * What the write path needs from replication (implemented in src/replication, wired by
 * main.ts). A write runs here first, in a SQLite transaction with change capture; then
 * `prepare` claims the rows' intents and decides whether other nodes take part.
 */
import type { Database } from "../storage/database.ts";
import type { DdlChange, RowChange } from "../types/row_change.ts";

/** What one local transaction changed in one database. */
export interface LocalChanges {
  rows: RowChange[];
  ddl: DdlChange[];
}

/** A transaction whose intents are held here, ready to commit. */
export interface PreparedWrite {
  /** True when no other node takes part now: the caller commits its open SQLite transaction
   * after `recordInPlace()`. Otherwise it rolls back, releases the write lock and calls
   * `replicate()`, which commits on the other nodes and applies here. */
  readonly inPlace: boolean;
  /** Stamps row versions and writes the commit-log entry into the open transaction. */
  recordInPlace(): void;
  /** Two-phase commit with the other nodes, then the local apply. */
  replicate(): Promise<void>;
  /** Releases the intents (always, at the end). */
  finish(): void;
}

export interface Replicator {
  /**
   * Claims the intents of `changes` (MySQL 1213 when another transaction holds one) and
   * chooses where it commits at `consistency` (default: the configured level); fails with a
   * clear error when that level cannot be reached.
   */
  prepare(db: Database, changes: LocalChanges, consistency: string | null): PreparedWrite;
  /** A rowid for a new row of a table without a primary key, unique cluster-wide. */
  newRowid(): bigint;
  /**
   * CREATE / DROP DATABASE on every node (`generation` above every earlier operation on the
   * name); `applyHere` runs it on this node once the others prepared it.
   */
  databaseOp(
    op: { op: "create" | "drop"; name: string; generation: number },
    consistency: string | null,
    applyHere: () => void,
  ): Promise<void>;
}
