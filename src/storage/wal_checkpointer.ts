/**
 * Keeps a database's WAL bounded. SQLite restarts the WAL only when no reader holds a
 * snapshot in it. Read-only explicit transactions hold snapshots, and with a steady stream of
 * them from several sessions the WAL never restarts: it grew by 110 MB in 10 s of sysbench
 * read_write, slowing every read and checkpoint. So after every `everyWrites` writes the
 * write lock is taken (readers never wait for that), then new snapshots pause for at most
 * `maxPauseMs` while the open ones finish, and the WAL is checkpointed and restarted.
 *
 * Restarted, not truncated: writes then overwrite the file from its start instead of growing
 * it again, and truncating ~50 MB of WAL (1000 sysbench write_only transactions) took ~18 ms
 * of the ~63 ms a round blocked everything. `journal_size_limit` still shrinks a WAL that a
 * burst left larger than `WAL_SIZE_LIMIT` at the first commit after a restart.
 *
 * SQLite's own automatic checkpoint is turned off on the write connection: it runs in the
 * COMMIT that finds 1000 or more frames in the WAL, and with snapshots keeping the WAL from
 * restarting that was every COMMIT, each one an fsync plus copying the new pages (sysbench
 * oltp_read_write: ~130 fsyncs/s; without them 317-431 -> 492-586 TPS). The rounds above copy
 * each page once.
 */
import type { Connection } from "./connection.ts";
import type { WriteLock } from "./write_lock.ts";

export interface WalCheckpointerOptions {
  /** Writes between two truncating checkpoints. */
  everyWrites: number;
  /** Longest time new snapshots wait for open ones to finish. */
  maxPauseMs: number;
}

/** Bytes a restarted WAL file keeps (larger ones are cut to it at their next commit). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** What the checkpointer needs of its database. */
export interface CheckpointTarget {
  writer: Connection;
  lock: WriteLock;
  /** Snapshot connections in use. */
  openSnapshots(): number;
  /** Snapshots held for long on purpose (a round cannot truncate the WAL while one is). */
  pinnedSnapshots(): number;
}

/** Schedules truncating checkpoints between snapshots. */
export class WalCheckpointer {
  #target: CheckpointTarget;
  #options: WalCheckpointerOptions;
  #writes = 0;
  #running = false;
  #pause: Promise<void> | null = null;

  constructor(target: CheckpointTarget, options: WalCheckpointerOptions) {
    this.#target = target;
    this.#options = options;
    target.writer.db.exec("PRAGMA wal_autocheckpoint = 0");
    target.writer.db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`);
  }

  /** Counts a write; starts a checkpoint round when enough have accumulated. */
  noteWrite(): void {
    if (++this.#writes < this.#options.everyWrites || this.#running) return;
    this.#writes = 0;
    this.#running = true;
    this.#run().finally(() => (this.#running = false));
  }

  /** While a round runs, new snapshots wait for it (undefined: go ahead). */
  gate(): Promise<void> | undefined {
    return this.#pause ?? undefined;
  }

  async #run(): Promise<void> {
    if (this.#target.pinnedSnapshots() > 0) return; // waiting for it would only stall writers
    const { lock, writer } = this.#target;
    const owner = {};
    try {
      const wait = lock.acquire(owner);
      if (wait !== undefined) await wait;
    } catch {
      return; // the lock stayed busy past its timeout: try again after the next writes
    }
    let resume = () => {};
    this.#pause = new Promise((resolve) => (resume = resolve));
    try {
      const deadline = Date.now() + this.#options.maxPauseMs;
      while (this.#target.openSnapshots() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (this.#target.openSnapshots() === 0 && writer.db.isOpen && !writer.inTransaction) {
        writer.db.exec("PRAGMA wal_checkpoint(RESTART)");
      }
    } finally {
      this.#pause = null;
      resume();
      lock.release(owner);
    }
  }
}
