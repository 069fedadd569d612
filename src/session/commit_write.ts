/**
 * Ends a write transaction on one database: its statements ran on the write connection with
 * change capture; here the captured rows go to replication, which either lets the open SQLite
 * transaction commit in place (no other node takes part) or has it rolled back and commits the
 * rows everywhere by two-phase commit, this node included, before the client is answered.
 */
import type { Database } from "../storage/database.ts";
import type { DdlChange } from "../types/row_change.ts";
import type { Replicator } from "./replicator.ts";

/** How to end the write: the replicator, the statement's consistency hint, and the
 * function that gives the write lock back (called once the SQLite transaction ended). */
export interface CommitWriteContext {
  replicator: Replicator;
  consistency: string | null;
  /** The id an explicit transaction claimed its rows under. */
  txnId?: string;
  releaseLock(): void;
}

/** Commits the open transaction on `db.writer` (and the schema change `ddl`, if any). */
export async function commitWrite(
  db: Database,
  ddl: DdlChange[],
  ctx: CommitWriteContext,
): Promise<void> {
  const conn = db.writer.db;
  let released = false;
  const end = (sql: "COMMIT" | "ROLLBACK") => {
    try {
      if (conn.isTransaction) conn.exec(sql);
    } finally {
      if (ddl.length > 0) db.schemaChanged();
      released = true;
      ctx.releaseLock();
    }
  };
  try {
    const rows = db.capture.take(() => ctx.replicator.newRowid());
    if (rows.length === 0 && ddl.length === 0) {
      if (ctx.txnId !== undefined) ctx.replicator.release(ctx.txnId);
      end("COMMIT");
      return;
    }
    const prepared = ctx.replicator.prepare(db, { rows, ddl }, ctx.consistency, ctx.txnId);
    try {
      if (prepared.inPlace) {
        db.capture.rekeyInPlace();
        prepared.recordInPlace();
        end("COMMIT");
        db.noteWrite();
        return;
      }
      end("ROLLBACK");
      await prepared.replicate();
    } finally {
      prepared.finish();
    }
  } catch (err) {
    // Once the lock is given back the capture belongs to the next writer: only a failure
    // before that may clear it (replicate() fails after the release).
    if (!released) {
      db.capture.discard();
      end("ROLLBACK");
    }
    throw err;
  }
}

/** Rolls back the open transaction on `db.writer` and forgets its captured rows. */
export function rollbackWrite(db: Database, releaseLock: () => void): void {
  db.capture.discard();
  try {
    if (db.writer.db.isOpen && db.writer.inTransaction) db.writer.db.exec("ROLLBACK");
  } finally {
    releaseLock();
  }
}
