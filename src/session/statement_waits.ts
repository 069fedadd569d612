/**
 * What a statement waits for without blocking the event loop, for one connection: the time
 * SLEEP(n) asked for, waited out after the statement, and a GET_LOCK whose lock another
 * connection holds. SQL functions run synchronously inside SQLite, so a GET_LOCK that must
 * wait records the wait and throws; the attempt is undone (with the locks it took), the wait
 * happens here, and the statement runs again (GET_LOCK then takes the lock, or gives 0 once
 * its timeout passed). KILL ends either wait with 1317.
 */
import type { UserLocks } from "../sql/functions/mod.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { UserLockTable } from "./user_locks.ts";

/** setTimeout's longest delay (about 24.8 days); a longer wait lasts this long. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class StatementWaits {
  readonly #locks: UserLockTable;
  readonly #connectionId: number;
  /** SLEEP time the running statement asked for. */
  #sleepMs = 0;
  /** The lock GET_LOCK stopped the running attempt for, or null. */
  #lockWait: { name: string; timeoutMs: number } | null = null;
  /** Locks (lower-case) whose wait timed out during the statement: GET_LOCK gives 0. */
  #gaveUp = new Set<string>();
  /** Locks the running attempt took (given back if it runs again). */
  #taken: string[] = [];
  /** Ends the wait in progress early (KILL). */
  #wakeUp: (() => void) | null = null;
  /** KILL came while the statement ran but before it waited. */
  #interrupted = false;

  constructor(locks: UserLockTable, connectionId: number) {
    this.#locks = locks;
    this.#connectionId = connectionId;
  }

  /** GET_LOCK and its family as this connection's statements see them. */
  readonly userLocks: UserLocks = {
    get: (name, timeoutMs) => {
      if (this.#locks.tryAcquire(name, this.#connectionId)) {
        this.#taken.push(name);
        return 1;
      }
      if (timeoutMs <= 0 || this.#gaveUp.has(name.toLowerCase())) return 0;
      this.#lockWait = { name, timeoutMs };
      throw new Error(`waiting for user-level lock '${name}'`);
    },
    release: (name) => this.#locks.release(name, this.#connectionId),
    releaseAll: () => this.#locks.releaseAll(this.#connectionId),
    holder: (name) => this.#locks.holder(name),
  };

  /** SLEEP(n) of the running statement: waited out once it is done. */
  sleep(ms: number): void {
    this.#sleepMs += ms;
  }

  /** Runs `attempt` (one execution of a statement) until it needs no lock wait, then waits
   * out its SLEEP time. */
  async run<T>(attempt: () => Promise<T>): Promise<T> {
    this.#gaveUp.clear();
    this.#interrupted = false;
    for (;;) {
      this.#sleepMs = 0;
      this.#lockWait = null;
      this.#taken = [];
      let result: T;
      try {
        result = await attempt();
      } catch (err) {
        const wait = this.#lockWait as { name: string; timeoutMs: number } | null;
        if (wait === null) throw err;
        for (const name of this.#taken) this.#locks.release(name, this.#connectionId);
        const release = this.#locks.released(wait.name);
        const freed = await this.#wait(wait.timeoutMs, release.done);
        release.cancel();
        if (!freed) this.#gaveUp.add(wait.name.toLowerCase());
        continue;
      }
      if (this.#sleepMs > 0) await this.#wait(this.#sleepMs);
      return result;
    }
  }

  /** KILL: the wait in progress ends now; a statement still running (`running`) ends at the
   * wait it may come to. Statements never stop mid-way otherwise. */
  interrupt(running: boolean): void {
    if (this.#wakeUp !== null) this.#wakeUp();
    else if (running) this.#interrupted = true;
  }

  /** The connection ended: its locks go. */
  releaseAll(): void {
    this.#locks.releaseAll(this.#connectionId);
  }

  /** Waits up to `ms`, or until `until` settles (true then, false at the timeout). */
  async #wait(ms: number, until?: Promise<void>): Promise<boolean> {
    if (this.#interrupted) throw interrupted();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await new Promise<"timeout" | "ready" | "killed">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), Math.min(ms, MAX_TIMER_MS));
      this.#wakeUp = () => resolve("killed");
      until?.then(() => resolve("ready"));
    });
    clearTimeout(timer);
    this.#wakeUp = null;
    if (outcome === "killed") throw interrupted();
    return outcome === "ready";
  }
}

function interrupted(): MysqlError {
  return new MysqlError(ER.QUERY_INTERRUPTED, "Query execution was interrupted");
}
