/**
 * Worker thread of `ChunkWriter`: writes a download's chunks from shared memory into the file,
 * with O_DIRECT where the file system allows it. Off the event loop because Deno's `node:fs`
 * writes (`writeSync`, `write`, `FileHandle.write` alike) run on the calling thread: a 4 MiB
 * direct write waits ~3 ms for the device, ~0.7 s per GiB during which the puller's event
 * loop neither read its sockets nor hashed (src/healing/DESIGN.md).
 *
 * Messages: `WriteRequest` in, `WriteReply` out, handled one at a time in order; `open` first.
 */
import fs from "node:fs";
import { ALIGN } from "./snapshot_chunk_writer.ts";

export type WriteRequest =
  /** Opens `path` (which exists); `memory` holds `slots` buffers of `slotSize` bytes from
   * `start`, aligned for direct writes unless `start` is null (the file system refused them,
   * see `directStart`). */
  | {
    type: "open";
    path: string;
    memory: SharedArrayBuffer;
    slots: number;
    slotSize: number;
    start: number | null;
  }
  /** Writes the first `length` bytes of buffer `slot` at `position`. */
  | { type: "write"; id: number; slot: number; length: number; position: number }
  | { type: "close" };

export type WriteReply =
  /** `buffered`: the bytes went through the page cache (they need a write-back). */
  | { type: "written"; id: number; buffered: boolean }
  /** A write failed, or with id -1 the open (which fails the writer). */
  | { type: "error"; id: number; message: string }
  | { type: "closed" };

/** The worker's global scope (typed by hand, as in checkpoint_worker.ts). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<WriteRequest>) => void) | null;
  postMessage(reply: WriteReply): void;
  close(): void;
}

interface _Open {
  memory: Uint8Array;
  start: number;
  slotSize: number;
  direct: number | null;
  buffered: number;
}

const scope = self as unknown as WorkerScope;
let file: _Open | null = null;

scope.onmessage = (event: MessageEvent<WriteRequest>) => {
  const request = event.data;
  if (request.type === "open") {
    try {
      file = _open(request);
    } catch (err) {
      scope.postMessage({ type: "error", id: -1, message: String(err) });
    }
  } else if (request.type === "write") {
    try {
      if (file === null) throw new Error("ChunkWriter: write before open");
      const buffered = _write(file, request.slot, request.length, request.position);
      scope.postMessage({ type: "written", id: request.id, buffered });
    } catch (err) {
      scope.postMessage({ type: "error", id: request.id, message: String(err) });
    }
  } else {
    for (const fd of [file?.direct, file?.buffered]) if (typeof fd === "number") fs.closeSync(fd);
    file = null;
    scope.postMessage({ type: "closed" });
    scope.close();
  }
};

/** Opens the file, and directly too when `start` is aligned (buffered only if that fails). */
function _open(
  { path, memory, slotSize, start }: Extract<WriteRequest, { type: "open" }>,
): _Open {
  const buffered = fs.openSync(path, fs.constants.O_WRONLY);
  let direct: number | null = null;
  if (start !== null) {
    try {
      direct = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
    } catch {
      // Refused after all: buffered writes only.
    }
  }
  return { memory: new Uint8Array(memory), start: start ?? 0, slotSize, direct, buffered };
}

/** Writes directly when offset and length are aligned, else (or refused) through the page
 * cache; returns whether it went through the page cache. */
function _write(file: _Open, slot: number, length: number, position: number): boolean {
  const from = file.start + slot * file.slotSize;
  if (file.direct !== null && position % ALIGN === 0 && length % ALIGN === 0) {
    try {
      _writeAll(file.direct, file.memory, from, length, position);
      return false;
    } catch (err) {
      if ((err as { code?: string }).code !== "EINVAL") throw err;
    }
  }
  _writeAll(file.buffered, file.memory, from, length, position);
  return true;
}

function _writeAll(
  fd: number,
  memory: Uint8Array,
  from: number,
  length: number,
  position: number,
): void {
  let n = 0;
  while (n < length) n += fs.writeSync(fd, memory, from + n, length - n, position + n);
}
