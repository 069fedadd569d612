/**
 * Write intents (reference §4.4): a transaction that is about to commit holds the keys of the
 * rows (and tables, for DDL) it writes, on every node that prepared it. A second transaction
 * wanting a held key conflicts (MySQL 1213, retryable) instead of waiting: nodes never wait on
 * each other, so two coordinators can never deadlock.
 *
 * Held in memory. A node that restarts forgets its intents; the transactions they belonged to
 * either committed (the commit reaches it again through its peers) or are aborted by their
 * coordinator.
 */
import { ER, MysqlError } from "../types/errors.ts";

/** 1213 with what clashed (for logs and waiting; the client sees MySQL's wording). */
export class WriteConflictError extends MysqlError {
  readonly detail: string;
  /** The transaction holding the key on this node, if known. */
  readonly holder: string | null;

  constructor(detail: string, holder: string | null = null) {
    super(ER.LOCK_DEADLOCK, "Deadlock found when trying to get lock; try restarting transaction");
    this.detail = detail;
    this.holder = holder;
  }
}

interface Holder {
  database: string;
  keys: string[];
  /** When it was taken (ms): a prepared transaction whose coordinator vanished expires. */
  since: number;
  /** Intents a remote coordinator took; they expire after the heartbeat timeout. */
  remote: boolean;
}

export interface IntentTableOptions {
  /** Most keys held at once over all transactions (bounded memory; beyond: conflict). */
  maxKeys: number;
}

/** The intents held on this node. */
export class IntentTable {
  #byKey = new Map<string, string>();
  #byTxn = new Map<string, Holder>();
  /** Callers waiting for a transaction's intents to go (bounded by the key count). */
  #waiters = new Map<string, Array<() => void>>();
  #options: IntentTableOptions;

  constructor(options: IntentTableOptions) {
    this.#options = options;
  }

  /** Keys held now. */
  get size(): number {
    return this.#byKey.size;
  }

  /**
   * Takes every key for `txnId` or none: throws 1213 naming the first key another
   * transaction holds. Taking keys already held by `txnId` is a no-op.
   */
  acquire(txnId: string, database: string, keys: readonly string[], remote: boolean): void {
    const scoped = keys.map((k) => `${database}\u0001${k}`);
    // Keys this transaction claimed already (statement by statement, then all at COMMIT)
    // do not count again against the bound.
    const added = new Set<string>();
    for (const k of scoped) {
      const holder = this.#byKey.get(k);
      if (holder === undefined) added.add(k);
      else if (holder !== txnId) {
        throw new WriteConflictError(
          `row ${printable(k)} is being written by transaction ${holder}`,
          holder,
        );
      }
    }
    if (this.#byKey.size + added.size > this.#options.maxKeys) {
      throw new WriteConflictError("too many rows are being written at once");
    }
    let held = this.#byTxn.get(txnId);
    if (held === undefined) {
      held = { database, keys: [], since: Date.now(), remote };
      this.#byTxn.set(txnId, held);
    }
    for (const k of added) {
      this.#byKey.set(k, txnId);
      held.keys.push(k);
    }
  }

  /** Releases every key of `txnId`. */
  release(txnId: string): void {
    const held = this.#byTxn.get(txnId);
    if (held === undefined) return;
    for (const k of held.keys) if (this.#byKey.get(k) === txnId) this.#byKey.delete(k);
    this.#byTxn.delete(txnId);
    const waiting = this.#waiters.get(txnId);
    if (waiting !== undefined) {
      this.#waiters.delete(txnId);
      for (const wake of waiting) wake();
    }
  }

  /** Resolves once `txnId` holds no intents here (at once if it holds none). */
  released(txnId: string): Promise<void> {
    if (!this.#byTxn.has(txnId)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.#waiters.get(txnId);
      if (waiting === undefined) this.#waiters.set(txnId, [resolve]);
      else waiting.push(resolve);
    });
  }

  /** True while `txnId` holds intents here. */
  holds(txnId: string): boolean {
    return this.#byTxn.has(txnId);
  }

  /** Remote transactions prepared longer ago than `olderThanMs`. */
  stale(olderThanMs: number, now = Date.now()): string[] {
    const out: string[] = [];
    for (const [txnId, h] of this.#byTxn) {
      if (h.remote && now - h.since > olderThanMs) out.push(txnId);
    }
    return out;
  }
}

function printable(scopedKey: string): string {
  return scopedKey.replaceAll("\u0001", ".").replaceAll("\u0000", "/");
}
