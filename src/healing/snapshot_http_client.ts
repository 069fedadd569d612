/**
 * Reads ranges of a peer's export over HTTP/1.1, one request at a time on a kept-alive TCP
 * connection, straight into the caller's buffer. A client of our own rather than `fetch`:
 * measured on 1 GiB between two processes here, `fetch` and its body stream cost the puller
 * 2.3-3.4 s of CPU (SHA-256 included) and moved 340-450 MB/s; this one 1.4 s and ~545 MB/s.
 * It speaks only what the snapshot route answers (`Deno.serve`): a status line, headers with
 * a content-length, the body; anything else is an error, and the puller falls back to the
 * peer calls.
 */
import { SECRET_HEADER } from "../cluster/peer_clients.ts";
import { readFull, writeAll } from "../types/byte_io.ts";
import {
  SNAPSHOT_HTTP_PATH,
  SNAPSHOT_SHA256_HEADER,
  SNAPSHOT_TOKEN_HEADER,
} from "./snapshot_messages.ts";
import { SnapshotRangeConnection, type SnapshotRangeTarget } from "./snapshot_range_connection.ts";

/** A request that failed: refused (`status`), cut, timed out, or not understood. */
export class SnapshotHttpError extends Error {
  override name = "SnapshotHttpError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** Bytes of a response head at most (ours are ~150). */
const HEAD_MAX = 16 * 1024;
const CRLFCRLF = [13, 10, 13, 10];

/** One connection to a peer's snapshot route. */
export class SnapshotHttpReader {
  readonly #target: SnapshotRangeTarget;
  readonly #connection: SnapshotRangeConnection<Deno.TcpConn>;
  readonly #request: string;
  readonly #head = new Uint8Array(HEAD_MAX);

  constructor(target: SnapshotRangeTarget) {
    this.#target = target;
    const { address, token } = target.offer;
    this.#connection = new SnapshotRangeConnection(
      { address, timeoutMs: target.timeoutMs, error: SnapshotHttpError },
      (conn) => conn,
    );
    const headers = [`host: ${address}`, `${SNAPSHOT_TOKEN_HEADER}: ${token}`];
    if (target.secret !== "") headers.push(`${SECRET_HEADER}: ${target.secret}`);
    if (headers.some((h) => /[\r\n]/.test(h))) {
      throw new SnapshotHttpError("Snapshot HTTP headers cannot hold line breaks");
    }
    this.#request = headers.join("\r\n") + "\r\n\r\n";
  }

  /**
   * Fills `into` with the export's bytes from `offset`; returns the SHA-256 (hex) the peer
   * gives for them.
   * @throws {SnapshotHttpError} refused, cut, timed out, or an answer not understood
   */
  read(offset: number, into: Uint8Array): Promise<string> {
    const { database, exportId } = this.#target;
    return this.#connection.request(async (conn) => {
      const path = `${SNAPSHOT_HTTP_PATH}${encodeURIComponent(database)}/` +
        `${encodeURIComponent(exportId)}?offset=${offset}&length=${into.length}`;
      await writeAll(conn, new TextEncoder().encode(`GET ${path} HTTP/1.1\r\n${this.#request}`));
      const head = await this.#readHead(conn);
      if (head.status !== 200) {
        const text = new Uint8Array(Math.min(head.contentLength, 4096));
        text.set(head.body.subarray(0, text.length));
        await readFull(conn, text.subarray(Math.min(head.body.length, text.length)));
        throw new SnapshotHttpError(
          `HTTP ${head.status} from ${this.#target.offer.address}: ` +
            new TextDecoder().decode(text).trim(),
          head.status,
        );
      }
      if (head.contentLength !== into.length || head.body.length > into.length) {
        throw new SnapshotHttpError(
          `Snapshot range of ${into.length} bytes answered with ${head.contentLength}`,
        );
      }
      if (!/^[0-9a-f]{64}$/.test(head.sha256)) {
        throw new SnapshotHttpError(`Snapshot range without a valid ${SNAPSHOT_SHA256_HEADER}`);
      }
      into.set(head.body);
      await readFull(conn, into.subarray(head.body.length));
      if (head.close) this.close();
      return head.sha256;
    });
  }

  /** Closes the connection (the next read opens another). */
  close(): void {
    this.#connection.close();
  }

  /** Reads the status line and headers; `body` holds the body bytes read with them. */
  async #readHead(
    conn: Deno.TcpConn,
  ): Promise<
    { status: number; contentLength: number; close: boolean; sha256: string; body: Uint8Array }
  > {
    const buf = this.#head;
    let n = 0;
    let end = -1;
    while (end < 0) {
      if (n === buf.length) throw new SnapshotHttpError("Snapshot response head too long");
      const got = await conn.read(buf.subarray(n));
      if (got === null) throw new SnapshotHttpError("Connection closed before a response");
      end = _indexOf(buf, CRLFCRLF, Math.max(0, n - 3), n + got);
      n += got;
    }
    const lines = new TextDecoder().decode(buf.subarray(0, end)).split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0) {
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
    }
    const length = headers.get("content-length");
    if (status === null || length === undefined || !/^\d+$/.test(length)) {
      throw new SnapshotHttpError(`Snapshot response not understood: ${lines[0]}`);
    }
    return {
      status: Number(status[1]),
      contentLength: Number(length),
      close: headers.get("connection")?.toLowerCase() === "close",
      sha256: headers.get(SNAPSHOT_SHA256_HEADER) ?? "",
      body: buf.subarray(end + 4, n),
    };
  }
}

/** Index of `needle` in `buf[from, to)`, or -1. */
function _indexOf(buf: Uint8Array, needle: number[], from: number, to: number): number {
  for (let i = from; i + needle.length <= to; i++) {
    let j = 0;
    while (j < needle.length && buf[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
