/**
 * The shapes the write path (session) and replication (coordinator) exchange: what a local
 * transaction changed, and the handle of a transaction whose intents are held.
 */
import type { DdlChange, RowChange } from "./row_change.ts";

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
