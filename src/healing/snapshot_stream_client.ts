/**
 * Reads ranges of a peer's export from its snapshot stream listener (`snapshot_stream.ts`),
 * one request at a time on a kept-alive TCP connection, straight into the caller's buffer.
 * Anything but the answer the protocol describes is an error, and the puller goes on over
 * HTTP, then by peer calls.
 */
import { readFull, writeAll } from "./snapshot_files.ts";
import type { SnapshotHttpOffer } from "./snapshot_messages.ts";
import { LineReader } from "./snapshot_stream.ts";

/** What `SnapshotStreamReader` reads from. */
export interface SnapshotStreamTarget {
  /** The stream listener's address and the token for the export. */
  offer: SnapshotHttpOffer;
  database: string;
  exportId: string;
  /** The cluster secret, "" for none. */
  secret: string;
  /** Bound of each request, connecting included. */
  timeoutMs: number;
}

/** A request that failed: refused (`status`), cut, timed out, or not understood. */
export class SnapshotStreamError extends Error {
  override name = "SnapshotStreamError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** One connection to a peer's snapshot stream listener. */
export class SnapshotStreamReader {
  readonly #target: SnapshotStreamTarget;
  readonly #hostname: string;
  readonly #port: number;
  /** The request line without the offset and length. */
  readonly #prefix: string;
  readonly #suffix: string;
  #conn: Deno.TcpConn | null = null;
  #lines: LineReader | null = null;

  constructor(target: SnapshotStreamTarget) {
    this.#target = target;
    const { address, token } = target.offer;
    const colon = address.lastIndexOf(":");
    this.#hostname = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
    this.#port = Number(address.slice(colon + 1));
    const e = encodeURIComponent;
    this.#prefix = `SNAPSHOT ${e(target.database)} ${e(target.exportId)} `;
    this.#suffix = ` ${e(token)} ${e(target.secret)}\n`;
  }

  /**
   * Fills `into` with the export's bytes from `offset`; returns the SHA-256 (hex) the peer
   * gives for them.
   * @throws {SnapshotStreamError} refused, cut, timed out, or an answer not understood
   */
  async read(offset: number, into: Uint8Array): Promise<string> {
    const { address } = this.#target.offer;
    const { timeoutMs } = this.#target;
    let timedOut = false;
    let expire = () => {};
    const expired = new Promise<never>((_, reject) => expire = () => reject(new Error("timeout")));
    expired.catch(() => {});
    // Closing the connection ends a read or write waiting on it; a connect is raced.
    const timer = setTimeout(() => {
      timedOut = true;
      this.close();
      expire();
    }, timeoutMs);
    try {
      if (this.#conn === null) {
        const connecting = this.#connect(() => timedOut);
        connecting.catch(() => {}); // may fail after the timeout, with nobody waiting
        await Promise.race([connecting, expired]);
      }
      const conn = this.#conn!;
      const lines = this.#lines!;
      await writeAll(
        conn,
        new TextEncoder().encode(`${this.#prefix}${offset} ${into.length}${this.#suffix}`),
      );
      const answer = await lines.next();
      if (answer === null) throw new SnapshotStreamError("Connection closed before an answer");
      const ok = /^200 (\d+) ([0-9a-f]{64})$/.exec(answer);
      if (ok === null) {
        const status = /^(\d{3}) /.exec(answer);
        throw new SnapshotStreamError(
          `Snapshot stream from ${address}: ${answer.slice(0, 500)}`,
          status === null ? undefined : Number(status[1]),
        );
      }
      if (Number(ok[1]) !== into.length) {
        throw new SnapshotStreamError(
          `Snapshot range of ${into.length} bytes answered with ${ok[1]}`,
        );
      }
      const rest = lines.takeRest();
      if (rest.length > into.length) {
        throw new SnapshotStreamError("Snapshot stream sent more than the range");
      }
      into.set(rest);
      await readFull(conn, into.subarray(rest.length));
      return ok[2]!;
    } catch (err) {
      this.close();
      if (timedOut) {
        throw new SnapshotStreamError(
          `Snapshot range from ${address} timed out after ${timeoutMs} ms`,
        );
      }
      if (err instanceof SnapshotStreamError) throw err;
      throw new SnapshotStreamError(`Snapshot range from ${address} failed: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection (the next read opens another). */
  close(): void {
    try {
      this.#conn?.close();
    } catch {
      // Closed already.
    }
    this.#conn = null;
    this.#lines = null;
  }

  async #connect(timedOut: () => boolean): Promise<void> {
    const conn = await Deno.connect({ hostname: this.#hostname, port: this.#port });
    if (timedOut()) {
      conn.close();
      throw new Error("connected too late");
    }
    conn.setNoDelay(true);
    this.#conn = conn;
    this.#lines = new LineReader(conn);
  }
}
