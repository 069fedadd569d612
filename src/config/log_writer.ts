/**
 * Where log lines go: stdout or an append-only file with size-based rotation
 * (`file`, `file.1` ... `file.<max_backups>`). Writes are synchronous so the last lines
 * before a crash or `Deno.exit` are on disk; logging is not on the per-query path.
 */
import { dirname } from "node:path";

/** Options for `LogWriter`. */
export interface LogWriterOptions {
  /** Log file path; undefined or empty writes to stdout. */
  file?: string;
  /** Rotate when the file would grow past this many bytes; 0 never rotates. */
  maxSizeBytes?: number;
  /** Rotated files kept. */
  maxBackups?: number;
}

/** A pino destination: pino calls `write` with one serialized record at a time. */
export class LogWriter {
  readonly #encoder = new TextEncoder();
  readonly #file: string | undefined;
  readonly #maxSize: number;
  readonly #maxBackups: number;
  #handle: Deno.FsFile | undefined;
  #size = 0;

  constructor(options: LogWriterOptions = {}) {
    this.#file = options.file || undefined;
    this.#maxSize = options.maxSizeBytes ?? 0;
    this.#maxBackups = options.maxBackups ?? 0;
    if (this.#file !== undefined) {
      Deno.mkdirSync(dirname(this.#file), { recursive: true });
      this.#open();
    }
  }

  /** Writes one record (already newline-terminated). */
  write(text: string): void {
    const bytes = this.#encoder.encode(text);
    if (this.#file === undefined) {
      _writeAll(Deno.stdout, bytes);
      return;
    }
    if (this.#maxSize > 0 && this.#size > 0 && this.#size + bytes.length > this.#maxSize) {
      this.#rotate();
    }
    _writeAll(this.#handle!, bytes);
    this.#size += bytes.length;
  }

  /** Closes the file (stdout stays open). */
  close(): void {
    this.#handle?.close();
    this.#handle = undefined;
  }

  #open(): void {
    this.#handle = Deno.openSync(this.#file!, { append: true, create: true });
    this.#size = this.#handle.statSync().size;
  }

  #rotate(): void {
    this.close();
    const file = this.#file!;
    if (this.#maxBackups === 0) {
      Deno.removeSync(file);
    } else {
      for (let i = this.#maxBackups - 1; i >= 1; i--) {
        _renameIfExists(`${file}.${i}`, `${file}.${i + 1}`);
      }
      Deno.renameSync(file, `${file}.1`);
    }
    this.#open();
  }
}

function _writeAll(target: { writeSync(p: Uint8Array): number }, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += target.writeSync(bytes.subarray(offset));
}

function _renameIfExists(from: string, to: string): void {
  try {
    Deno.renameSync(from, to);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
