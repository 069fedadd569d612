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
  /** A new transaction id, unique cluster-wide. */
  begin(): string;
  /**
   * Takes the intents of `keys` for `txnId` (MySQL 1213 when another transaction holds one):
   * each statement of an explicit transaction claims its rows as it runs, so no other
   * transaction can commit them between this one's read and its commit.
   */
  claim(txnId: string, database: string, keys: string[]): void;
  /** Releases every intent of `txnId` (its transaction rolled back). */
  release(txnId: string): void;
  /**
   * After an autocommit statement failed with `err` (rolled back, nothing held): true when
   * it should run again, once the conflicting transaction is gone or after a short backoff.
   */
  retryAfterConflict(err: unknown, attempt: number): Promise<boolean>;
  /**
   * Claims the intents of `changes` (MySQL 1213 when another transaction holds one) and
   * chooses where it commits at `consistency` (default: the configured level); fails with a
   * clear error when that level cannot be reached. `txnId`: the id it claimed rows under.
   */
  prepare(
    db: Database,
    changes: LocalChanges,
    consistency: string | null,
    txnId?: string,
  ): PreparedWrite;
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
