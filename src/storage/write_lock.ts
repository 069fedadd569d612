/**
 * One writer at a time per database. node:sqlite is synchronous, so a session that waited on
 * SQLite's own lock would block the whole event loop; instead writers queue here, in FIFO
 * order, and the SQLite write connection is only used by the holder.
 */
import { ER, MysqlError } from "../types/errors.ts";

interface Waiter {
  owner: object;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WriteLockOptions {
  /** How long a writer waits before getting 1205 (innodb_lock_wait_timeout analogue). */
  timeoutMs: number;
  /** Waiters beyond this are refused at once: the queue is bounded. */
  maxWaiters: number;
}

/** A FIFO, re-entrant-per-owner, bounded async lock. */
export class WriteLock {
  #holder: object | null = null;
  #waiters: Waiter[] = [];
  #options: WriteLockOptions;

  constructor(options: WriteLockOptions) {
    this.#options = options;
  }

  /** The current holder, or null. */
  get holder(): object | null {
    return this.#holder;
  }

  /** Acquires for `owner`; resolves at once when free or already held by `owner`. */
  acquire(owner: object): Promise<void> | undefined {
    if (this.#holder === null || this.#holder === owner) {
      this.#holder = owner;
      return undefined;
    }
    if (this.#waiters.length >= this.#options.maxWaiters) {
      return Promise.reject(lockTimeout());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        owner,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(lockTimeout());
        }, this.#options.timeoutMs),
      };
      this.#waiters.push(waiter);
    });
  }

  /** Releases if `owner` holds the lock and hands it to the next waiter. */
  release(owner: object): void {
    if (this.#holder !== owner) return;
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#holder = null;
      return;
    }
    clearTimeout(next.timer);
    this.#holder = next.owner;
    next.resolve();
  }

  /** Drops a queued owner (its connection closed while waiting). */
  cancel(owner: object): void {
    const left: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.owner === owner) {
        clearTimeout(w.timer);
        w.reject(new MysqlError(ER.UNKNOWN_ERROR, "Connection closed while waiting for a lock"));
      } else left.push(w);
    }
    this.#waiters = left;
  }
}

function lockTimeout(): MysqlError {
  return new MysqlError(
    ER.LOCK_WAIT_TIMEOUT,
    "Lock wait timeout exceeded; try restarting transaction",
  );
}
