/**
 * Writes a download's chunks at their offsets, with O_DIRECT where the file system allows it.
 *
 * Buffered writes copy every byte into new page-cache pages, and on this VM (free pages are
 * handed back to the host, so a new page faults there first) that cost the puller 1.8-3.4 s
 * of system time per GiB, against 0.3 s when the pages happen to be recycled; O_DIRECT moves
 * the bytes from the chunk buffer to the device (1 GiB: 0.75 s of device time, 0.05 s of
 * CPU) and leaves nothing for the final fsync to write (src/healing/DESIGN.md).
 *
 * O_DIRECT needs the buffer's address, the file offset and the length aligned to the
 * device's block. JavaScript cannot see an address, so `buffer` allocates a little more and
 * finds the aligned start by trying small direct writes to a probe file (a misaligned one
 * fails with EINVAL before any I/O); ArrayBuffer memory never moves. Where O_DIRECT is
 * refused (tmpfs, some network file systems) or no start is found, and for a write that is
 * not aligned (the tail of a file whose size is not a multiple of `ALIGN`), the writer uses
 * a buffered descriptor; as for bytes from elsewhere (a peer call's reply), whose address
 * the device refuses (EINVAL).
 */
import fs from "node:fs";

/** Alignment of direct writes: a block size every device accepts. */
const ALIGN = 4096;
/** Addresses of large allocations are at least this aligned. */
const ADDRESS_STEP = 16;

/** One worker's descriptors on the download file and its chunk buffer. */
export class ChunkWriter {
  readonly #path: string;
  readonly #probePath: string;
  #direct: fs.promises.FileHandle | null;
  #buffered: fs.promises.FileHandle | null = null;

  private constructor(path: string, direct: fs.promises.FileHandle | null) {
    this.#path = path;
    this.#probePath = `${path}.direct-probe`;
    this.#direct = direct;
  }

  /** Opens `path` (which exists) for writing, directly when the file system allows it. */
  static async open(path: string): Promise<ChunkWriter> {
    let direct: fs.promises.FileHandle | null = null;
    try {
      direct = await fs.promises.open(path, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
    } catch {
      // O_DIRECT refused by the file system: buffered writes only.
    }
    return new ChunkWriter(path, direct);
  }

  /** Writes go to the device without the page cache (false: buffered, needing write-back). */
  get direct(): boolean {
    return this.#direct !== null;
  }

  /** A buffer of `size` bytes the direct descriptor can write from (any buffer when
   * buffered). */
  async buffer(size: number): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#direct === null) return new Uint8Array(size);
    const raw = new Uint8Array(size + ALIGN);
    const probe = fs.openSync(
      this.#probePath,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_DIRECT,
    );
    try {
      for (let start = 0; start < ALIGN; start += ADDRESS_STEP) {
        try {
          fs.writeSync(probe, raw, start, ALIGN, 0);
          return raw.subarray(start, start + size);
        } catch {
          // Misaligned: the next start.
        }
      }
    } finally {
      fs.closeSync(probe);
      fs.rmSync(this.#probePath, { force: true });
    }
    await this.#closeDirect();
    return new Uint8Array(size);
  }

  /**
   * Writes all of `data` at `position`. Returns whether it went through the page cache.
   */
  async write(data: Uint8Array, position: number): Promise<boolean> {
    const direct = this.#direct;
    if (direct !== null && position % ALIGN === 0 && data.length % ALIGN === 0) {
      try {
        await _writeAll(direct, data, position);
        return false;
      } catch (err) {
        if ((err as { code?: string }).code !== "EINVAL") throw err;
      }
    }
    this.#buffered ??= await fs.promises.open(this.#path, fs.constants.O_WRONLY);
    await _writeAll(this.#buffered, data, position);
    return true;
  }

  async close(): Promise<void> {
    await this.#closeDirect();
    const buffered = this.#buffered;
    this.#buffered = null;
    await buffered?.close();
  }

  async #closeDirect(): Promise<void> {
    const direct = this.#direct;
    this.#direct = null;
    await direct?.close();
  }
}

async function _writeAll(
  file: fs.promises.FileHandle,
  data: Uint8Array,
  position: number,
): Promise<void> {
  let n = 0;
  while (n < data.length) {
    const { bytesWritten } = await file.write(data, n, data.length - n, position + n);
    n += bytesWritten;
  }
}
