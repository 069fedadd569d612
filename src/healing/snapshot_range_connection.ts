/**
 * The kept-alive TCP connection under a puller's range reader (`snapshot_stream_client.ts`,
 * `snapshot_http_client.ts`): connects when there is none, bounds each request, connecting
 * included, and turns any failure into the reader's own error. The readers keep only their
 * request format and the parsing of the answer.
 */

import { splitHostPort } from "../cluster/mod.ts";
import { closeQuietly } from "../types/byte_io.ts";
import type { SnapshotHttpOffer } from "./snapshot_messages.ts";

/** What a range reader reads from. */
export interface SnapshotRangeTarget {
  /** The address of the stream listener or the HTTP route, and the token for the export. */
  offer: SnapshotHttpOffer;
  database: string;
  exportId: string;
  /** The cluster secret, "" for none. */
  secret: string;
  /** Bound of each request, connecting included. */
  timeoutMs: number;
}

/** Where `SnapshotRangeConnection` connects and how its failures are thrown. */
export interface SnapshotRangeConnectionOptions {
  /** `host:port` or `[v6]:port`. */
  address: string;
  /** Bound of each request, connecting included. */
  timeoutMs: number;
  /** The reader's error class: failures are thrown as one, and one thrown passes as is. */
  error: new (message: string) => Error;
}

/**
 * One connection to a peer, opened on the first request (and the next after a failure or
 * `close`); `S` is what the reader keeps per connection (the connection, a line reader on it).
 */
export class SnapshotRangeConnection<S> {
  readonly #options: SnapshotRangeConnectionOptions;
  readonly #open: (conn: Deno.TcpConn) => S;
  readonly #hostname: string;
  readonly #port: number;
  #conn: Deno.TcpConn | null = null;
  #session: S | null = null;

  /** `open` makes the per-connection state of each new connection. */
  constructor(options: SnapshotRangeConnectionOptions, open: (conn: Deno.TcpConn) => S) {
    this.#options = options;
    this.#open = open;
    const { host, port } = splitHostPort(options.address);
    this.#hostname = host;
    this.#port = port;
  }

  /**
   * Runs `exchange` on the connection (opened first if there is none) within the timeout;
   * on any failure the connection is closed.
   * @throws {Error} the options' `error` class: `exchange`'s own errors as they are,
   *   "... timed out after N ms", or "... failed: ..." for anything else
   */
  async request<T>(exchange: (session: S) => Promise<T>): Promise<T> {
    const { address, timeoutMs, error } = this.#options;
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
      let session = this.#session;
      if (session === null) {
        const connecting = this.#connect(() => timedOut);
        connecting.catch(() => {}); // may fail after the timeout, with nobody waiting
        session = await Promise.race([connecting, expired]);
      }
      return await exchange(session);
    } catch (err) {
      this.close();
      if (timedOut) {
        throw new error(`Snapshot range from ${address} timed out after ${timeoutMs} ms`);
      }
      if (err instanceof error) throw err;
      throw new error(`Snapshot range from ${address} failed: ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection (the next request opens another). */
  close(): void {
    if (this.#conn !== null) closeQuietly(this.#conn);
    this.#conn = null;
    this.#session = null;
  }

  async #connect(timedOut: () => boolean): Promise<S> {
    const conn = await Deno.connect({ hostname: this.#hostname, port: this.#port });
    if (timedOut()) {
      conn.close();
      throw new Error("connected too late");
    }
    conn.setNoDelay(true);
    this.#conn = conn;
    const session = this.#open(conn);
    this.#session = session;
    return session;
  }
}
