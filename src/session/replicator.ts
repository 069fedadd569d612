/**
 * What the write path needs from replication (implemented in src/replication, wired by
 * main.ts). A write runs here first, in a SQLite transaction with change capture; then
 * `prepare` claims the rows' intents and decides whether other nodes take part.
 */
import type { Database } from "../storage/database.ts";
import type { LocalChanges, PreparedWrite } from "../types/replicated_write.ts";

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
  /** Resolves once `txnId` holds no intents on this node. */
  released(txnId: string): Promise<void>;
  /** The transaction holding the key when `err` is `claim`'s write conflict, else null. */
  holderOf(err: unknown): string | null;
  /** True when a write now would commit on this node alone (no other node takes part). */
  commitsHere(): boolean;
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

/**
 * Runs `attempt` (a statement that is its own transaction) until it succeeds, or fails with
 * an error `retryAfterConflict` says not to retry: a write conflict rolled it back whole, as
 * a MySQL row or metadata lock wait would have made it wait instead.
 */
export async function retryOnConflict<T>(
  replicator: Replicator,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let tries = 0;; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(await replicator.retryAfterConflict(err, tries))) throw err;
    }
  }
}
