/**
 * Group commit of committed transactions into one database (ARCHITECTURE §4 "batch the
 * disk"): transactions that arrive while a batch is being written wait for the next one, and
 * each batch is one SQLite transaction under the database's write lock.
 */
import type { CommittedTxn } from "./committed_txn.ts";
import type { Database } from "./database.ts";
import { APPLY_SLICE_ROWS, type ApplyOutcome } from "./versioned_apply.ts";
import { ER, MysqlError } from "../types/errors.ts";
import { setImmediate } from "node:timers";

interface Pending {
  txn: CommittedTxn;
  resolve: (outcome: ApplyOutcome) => void;
  reject: (err: unknown) => void;
}

export interface ApplyQueueOptions {
  /** Transactions waiting at most; beyond that `apply` refuses (push back). */
  maxPending: number;
  /** Most transactions per SQLite transaction. */
  maxBatch: number;
}

/** The apply queue of one database. */
export class ApplyQueue {
  #db: Database;
  #options: ApplyQueueOptions;
  #pending: Pending[] = [];
  #running = false;

  constructor(db: Database, options: ApplyQueueOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** Applies `txn` with the next batch; resolves once it is committed to the file. */
  apply(txn: CommittedTxn): Promise<ApplyOutcome> {
    if (this.#pending.length >= this.#options.maxPending) {
      return Promise.reject(
        new MysqlError(ER.LOCK_WAIT_TIMEOUT, "Too many replicated transactions waiting to apply"),
      );
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ txn, resolve, reject });
      if (!this.#running) {
        // The first batch starts once this event-loop turn is over, so the COMMITs of every
        // envelope read in the turn (from every peer, and this node's own) share it: under
        // 3-node oltp_insert that cut the nodes' CPU per transaction ~7% (fewer SQLite
        // transactions) against taking the lock at once.
        this.#running = true;
        setImmediate(() => this.#run());
      }
    });
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0) await this.#writeNext();
    } finally {
      this.#running = false;
    }
  }

  /** Takes the next batch once the write lock is held: whatever queued while the lock was
   * busy goes into it, and the transactions waiting for the lock count against maxPending. */
  async #writeNext(): Promise<void> {
    const db = this.#db;
    try {
      const wait = db.lock.acquire(this);
      await (wait ?? Promise.resolve());
    } catch (err) {
      for (const p of this.#pending.splice(0, this.#options.maxBatch)) p.reject(err);
      return;
    }
    const batch = this.#nextBatch();
    let outcomes: Array<ApplyOutcome | { error: unknown }>;
    const conn = db.applyConnection.db;
    try {
      try {
        conn.exec("BEGIN IMMEDIATE");
        const large = batch[0]!.txn;
        outcomes = batch.length === 1 && isLarge(large)
          ? [await db.applier.applySliced(large, pause).catch((error) => ({ error }))]
          : db.applier.applyAll(batch.map((p) => p.txn));
        conn.exec("COMMIT");
      } catch (err) {
        // A large transaction pauses: the file may have been closed meanwhile.
        if (conn.isOpen && conn.isTransaction) conn.exec("ROLLBACK");
        for (const p of batch) p.reject(err);
        return;
      }
      db.noteWrite();
    } finally {
      db.lock.release(this);
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (typeof o === "string") p.resolve(o);
      else p.reject(o.error);
    });
  }

  /** Up to maxBatch transactions in arrival order; a large one goes alone, applied in slices. */
  #nextBatch(): Pending[] {
    const pending = this.#pending;
    let n = 0;
    if (isLarge(pending[0]!.txn)) n = 1;
    else while (n < pending.length && n < this.#options.maxBatch && !isLarge(pending[n]!.txn)) n++;
    return pending.splice(0, n);
  }
}

function isLarge(txn: CommittedTxn): boolean {
  return txn.rows.length > APPLY_SLICE_ROWS;
}

/** Lets timers and I/O run (gossip, keepalives, other sessions) between slices. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
