/**
 * Serves export bytes on a TCP listener of their own, a plain byte stream: per chunk one
 * request line and the answer's line, then the bytes written straight from the export's
 * pooled buffer. The admin listener's HTTP route (`snapshot_http.ts`) moves the same bytes
 * through `Deno.serve`, which writes a body in 64 KiB pieces (16 syscalls and wake-ups per
 * MiB); here one `write` takes as much as the socket does (src/healing/DESIGN.md).
 *
 * On a kept-alive connection, one request at a time:
 *
 *   SNAPSHOT <database> <exportId> <offset> <length> <token> <secret>\n
 *
 * (each field URI-encoded; the secret empty when the cluster has none), answered with
 * `200 <length> <sha256>\n` and exactly `length` bytes of the export from `offset` (a chunk
 * at most), or `<status> <message>\n` and the connection closed: 400 malformed, 401 secret,
 * 403 token (the HTTP route's tokens and checks), 410 export gone, 416 range, 500.
 */
import type { Logger } from "../config/mod.ts";
import { SnapshotExportGoneError, type SnapshotExports } from "./snapshot_export.ts";
import { writeAll } from "../types/byte_io.ts";
import {
  decodeSnapshotField,
  type SnapshotHttpRoute,
  snapshotRangeNumber,
} from "./snapshot_http.ts";

/** Bytes of a request line at most (ours are ~250). */
export const STREAM_LINE_MAX = 4096;
const NEWLINE = 10;

/** A refusal: its status and message go back on the line, then the connection closes. */
class _Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Options of `SnapshotStreamServer`. */
export interface SnapshotStreamServerOptions {
  logger: Logger;
  /** A connection with no request for this long, or a range not taken by the puller within
   * it, is closed (default 60 s): a vanished puller holds no connection or buffer for long. */
  idleMs?: number;
}

/** The listener and its connections. */
export class SnapshotStreamServer {
  readonly #exports: SnapshotExports;
  readonly #access: SnapshotHttpRoute;
  readonly #logger: Logger;
  readonly #idleMs: number;
  readonly #conns = new Set<Deno.TcpConn>();
  #listener: Deno.TcpListener | null = null;

  /** `access` checks secrets and tokens, as for HTTP. */
  constructor(
    exports: SnapshotExports,
    access: SnapshotHttpRoute,
    options: SnapshotStreamServerOptions,
  ) {
    this.#exports = exports;
    this.#access = access;
    this.#logger = options.logger;
    this.#idleMs = options.idleMs ?? 60_000;
  }

  /**
   * Listens on `hostname` at a port the system picks; returns it.
   * @throws {Error} the address cannot be bound
   */
  listen(hostname: string): number {
    const listener = Deno.listen({ hostname, port: 0, transport: "tcp" });
    this.#listener = listener;
    void this.#accept(listener);
    return listener.addr.port;
  }

