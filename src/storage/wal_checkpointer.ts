/**
 * Keeps a database's WAL bounded. SQLite restarts the WAL only when no reader holds a
 * snapshot in it. Read-only explicit transactions hold snapshots, and with a steady stream of
 * them from several sessions the WAL never restarts: it grew by 110 MB in 10 s of sysbench
 * read_write, slowing every read and checkpoint. So after every `everyWrites` writes a round
 * runs in two steps:
 *
 * 1. A worker thread (checkpoint_worker.ts) runs a PASSIVE checkpoint on a connection of its
 *    own: it copies the WAL's pages into the file and fsyncs, concurrently with readers and
 *    writers, without blocking the event loop (this step blocked it ~45-63 ms per 1000
 *    sysbench write_only transactions).
 * 2. On the event loop, the write lock is taken (readers never wait for that), new snapshots
 *    pause for at most `maxPauseMs` while the open ones finish, and the WAL is checkpointed
 *    and restarted: only the pages written since step 1 are left to copy.
 *
 * Restarted, not truncated: writes then overwrite the file from its start instead of growing
 * it again, and truncating ~50 MB of WAL (1000 sysbench write_only transactions) took ~18 ms.
 * `journal_size_limit` still shrinks a WAL that a burst left larger than `WAL_SIZE_LIMIT` at
 * the first commit after a restart.
 *
 * No round starts while a snapshot is pinned (an export reads the file directly then: step 2
 * would stall writers waiting for it, and SQLite lets no checkpoint write into the file while
 * that reader lives anyway). One round at a time; `close` ends the worker after its running
 * checkpoint and resolves once its connection is closed. Without `worker` (or after the
 * worker failed) step 2 does all the copying on the event loop.
 *
 * Writes too few for a round still get one: `idleMs` after the first write since the last
 * round, a database that has gone quiet has its WAL checkpointed and truncated (one that keeps
 * writing gets a round there when its WAL passed `WAL_SIZE_LIMIT`). A burst of large
 * transactions (ten 100k-row INSERT ... SELECTs) left a 375 MB WAL, and the rows only in it,
 * until 1000 more writes came, which on a database nobody writes to again is never.
 *
 * SQLite's own automatic checkpoint is turned off on the write connection: it runs in the
 * COMMIT that finds 1000 or more frames in the WAL, and with snapshots keeping the WAL from
 * restarting that was every COMMIT, each one an fsync plus copying the new pages (sysbench
 * oltp_read_write: ~130 fsyncs/s; without them 317-431 -> 492-586 TPS). The rounds above copy
 * each page about once.
 */
import type { CheckpointReply, CheckpointRequest, CheckpointResult } from "./checkpoint_worker.ts";
import type { Connection } from "./connection.ts";
import type { WriteLock } from "./write_lock.ts";

export interface WalCheckpointerOptions {
  /** Writes between two rounds. */
  everyWrites: number;
  /** Longest time new snapshots wait for open ones to finish. */
  maxPauseMs: number;
  /** After a write that no round followed, how long until the WAL is looked at (default 2000). */
  idleMs?: number;
  /** Step 1 in a worker thread (default true). */
  worker?: boolean;
}

/** Bytes a restarted WAL file keeps (larger ones are cut to it at their next commit). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** Worker passes of a round at most, and the frames a pass copies that end the passes. */
const MAX_PASSES = 3;
const FEW_FRAMES = 256;

/** What the checkpointer needs of its database. */
export interface CheckpointTarget {
  /** The database file (the worker opens its own connection to it). */
  path: string;
  synchronous: "normal" | "full";
  writer: Connection;
  /** Its read snapshot is ended before the WAL restarts (it would keep it from restarting). */
  reader: Connection;
  lock: WriteLock;
  /** Snapshot connections in use. */
  openSnapshots(): number;
  /** Snapshots held for long on purpose (no round runs while one is). */
  pinnedSnapshots(): number;
}

/** Schedules checkpoint rounds between snapshots. */
export class WalCheckpointer {
  #target: CheckpointTarget;
  #options: WalCheckpointerOptions;
  #writes = 0;
  /** When the last write was noted (performance.now()). */
  #lastWrite = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #pause: Promise<void> | null = null;
  #worker: CheckpointWorker | null;
  #closed = false;

