/**
 * One writer at a time per database. node:sqlite is synchronous, so a session that waited on
 * SQLite's own lock would block the whole event loop; instead writers queue here, in FIFO
 * order, and the SQLite write connection is only used by the holder.
 */
import { ER, lockWaitTimeoutError, MysqlError } from "../types/errors.ts";

interface Waiter {
  owner: object;
  resolve: () => void;
  reject: (err: Error) => void;
  /** performance.now() after which the wait fails with 1205. */
  deadline: number;
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
  /**
   * One timer for the whole queue, armed for the first waiter's deadline. Every waiter has the
   * same timeout, so deadlines grow along the queue: the first one is always the nearest. A
   * timer per waiter cost a setTimeout/clearTimeout pair per contended acquire (most acquires
   * under sysbench write_only), event-loop time spent inside another session's hold.
   */
  #timer: ReturnType<typeof setTimeout> | null = null;
  #onRelease: () => void;

  /** `onRelease` runs at every release, before the next holder gets the lock. */
  constructor(options: WriteLockOptions, onRelease: () => void = () => {}) {
    this.#options = options;
    this.#onRelease = onRelease;
  }

  /** Owners queued for the lock. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** How long a waiter waits before 1205. */
  get timeoutMs(): number {
    return this.#options.timeoutMs;
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
      return Promise.reject(lockWaitTimeoutError());
    }
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + this.#options.timeoutMs;
      this.#waiters.push({ owner, resolve, reject, deadline });
      this.#timer ??= this.#arm(this.#options.timeoutMs);
    });
  }

  /** Releases if `owner` holds the lock and hands it to the next waiter. */
  release(owner: object): void {
    if (this.#holder !== owner) return;
    this.#onRelease();
    const next = this.#waiters.shift();
    if (next === undefined) {
      this.#holder = null;
      return;
    }
    if (this.#waiters.length === 0) this.#disarm();
    this.#holder = next.owner;
    next.resolve();
  }

  /** Drops a queued owner (its connection closed while waiting). */
  cancel(owner: object): void {
    const left: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.owner === owner) {
        w.reject(new MysqlError(ER.UNKNOWN_ERROR, "Connection closed while waiting for a lock"));
      } else left.push(w);
    }
    this.#waiters = left;
    if (left.length === 0) this.#disarm();
  }

  #arm(ms: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => this.#expire(), Math.max(0, ms));
  }

  #disarm(): void {
    if (this.#timer === null) return;
    clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Fails the waiters whose deadline passed; re-arms for the first one left. */
  #expire(): void {
    this.#timer = null;
    const now = performance.now();
    while (this.#waiters.length > 0 && this.#waiters[0]!.deadline <= now) {
      this.#waiters.shift()!.reject(lockWaitTimeoutError());
    }
    const first = this.#waiters[0];
    if (first !== undefined) this.#timer = this.#arm(first.deadline - now);
  }
}
