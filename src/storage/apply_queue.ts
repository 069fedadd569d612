/**
 * Group commit of committed transactions into one database (ARCHITECTURE §4 "batch the
 * disk"): transactions that arrive while a batch is being written wait for the next one, and
 * each batch is one SQLite transaction under the database's write lock.
 *
 * A transaction this node coordinates is announced before its two-phase commit (`reserve`):
 * write epochs that open meanwhile wait for it (`settled`), and once decided it waits for the
 * write lock as long as it takes. An epoch holds the writer through its clients' round trips,
 * so otherwise a COMMIT could queue behind a transaction begun during its two-phase commit and
 * get 1205 after the lock wait timeout although the peers had committed it.
 */
import type { CommittedTxn } from "./committed_txn.ts";
import type { Database } from "./database.ts";
import { APPLY_SLICE_ROWS, type ApplyOutcome } from "./versioned_apply.ts";
import { ER, MysqlError } from "../types/errors.ts";
import { setImmediate } from "node:timers";

interface Pending {
  txn: CommittedTxn;
  /** Committed by this node's two-phase commit (`reserve`): never given up on a lock wait. */
  decided: boolean;
  resolve: (outcome: ApplyOutcome) => void;
  reject: (err: unknown) => void;
}

/** An apply announced before its transaction is decided (`ApplyQueue.reserve`). */
export interface ApplyReservation {
  /** Applies the decided transaction; a lock wait that times out is waited again. */
  apply(txn: CommittedTxn): Promise<ApplyOutcome>;
  /** The transaction will not be applied here (aborted, or applied another way). */
  cancel(): void;
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
  /** Settles with each reserved or queued apply (see `settled`). */
  #outstanding = new Set<Promise<void>>();

  constructor(db: Database, options: ApplyQueueOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** Applies `txn` with the next batch; resolves once it is committed to the file. */
  apply(txn: CommittedTxn): Promise<ApplyOutcome> {
    if (this.#outstanding.size >= this.#options.maxPending) return Promise.reject(_full());
    return this.#track(this.#enqueue(txn, false));
  }

  /**
   * Announces a transaction of this node's before its two-phase commit.
   * @throws {MysqlError} 1205 beyond maxPending (nothing is announced)
   */
  reserve(): ApplyReservation {
    if (this.#outstanding.size >= this.#options.maxPending) throw _full();
    let settle!: () => void;
    this.#track(new Promise<void>((resolve) => settle = resolve));
    let used = false;
    return {
      apply: (txn) => {
        if (used) return Promise.reject(new Error("ApplyReservation used twice"));
        used = true;
        const applied = this.#enqueue(txn, true);
        applied.then(settle, settle);
        return applied;
      },
      cancel: () => {
        if (!used) settle();
        used = true;
      },
    };
  }

  /**
   * Resolves once every apply reserved or queued so far has settled; undefined when none is
   * outstanding.
   */
  settled(): Promise<void> | undefined {
    if (this.#outstanding.size === 0) return undefined;
    return Promise.all(this.#outstanding).then(() => {});
  }

  /** Counts `work` as outstanding until it settles. */
  #track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(() => {}, () => {});
    this.#outstanding.add(settled);
    void settled.then(() => this.#outstanding.delete(settled));
    return work;
  }

  #enqueue(txn: CommittedTxn, decided: boolean): Promise<ApplyOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ txn, decided, resolve, reject });
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
      // A transaction this node decided to commit waits again: its peers have it, and the
      // client is answered once it is here too. The others fail (their coordinator repairs).
      const next = this.#pending.splice(0, this.#options.maxBatch);
      const open = db.applyConnection.db.isOpen;
      const waiting = next.filter((p) => p.decided && open);
      for (const p of next) if (!waiting.includes(p)) p.reject(err);
      this.#pending.unshift(...waiting);
      // A refusal comes at once when the lock's queue is full: not a busy loop meanwhile.
      if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
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

function _full(): MysqlError {
  return new MysqlError(ER.LOCK_WAIT_TIMEOUT, "Too many replicated transactions waiting to apply");
}

function isLarge(txn: CommittedTxn): boolean {
  return txn.rows.length > APPLY_SLICE_ROWS;
}

/** Lets timers and I/O run (gossip, keepalives, other sessions) between slices. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
