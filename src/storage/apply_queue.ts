/**
 * Group commit of committed transactions into one database (ARCHITECTURE §4 "batch the
 * disk"): transactions that arrive while a batch is being written wait for the next one, and
 * each batch is one SQLite transaction under the database's write lock.
 */
import type { CommittedTxn } from "./committed_txn.ts";
import type { Database } from "./database.ts";
import type { ApplyOutcome } from "./versioned_apply.ts";
import { ER, MysqlError } from "../types/errors.ts";

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
      if (!this.#running) this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending.length > 0) await this.#writeNext();
    } finally {
      this.#running = false;
    }
  }

  /** Takes the next batch once the write lock is held: whatever queued while the lock was
   * busy goes into it, and the transactions waiting for the lock count against maxPending.
   * A free lock is taken at once (no session slips in) and the batch starts a microtask later,
   * so the applies of the same task share it: a peer's envelope of COMMITs used to give a
   * batch of its first COMMIT and another of the rest. */
  async #writeNext(): Promise<void> {
    const db = this.#db;
    try {
      const wait = db.lock.acquire(this);
      await (wait ?? Promise.resolve());
    } catch (err) {
      for (const p of this.#pending.splice(0, this.#options.maxBatch)) p.reject(err);
      return;
    }
    const batch = this.#pending.splice(0, this.#options.maxBatch);
    let outcomes: Array<ApplyOutcome | { error: unknown }>;
    const conn = db.applyConnection.db;
    try {
      conn.exec("BEGIN IMMEDIATE");
      try {
        outcomes = db.applier.applyAll(batch.map((p) => p.txn));
        conn.exec("COMMIT");
      } catch (err) {
        if (conn.isTransaction) conn.exec("ROLLBACK");
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
}
