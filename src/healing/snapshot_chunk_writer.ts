/**
 * Writes a download's chunks at their offsets from buffers of its own, on a worker thread
 * (snapshot_write_worker.ts), with O_DIRECT where the file system allows it.
 *
 * Buffered writes copy every byte into new page-cache pages, and on this VM (free pages are
 * handed back to the host, so a new page faults there first) that cost the puller 1.8-3.4 s
 * of system time per GiB, against 0.3 s when the pages happen to be recycled; O_DIRECT moves
 * the bytes from the chunk buffer to the device (1 GiB: 0.7 s of device time, 0.05 s of CPU)
 * and leaves nothing for the final fsync to write. Deno's `node:fs` writes block the calling
 * thread for that device time, hence the worker: the event loop goes on reading and hashing
 * the next chunk (src/healing/DESIGN.md).
 *
 * The buffers ("slots") live in one `SharedArrayBuffer` the worker writes from, so a write
 * request is a few numbers, not the bytes. O_DIRECT needs addresses aligned to the device's
 * block: `open` finds the aligned start by trying small direct writes to a probe file (shared
 * memory never moves, and is at the same address in the worker). Where O_DIRECT is refused
 * (tmpfs, some network file systems), and for a write that is not aligned (the tail of a file
 * whose size is not a multiple of 4 KiB), the bytes go through the page cache.
 *
 * `open` does not wait for the thread to start (~40-60 ms, most of it loading `node:fs`): the
 * buffers are usable at once, the first chunks arrive meanwhile, and writes sent before the
 * thread is up wait in its message queue.
 */
import fs from "node:fs";
import type { WriteReply, WriteRequest } from "./snapshot_write_worker.ts";

/** Alignment of direct writes: a block size every device accepts. */
export const ALIGN = 4096;
/** Addresses of large allocations are at least this aligned. */
const ADDRESS_STEP = 16;

interface _Pending {
  resolve(buffered: boolean): void;
  reject(err: Error): void;
}

/** The buffers of one download and the thread writing them. */
export class ChunkWriter {
  readonly #worker: Worker;
  readonly #slots: Uint8Array<SharedArrayBuffer>[];
  readonly #direct: boolean;
  readonly #pending = new Map<number, _Pending>();
  #nextId = 0;
  #failure: Error | null = null;
  #closing: Promise<void> | null = null;
  #closed: () => void = () => {};

  private constructor(
    worker: Worker,
    slots: Uint8Array<SharedArrayBuffer>[],
    direct: boolean,
  ) {
    this.#worker = worker;
    this.#slots = slots;
    this.#direct = direct;
    worker.onmessage = (event: MessageEvent<WriteReply>) => this.#reply(event.data);
    worker.onerror = (event) => {
      event.preventDefault(); // the download fails, not the process
      this.#fail(new Error(`Snapshot write worker failed: ${event.message}`));
    };
    worker.onmessageerror = () => this.#fail(new Error("Snapshot write worker: bad message"));
  }

  /**
   * Opens `path` (which exists) with `slots` buffers of `size` bytes.
   * @throws {Error} the file cannot be opened for writing
   */
  static open(path: string, slots: number, size: number): ChunkWriter {
    const slotSize = Math.ceil(size / ALIGN) * ALIGN;
    const memory = new SharedArrayBuffer(slots * slotSize + ALIGN);
    const start = directStart(path, new Uint8Array(memory));
    const worker = new Worker(new URL("./snapshot_write_worker.ts", import.meta.url).href, {
      type: "module",
      name: "snapshot-write",
    });
    worker.postMessage(
      { type: "open", path, memory, slots, slotSize, start } satisfies WriteRequest,
    );
    const buffers = Array.from(
      { length: slots },
      (_, i) => new Uint8Array(memory, (start ?? 0) + i * slotSize, size),
    );
    return new ChunkWriter(worker, buffers, start !== null);
  }

  /** Writes go to the device without the page cache (false: buffered, needing write-back). */
  get direct(): boolean {
    return this.#direct;
  }

  /** Buffer `slot`: fill it, then `write` it; not to be touched again until that settles. */
  buffer(slot: number): Uint8Array<SharedArrayBuffer> {
    const buffer = this.#slots[slot];
    if (buffer === undefined) throw new RangeError(`No chunk buffer ${slot}`);
    return buffer;
  }

  /**
   * Writes the first `length` bytes of buffer `slot` at `position`. Resolves with whether
   * they went through the page cache.
   * @throws {Error} the write failed, or the writer failed or was closed
   */
  write(slot: number, length: number, position: number): Promise<boolean> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (this.#closing !== null) return Promise.reject(new Error("ChunkWriter is closed"));
    if (length > this.buffer(slot).length) {
      return Promise.reject(new RangeError(`${length} bytes do not fit chunk buffer ${slot}`));
    }
    const id = this.#nextId++;
    return new Promise<boolean>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage(
        { type: "write", id, slot, length, position } satisfies WriteRequest,
      );
    });
  }

  /** Waits for the writes sent, closes the file and ends the thread. */
  close(): Promise<void> {
    if (this.#closing !== null) return this.#closing;
    if (this.#failure !== null) return this.#closing = Promise.resolve();
    this.#closing = new Promise<void>((resolve) => {
      this.#closed = resolve;
      this.#worker.postMessage({ type: "close" } satisfies WriteRequest);
    });
    return this.#closing;
  }

  #reply(reply: WriteReply): void {
    if (reply.type === "closed") {
      this.#worker.terminate();
      this.#closed();
      return;
    }
    if (reply.type === "error" && reply.id === -1) {
      this.#fail(new Error(`Snapshot write worker could not open the file: ${reply.message}`));
      return;
    }
    const pending = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (reply.type === "written") pending?.resolve(reply.buffered);
    else pending?.reject(new Error(reply.message));
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    this.#worker.terminate();
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
    this.#closed();
  }
}

/**
 * The offset in `memory` at which direct writes to `path`'s file system are aligned, or null
 * where that file system refuses O_DIRECT. A misaligned direct write fails with EINVAL before
 * any I/O, so the probe costs one 4 KiB write.
 * @throws {Error} `path` cannot be opened for writing
 */
function directStart(path: string, memory: Uint8Array): number | null {
  fs.closeSync(fs.openSync(path, fs.constants.O_WRONLY));
  const probePath = `${path}.direct-probe`;
  let probe: number;
  try {
    probe = fs.openSync(
      probePath,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DIRECT,
    );
  } catch {
    fs.rmSync(probePath, { force: true });
    return null; // O_DIRECT refused by the file system
  }
  try {
    for (let start = 0; start < ALIGN; start += ADDRESS_STEP) {
      try {
        fs.writeSync(probe, memory, start, ALIGN, 0);
        return start;
      } catch {
        // Misaligned: the next start.
      }
    }
    return null;
  } finally {
    fs.closeSync(probe);
    fs.rmSync(probePath, { force: true });
  }
}