  /** Stops listening and closes the connections. */
  close(): void {
    try {
      this.#listener?.close();
    } catch {
      // Closed already.
    }
    this.#listener = null;
    for (const conn of this.#conns) _close(conn);
    this.#conns.clear();
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    try {
      for await (const conn of listener) {
        this.#conns.add(conn);
        void this.#serve(conn).finally(() => {
          this.#conns.delete(conn);
          _close(conn);
        });
      }
    } catch (err) {
      if (this.#listener === listener) {
        this.#logger.error({ err }, "Snapshot stream listener failed");
      }
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    conn.setNoDelay(true);
    const line = new LineReader(conn);
    for (;;) {
      let request: string | null;
      try {
        request = await _closingAfter(conn, this.#idleMs, line.next());
      } catch {
        return; // cut, idle too long, or a line too long: nothing to answer
      }
      if (request === null) return;
      try {
        await this.#answer(conn, request);
      } catch (err) {
        if (!(err instanceof _Refused)) {
          if (_gone(err)) return;
          this.#logger.error({ err }, "Snapshot stream request failed");
        }
        const status = err instanceof _Refused ? err.status : 500;
        const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ");
        await writeAll(conn, new TextEncoder().encode(`${status} ${message}\n`)).catch(() => {});
        return;
      }
    }
  }

  /** Sends the range `request` asks for, or throws `_Refused`. */
  async #answer(conn: Deno.TcpConn, request: string): Promise<void> {
    const parts = request.split(" ");
    if (parts.length !== 7 || parts[0] !== "SNAPSHOT") {
      throw new _Refused(400, "Malformed snapshot stream request");
    }
    const [, database, exportId, offset, length, token, secret] = parts.map(decodeSnapshotField);
    if (!database || !exportId) throw new _Refused(400, "Malformed snapshot stream request");
    const refused = this.#access.check(secret ?? null, token ?? null, database, exportId);
    if (refused === 401) throw new _Refused(401, "Missing or wrong cluster secret");
    if (refused === 403) {
      throw new _Refused(403, "Unknown or expired snapshot token for this export");
    }
    // The pooled buffer itself is written, lent until the write settles: the read counts as
    // done at once, so a puller slow to take its bytes holds no other reader back.
    let written = () => {};
    const lent = new Promise<void>((resolve) => written = resolve);
    let sending: Promise<void> | undefined;
    try {
      await this.#exports.read(
        database,
        exportId,
        snapshotRangeNumber(offset),
        snapshotRangeNumber(length),
        ({ data, sha256 }) => {
          const head = new TextEncoder().encode(`200 ${data.length} ${sha256}\n`);
          sending = _closingAfter(
            conn,
            this.#idleMs,
            writeAll(conn, head).then(() => writeAll(conn, data)),
          ).finally(written);
        },
        lent,
      );
    } catch (err) {
      if (err instanceof SnapshotExportGoneError) throw new _Refused(410, err.message);
      if (err instanceof RangeError) throw new _Refused(416, err.message);
      throw err;
    }
    await sending;
  }
}

/** Reads `\n`-terminated lines of at most `STREAM_LINE_MAX` bytes from a connection. */
export class LineReader {
  readonly #conn: Deno.Conn;
  readonly #buf = new Uint8Array(STREAM_LINE_MAX);
  #start = 0;
  #end = 0;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /**
   * The next line without its `\n`, or null at the end of the stream before one.
   * @throws {Error} a line longer than the bound, or the stream ended within a line
   */
  async next(): Promise<string | null> {
    for (;;) {
      const at = this.#buf.subarray(this.#start, this.#end).indexOf(NEWLINE);
      if (at >= 0) {
        const line = new TextDecoder().decode(this.#buf.subarray(this.#start, this.#start + at));
        this.#start += at + 1;
        return line;
      }
      if (this.#start > 0) {
        this.#buf.copyWithin(0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
      }
      if (this.#end === this.#buf.length) throw new Error("Snapshot stream line too long");
      const got = await this.#conn.read(this.#buf.subarray(this.#end));
      if (got === null) {
        if (this.#end === 0) return null;
        throw new Error("Snapshot stream ended within a line");
      }
      this.#end += got;
    }
  }

  /** Bytes read past the last line (the start of what follows it), taken out. */
  takeRest(): Uint8Array {
    const rest = this.#buf.subarray(this.#start, this.#end);
    this.#start = this.#end = 0;
    return rest;
  }
}

/** `work`, with `conn` closed if it takes longer than `ms` (which ends it with an error). */
async function _closingAfter<T>(conn: Deno.Conn, ms: number, work: Promise<T>): Promise<T> {
  const timer = setTimeout(() => _close(conn), ms);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}

/** The connection went away under a write (the puller left, or it was closed here). */
function _gone(err: unknown): boolean {
  return err instanceof Deno.errors.BrokenPipe || err instanceof Deno.errors.ConnectionReset ||
    err instanceof Deno.errors.ConnectionAborted || err instanceof Deno.errors.BadResource ||
    err instanceof Deno.errors.Interrupted;
}

function _close(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Closed already.
  }
}
