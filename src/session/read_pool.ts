/**
 * Reads that take long, run on worker threads (`read_worker.ts`). node:sqlite is synchronous:
 * a SELECT running on the event loop stops every client of the node, and its gossip and
 * two-phase commit with the peers, until it ends (a 3-million-row recursive count: 0.7 s).
 * The session learns which statements are slow (`SlowReads`) and sends those here; a KILL
 * ends one by ending its worker (src/session/DESIGN.md, "Slow reads").
 */
import { ER, MysqlError } from "../types/errors.ts";
import type { ReadFailure, ReadReply, ReadRequest } from "./read_worker.ts";

/** What a read gives back: its rows and, when they are none, `ifNone`'s first row; how long
 * the statements took on the worker. */
export interface ReadResult {
  rows: unknown[];
  ifNone?: unknown;
  ms: number;
}

/** A read, cancellable: `cancel` ends it with 1317 (its worker is ended). */
export interface PooledRead {
  result: Promise<ReadResult>;
  cancel(): void;
}

interface _Job {
  request: ReadRequest;
  resolve(result: ReadResult): void;
  reject(err: unknown): void;
}

interface _Slot {
  worker: Worker;
  ready: boolean;
  job: _Job | null;
}

/** Worker threads at most; reads beyond them wait in turn (each session waits for its own). */
const WORKERS = 2;

/** The node's read workers, started on first use. */
export class ReadPool {
  #slots: _Slot[] = [];
  #queue: _Job[] = [];
  #closed = false;

  /** Runs `request` on a worker. */
  read(request: ReadRequest): PooledRead {
    let job!: _Job;
    const result = new Promise<ReadResult>((resolve, reject) => {
      job = { request, resolve, reject };
    });
    if (this.#closed) job.reject(_shutdown());
    else {
      this.#queue.push(job);
      this.#dispatch();
    }
    return { result, cancel: () => this.#cancel(job) };
  }

  /** Ends the workers; reads still running fail. */
  close(): void {
    this.#closed = true;
    const gone = _shutdown();
    for (const job of this.#queue.splice(0)) job.reject(gone);
    for (const slot of this.#slots.splice(0)) {
      slot.worker.terminate();
      slot.job?.reject(gone);
    }
  }

  /** Hands queued reads to idle workers, starting workers (up to `WORKERS`) for the rest. */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => s.ready && s.job === null);
      if (idle !== undefined) {
        idle.job = this.#queue.shift()!;
        idle.worker.postMessage(idle.job.request);
        continue;
      }
      const starting = this.#slots.filter((s) => !s.ready).length;
      if (this.#slots.length >= WORKERS || starting >= this.#queue.length) return;
      this.#spawn(); // it takes work once it says it is ready
    }
  }

  #spawn(): void {
    const worker = new Worker(new URL("./read_worker.ts", import.meta.url).href, {
      type: "module",
      name: "slow-read",
    });
    const slot: _Slot = { worker, ready: false, job: null };
    worker.onmessage = (event: MessageEvent<ReadReply>) => {
      const reply = event.data;
      if (reply.type === "ready") slot.ready = true;
      else {
        const job = slot.job;
        slot.job = null;
        if (reply.type === "rows") {
          job?.resolve({ rows: reply.rows, ifNone: reply.ifNone, ms: reply.ms });
        } else job?.reject(_error(reply.error));
      }
      this.#dispatch();
    };
    worker.onerror = (event) => {
      event.preventDefault(); // a worker that died fails its read, not the process
      this.#end(slot, new MysqlError(ER.UNKNOWN_ERROR, `A read worker failed: ${event.message}`));
    };
    worker.onmessageerror = () => {
      this.#end(slot, new MysqlError(ER.UNKNOWN_ERROR, "A read worker's answer could not be read"));
    };
    this.#slots.push(slot);
  }

  #cancel(job: _Job): void {
    const queued = this.#queue.indexOf(job);
    const interrupted = new MysqlError(ER.QUERY_INTERRUPTED, "Query execution was interrupted");
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      job.reject(interrupted);
      return;
    }
    const slot = this.#slots.find((s) => s.job === job);
    if (slot !== undefined) this.#end(slot, interrupted);
  }

  /** Ends `slot`'s worker, failing its read with `err`; another starts when needed. */
  #end(slot: _Slot, err: MysqlError): void {
    slot.worker.terminate();
    this.#slots = this.#slots.filter((s) => s !== slot);
    slot.job?.reject(err);
    slot.job = null;
    this.#dispatch();
  }
}

/** MySQL's answer to a statement cut short by the server stopping. */
function _shutdown(): MysqlError {
  return new MysqlError(ER.SERVER_SHUTDOWN, "Server shutdown in progress");
}

/** The worker's error as the session's statement would have thrown it. */
function _error(f: ReadFailure): Error {
  if (f.mysql !== undefined) return new MysqlError(f.mysql.code, f.message, f.mysql.sqlState);
  return Object.assign(new Error(f.message), f.errcode === undefined ? {} : { errcode: f.errcode });
}

/**
 * The statements seen to run long (by their SQL text), a bounded set: past `SLOW_READ_MS`
 * once, a statement runs on a worker from then on, until a run there takes less than
 * `FAST_READ_MS` (a run on the event loop made slow by something else, the thread preempted
 * or a garbage collection, must not send a hot point select to a worker for good).
 */
export class SlowReads {
  #slow = new Set<string>();

  has(sql: string): boolean {
    return this.#slow.has(sql);
  }

  /** Records how long a run of `sql` took (on the event loop or a worker). */
  note(sql: string, ms: number): void {
    if (this.#slow.has(sql)) {
      if (ms < FAST_READ_MS) this.#slow.delete(sql);
      return;
    }
    if (ms < SLOW_READ_MS) return;
    if (this.#slow.size >= MAX_SLOW_SHAPES) {
      this.#slow.delete(this.#slow.values().next().value!);
    }
    this.#slow.add(sql);
  }
}

/** A read that stopped the event loop this long goes to a worker the next time. */
export const SLOW_READ_MS = 50;
/** A read this quick on a worker comes back to the event loop. */
export const FAST_READ_MS = 10;
const MAX_SLOW_SHAPES = 1000;
