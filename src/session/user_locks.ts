/**
 * MySQL's user-level locks (GET_LOCK, RELEASE_LOCK, IS_FREE_LOCK, IS_USED_LOCK,
 * RELEASE_ALL_LOCKS): named locks held by client connections of this node, each name as many
 * times as its holder took it, released when the connection ends. A node's locks are its own:
 * they do not reach the other nodes of a cluster.
 */
export class UserLockTable {
  /** Lock name (lower-case: names compare case-insensitively) → holder and depth. */
  #held = new Map<string, { owner: number; count: number }>();
  /** Waiters for a name to be released (one per waiting connection). */
  #waiters = new Map<string, Array<() => void>>();

  /** Takes `name` for connection `owner` if free or already its own; false when held by
   * another connection. */
  tryAcquire(name: string, owner: number): boolean {
    const key = name.toLowerCase();
    const held = this.#held.get(key);
    if (held === undefined) this.#held.set(key, { owner, count: 1 });
    else if (held.owner === owner) held.count++;
    else return false;
    return true;
  }

  /** RELEASE_LOCK: 1 released (once), 0 held by another connection, null not held. */
  release(name: string, owner: number): number | null {
    const key = name.toLowerCase();
    const held = this.#held.get(key);
    if (held === undefined) return null;
    if (held.owner !== owner) return 0;
    if (--held.count === 0) this.#free(key);
    return 1;
  }

  /** RELEASE_ALL_LOCKS (and the end of a connection): how many holds were released. */
  releaseAll(owner: number): number {
    let released = 0;
    for (const [key, held] of this.#held) {
      if (held.owner !== owner) continue;
      released += held.count;
      this.#free(key);
    }
    return released;
  }

  /** The connection holding `name`, or null. */
  holder(name: string): number | null {
    return this.#held.get(name.toLowerCase())?.owner ?? null;
  }

  /** `done` resolves when `name` is released (at once if it is free); `cancel` stops waiting
   * (a waiter that gave up is not kept). */
  released(name: string): { done: Promise<void>; cancel(): void } {
    const key = name.toLowerCase();
    if (!this.#held.has(key)) return { done: Promise.resolve(), cancel: () => {} };
    let wake!: () => void;
    const done = new Promise<void>((resolve) => (wake = resolve));
    const list = this.#waiters.get(key);
    if (list === undefined) this.#waiters.set(key, [wake]);
    else list.push(wake);
    const cancel = () => {
      const waiting = this.#waiters.get(key);
      const i = waiting?.indexOf(wake) ?? -1;
      if (i >= 0) waiting!.splice(i, 1);
      if (waiting?.length === 0) this.#waiters.delete(key);
    };
    return { done, cancel };
  }

  #free(key: string): void {
    this.#held.delete(key);
    const list = this.#waiters.get(key);
    if (list === undefined) return;
    this.#waiters.delete(key);
    for (const wake of list) wake();
  }
}
