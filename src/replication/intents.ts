/**
 * Write intents (reference §4.4): a transaction that is about to commit holds the keys of the
 * rows (and tables, for DDL) it writes, on every node that prepared it. A second transaction
 * wanting a held key conflicts (MySQL 1213, retryable) instead of waiting: nodes never wait on
 * each other, so two coordinators can never deadlock.
 *
 * A table's key is held exclusively by DDL on it and shared by every transaction writing its
 * rows: DDL prepared on a node refuses new row writes to the table there, and waits for those
 * prepared before it (`drained`), so no node applies a DDL between a transaction's PREPARE and
 * its COMMIT (whose rows would then name columns the table no longer has).
 *
 * Held in memory. A node that restarts forgets its intents; the transactions they belonged to
 * either committed (the commit reaches it again through its peers) or are aborted by their
 * coordinator.
 */
import { DEADLOCK_MESSAGE, ER, MysqlError } from "../types/errors.ts";
import { TABLE_KEY_PREFIX } from "./messages.ts";

/** 1213 with what clashed (for logs and waiting; the client sees MySQL's wording). */
export class WriteConflictError extends MysqlError {
  readonly detail: string;
  /** The transaction holding the key on this node, if known. */
  readonly holder: string | null;

  constructor(detail: string, holder: string | null = null) {
    super(ER.LOCK_DEADLOCK, DEADLOCK_MESSAGE);
    this.detail = detail;
    this.holder = holder;
  }
}

interface Holder {
  /** The keys taken, each after the key table of its database. */
  held: Array<Map<string, string> | string>;
  /** The keys taken shared, each after the shared-key table of its database. */
  shared: Array<Map<string, Set<string>> | string>;
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
  /** Per database, the transaction holding each key (no per-key string building). */
  #byDatabase = new Map<string, Map<string, string>>();
  /** Per database, the transactions holding each key shared. */
  #sharedByDatabase = new Map<string, Map<string, Set<string>>>();
  #byTxn = new Map<string, Holder>();
  #size = 0;
  /** Callers waiting for a transaction's intents to go (bounded by the key count). */
  #waiters = new Map<string, Array<() => void>>();
  #options: IntentTableOptions;

  constructor(options: IntentTableOptions) {
    this.#options = options;
  }

  /** Keys held now. */
  get size(): number {
    return this.#size;
  }

  /**
   * Takes every key for `txnId` (`keys` exclusively, `shared` shared) or none: throws 1213
   * naming the first key another transaction holds exclusively. Keys others hold shared are
   * taken exclusively all the same: see `drained`. Taking keys already held by `txnId` is a
   * no-op.
   */
  acquire(
    txnId: string,
    database: string,
    keys: readonly string[],
    remote: boolean,
    shared: readonly string[] = [],
  ): void {
    let table = this.#byDatabase.get(database);
    if (table === undefined) this.#byDatabase.set(database, table = new Map());
    let fresh = 0;
    for (const k of keys) {
      const holder = table.get(k);
      if (holder === undefined) fresh++;
      else if (holder !== txnId) {
        throw new WriteConflictError(
          `${printable(database, k)} is being written by transaction ${holder}`,
          holder,
        );
      }
    }
    for (const k of shared) {
      const holder = table.get(k);
      if (holder !== undefined && holder !== txnId) {
        throw new WriteConflictError(
          `${printable(database, k)} is being altered by transaction ${holder}`,
          holder,
        );
      }
    }
    // Keys this transaction claimed already (statement by statement, then all at COMMIT)
    // do not count again against the bound, nor a key named twice.
    if (this.#size + fresh > this.#options.maxKeys) {
      fresh = new Set(keys.filter((k) => !table.has(k))).size;
      if (this.#size + fresh > this.#options.maxKeys) {
        throw new WriteConflictError("too many rows are being written at once");
      }
    }
    let holder = this.#byTxn.get(txnId);
    if (holder === undefined) {
      holder = { held: [], shared: [], since: Date.now(), remote };
      this.#byTxn.set(txnId, holder);
    }
    for (const k of keys) {
      if (table.has(k)) continue;
      table.set(k, txnId);
      holder.held.push(table, k);
      this.#size++;
    }
    if (shared.length === 0) return;
    let sharedTable = this.#sharedByDatabase.get(database);
    if (sharedTable === undefined) this.#sharedByDatabase.set(database, sharedTable = new Map());
    for (const k of shared) {
      let holders = sharedTable.get(k);
      if (holders === undefined) sharedTable.set(k, holders = new Set());
      if (holders.has(txnId)) continue;
      holders.add(txnId);
      holder.shared.push(sharedTable, k);
    }
  }

  /**
   * Resolves true once no transaction but `txnId` holds any of `keys` shared (those that took
   * them before `txnId` took them exclusively), false if some still do after `ms`.
   */
  async drained(
    database: string,
    keys: readonly string[],
    txnId: string,
    ms: number,
  ): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      const table = this.#sharedByDatabase.get(database);
      const others = new Set<string>();
      for (const k of keys) for (const h of table?.get(k) ?? []) if (h !== txnId) others.add(h);
      if (others.size === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all([...others].map((h) => this.released(h))),
        new Promise((resolve) => timer = setTimeout(resolve, left)),
      ]);
      clearTimeout(timer);
    }
  }

  /** Releases every key of `txnId`. */
  release(txnId: string): void {
    const holder = this.#byTxn.get(txnId);
    if (holder === undefined) return;
    const held = holder.held;
    for (let i = 0; i < held.length; i += 2) {
      const table = held[i] as Map<string, string>;
      const k = held[i + 1] as string;
      if (table.get(k) === txnId) {
        table.delete(k);
        this.#size--;
      }
    }
    const shared = holder.shared;
    for (let i = 0; i < shared.length; i += 2) {
      const table = shared[i] as Map<string, Set<string>>;
      const k = shared[i + 1] as string;
      const holders = table.get(k);
      holders?.delete(txnId);
      if (holders?.size === 0) table.delete(k);
    }
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

function printable(database: string, key: string): string {
  if (key.startsWith(TABLE_KEY_PREFIX)) {
    return `table ${database}.${key.slice(TABLE_KEY_PREFIX.length)}`;
  }
  return `row ${database}.${key.replaceAll("\u0000", "/")}`;
}
