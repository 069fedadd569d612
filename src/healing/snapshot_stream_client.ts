/**
 * Reads ranges of a peer's export from its snapshot stream listener (`snapshot_stream.ts`),
 * one request at a time on a kept-alive TCP connection, straight into the caller's buffer.
 * Anything but the answer the protocol describes is an error, and the puller goes on over
 * HTTP, then by peer calls.
 */
import { readFull, writeAll } from "../types/byte_io.ts";
import { SnapshotRangeConnection, type SnapshotRangeTarget } from "./snapshot_range_connection.ts";
import { LineReader } from "./snapshot_stream.ts";

/** A request that failed: refused (`status`), cut, timed out, or not understood. */
export class SnapshotStreamError extends Error {
  override name = "SnapshotStreamError";
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** One connection to a peer's snapshot stream listener. */
export class SnapshotStreamReader {
  readonly #connection: SnapshotRangeConnection<{ conn: Deno.TcpConn; lines: LineReader }>;
  readonly #address: string;
  /** The request line without the offset and length. */
  readonly #prefix: string;
  readonly #suffix: string;

  constructor(target: SnapshotRangeTarget) {
    const { address, token } = target.offer;
    this.#address = address;
    this.#connection = new SnapshotRangeConnection(
      { address, timeoutMs: target.timeoutMs, error: SnapshotStreamError },
      (conn) => ({ conn, lines: new LineReader(conn) }),
    );
    const e = encodeURIComponent;
    this.#prefix = `SNAPSHOT ${e(target.database)} ${e(target.exportId)} `;
    this.#suffix = ` ${e(token)} ${e(target.secret)}\n`;
  }

  /**
   * Fills `into` with the export's bytes from `offset`; returns the SHA-256 (hex) the peer
   * gives for them.
   * @throws {SnapshotStreamError} refused, cut, timed out, or an answer not understood
   */
  read(offset: number, into: Uint8Array): Promise<string> {
    return this.#connection.request(async ({ conn, lines }) => {
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
          `Snapshot stream from ${this.#address}: ${answer.slice(0, 500)}`,
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
    });
  }

  /** Closes the connection (the next read opens another). */
  close(): void {
    this.#connection.close();
  }
}
