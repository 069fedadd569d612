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
import { writeAll } from "./snapshot_files.ts";
import type { SnapshotHttpRoute } from "./snapshot_http.ts";

/** Bytes of a request line at most (ours are ~250). */
export const STREAM_LINE_MAX = 4096;
const NEWLINE = 10;

/** A refusal: its status and message go back on the line, then the connection closes. */
class _Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The listener and its connections. */
export class SnapshotStreamServer {
  readonly #exports: SnapshotExports;
  readonly #access: SnapshotHttpRoute;
  readonly #logger: Logger;
  readonly #conns = new Set<Deno.TcpConn>();
  #listener: Deno.TcpListener | null = null;

  /** `access` checks secrets and tokens, as for HTTP. */
  constructor(exports: SnapshotExports, access: SnapshotHttpRoute, logger: Logger) {
    this.#exports = exports;
    this.#access = access;
    this.#logger = logger;
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
        request = await line.next();
      } catch {
        return; // cut, or a line too long: nothing to answer
      }
      if (request === null) return;
      try {
        await this.#answer(conn, request);
      } catch (err) {
        if (!(err instanceof _Refused)) {
          if (err instanceof Deno.errors.BrokenPipe || err instanceof Deno.errors.ConnectionReset) {
            return;
          }
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
    const [, database, exportId, offset, length, token, secret] = parts.map(_decode);
    if (!database || !exportId) throw new _Refused(400, "Malformed snapshot stream request");
    const refused = this.#access.check(secret ?? null, token ?? null, database, exportId);
    if (refused === 401) throw new _Refused(401, "Missing or wrong cluster secret");
    if (refused === 403) {
      throw new _Refused(403, "Unknown or expired snapshot token for this export");
    }
    try {
      // The pooled buffer goes back to the pool once written (the read lasts until then).
      await this.#exports.read(
        database,
        exportId,
        _int(offset),
        _int(length),
        async ({ data, sha256 }) => {
          await writeAll(conn, new TextEncoder().encode(`200 ${data.length} ${sha256}\n`));
          await writeAll(conn, data);
        },
      );
    } catch (err) {
      if (err instanceof SnapshotExportGoneError) throw new _Refused(410, err.message);
      if (err instanceof RangeError) throw new _Refused(416, err.message);
      throw err;
    }
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

function _decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return "";
  }
}

function _int(value: string | undefined): number {
  return value !== undefined && /^\d{1,16}$/.test(value) ? Number(value) : -1;
}

function _close(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // Closed already.
  }
}