  constructor(target: CheckpointTarget, options: WalCheckpointerOptions) {
    this.#target = target;
    this.#options = options;
    this.#worker = options.worker === false ? null : new CheckpointWorker({
      type: "checkpoint",
      path: target.path,
      synchronous: target.synchronous,
    });
    target.writer.db.exec("PRAGMA wal_autocheckpoint = 0");
    target.writer.db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`);
  }

  /** Counts a write; starts a checkpoint round when enough have accumulated. */
  noteWrite(): void {
    if (this.#closed) return;
    this.#worker?.start(); // started by the first write, so ready by the first round
    this.#lastWrite = performance.now();
    if (++this.#writes < this.#options.everyWrites || this.#running) {
      if (this.#idleTimer === undefined) this.#armIdle(this.#options.idleMs ?? 2000);
      return;
    }
    this.#startRound(false);
  }

  #startRound(truncate: boolean): void {
    this.#writes = 0;
    this.#running = true;
    this.#run(truncate).finally(() => (this.#running = false));
  }

  #armIdle(ms: number): void {
    const timer = setTimeout(() => this.#onIdleTimer(), ms);
    Deno.unrefTimer(timer);
    this.#idleTimer = timer;
  }

  /** Writes since the last round: a round once the database is quiet or its WAL is large. */
  #onIdleTimer(): void {
    this.#idleTimer = undefined;
    if (this.#closed || this.#writes === 0) return;
    const idleMs = this.#options.idleMs ?? 2000;
    const quietFor = performance.now() - this.#lastWrite;
    const quiet = quietFor >= idleMs;
    if (!this.#running && (quiet || _walBytes(this.#target.path) > WAL_SIZE_LIMIT)) {
      this.#startRound(quiet);
    }
    if (this.#writes > 0 || this.#running) this.#armIdle(Math.max(1, idleMs - quietFor));
  }

  /** While a round runs, new snapshots wait for it (undefined: go ahead). */
  gate(): Promise<void> | undefined {
    return this.#pause ?? undefined;
  }

  /** Starts no more rounds; resolves once the worker has let go of the file. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    return this.#worker?.close() ?? Promise.resolve();
  }

  /** `truncate`: the WAL file is cut to nothing (a quiet database) instead of restarted. */
  async #run(truncate: boolean): Promise<void> {
    if (this.#target.pinnedSnapshots() > 0) return; // waiting for it would only stall writers
    // Pages written while a pass copied are left for the next one; step 2 copies what the
    // last leaves (~70 frames of sysbench write_only after a second pass: ~4 ms instead of ~6).
    let log = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const r = await this.#worker?.checkpoint();
      if (r == null || r.log - log <= FEW_FRAMES) break;
      log = r.log;
    }
    if (this.#closed || this.#target.pinnedSnapshots() > 0) return;
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
      if (
        !this.#closed && this.#target.openSnapshots() === 0 && writer.db.isOpen &&
        !writer.inTransaction
      ) {
        this.#target.reader.endHeldRead();
        writer.db.exec(`PRAGMA wal_checkpoint(${truncate ? "TRUNCATE" : "RESTART"})`);
      }
    } finally {
      this.#pause = null;
      resume();
      lock.release(owner);
    }
  }
}

function _walBytes(path: string): number {
  try {
    return Deno.statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

/** The worker thread of one database, started by its first write. */
class CheckpointWorker {
  #request: CheckpointRequest;
  #worker: Worker | null = null;
  #ready = false;
  /** Settles the checkpoint running in the worker. */
  #done: ((result: CheckpointResult | null) => void) | null = null;
  #closing: Promise<void> | null = null;
  #closed = () => {};
  /** The worker could not start or died: rounds go on without it. */
  #failed = false;

  constructor(request: CheckpointRequest) {
    this.#request = request;
  }

  /** A PASSIVE checkpoint in the worker; null at once while the worker is starting (the
   * first call starts it), has failed or is closing. */
  checkpoint(): Promise<CheckpointResult | null> {
    const worker = this.start();
    if (!this.#ready || this.#closing !== null || this.#failed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#done = resolve;
      worker.postMessage(this.#request);
    });
  }

  /** Ends the worker after its running checkpoint; resolves once it closed its connection. */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    const worker = this.#worker;
    this.#closing = worker === null || this.#failed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
        this.#closed = resolve;
        worker.postMessage({ type: "close" } satisfies CheckpointRequest);
      });
    return this.#closing;
  }

  /** Starts the worker thread unless it was started. */
  start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL("./checkpoint_worker.ts", import.meta.url).href, {
      type: "module",
      name: "wal-checkpoint",
    });
    worker.onmessage = (event: MessageEvent<CheckpointReply>) => {
      const reply = event.data;
      if (reply.type === "ready") {
        this.#ready = true;
      } else if (reply.type === "closed") {
        worker.terminate();
        this.#closed();
      } else {
        this.#settle(reply.type === "done" ? reply : null);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault(); // a dead worker must not end the process: rounds go on without it
      this.#fail();
    };
    worker.onmessageerror = () => this.#fail();
    this.#worker = worker;
    return worker;
  }

  #settle(result: CheckpointResult | null): void {
    const done = this.#done;
    this.#done = null;
    done?.(result);
  }

  #fail(): void {
    this.#failed = true;
    this.#worker?.terminate();
    this.#settle(null);
    this.#closed();
  }
}
