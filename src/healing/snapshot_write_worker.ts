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

export type WriteRequest =
  /** Opens `path` (which exists); `memory` holds `slots` buffers of `slotSize` bytes from an
   * aligned start the worker finds. */
  | { type: "open"; path: string; memory: SharedArrayBuffer; slots: number; slotSize: number }
  /** Writes the first `length` bytes of buffer `slot` at `position`. */
  | { type: "write"; id: number; slot: number; length: number; position: number }
  | { type: "close" };

export type WriteReply =
  /** `start`: offset in `memory` of the first slot (aligned when `direct`). */
  | { type: "ready"; direct: boolean; start: number }
  /** `buffered`: the bytes went through the page cache (they need a write-back). */
  | { type: "written"; id: number; buffered: boolean }
  | { type: "error"; id: number; message: string }
  | { type: "closed" };

/** Alignment of direct writes: a block size every device accepts. */
export const ALIGN = 4096;
/** Addresses of large allocations are at least this aligned. */
const ADDRESS_STEP = 16;

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
      file = _open(request.path, new Uint8Array(request.memory), request.slotSize);
      scope.postMessage({ type: "ready", direct: file.direct !== null, start: file.start });
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

/** Opens the file, and directly too if the file system allows it, and finds an aligned start in
 * `memory` (a misaligned direct write fails with EINVAL before any I/O; shared memory never
 * moves); buffered only when either fails. */
function _open(path: string, memory: Uint8Array, slotSize: number): _Open {
  const buffered = fs.openSync(path, fs.constants.O_WRONLY);
  let direct: number | null = null;
  try {
    direct = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
  } catch {
    // O_DIRECT refused by the file system: buffered writes only.
  }
  const open = { memory, start: 0, slotSize, direct, buffered };
  if (direct === null) return open;
  const probePath = `${path}.direct-probe`;
  const probe = fs.openSync(
    probePath,
    fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DIRECT,
  );
  try {
    for (let start = 0; start < ALIGN; start += ADDRESS_STEP) {
      try {
        fs.writeSync(probe, memory, start, ALIGN, 0);
        return { ...open, start };
      } catch {
        // Misaligned: the next start.
      }
    }
  } finally {
    fs.closeSync(probe);
    fs.rmSync(probePath, { force: true });
  }
  fs.closeSync(direct);
  return { ...open, direct: null };
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
