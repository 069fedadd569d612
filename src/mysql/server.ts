/**
 * The MySQL listener: TCP and optionally a Unix socket, connection ids, max_connections
 * (extra clients get ERR 1040 and are closed), and a draining `close()` that stops
 * accepting, lets running commands finish within a grace period, then closes sockets and
 * sessions. Everything past accept is `Connection`'s job.
 */
import { closeQuietly } from "../types/byte_io.ts";
import { ER } from "../types/errors.ts";
import { AuthCache, type Sha2CacheMode } from "./auth/auth_cache.ts";
import { RsaKeyPair } from "./auth/rsa_key_pair.ts";
import { DEFAULT_MAX_ALLOWED_PACKET, NATIVE_PASSWORD } from "./constants.ts";
import { Connection } from "./connection.ts";
import type { ConnectionServices } from "./connection_state.ts";
import type { Executor } from "./executor.ts";
import { PacketWriter } from "./framing/packet_writer.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { writeErrPacket } from "./packets/err_packet.ts";

/** Options for `MysqlServer`. */
export interface MysqlServerOptions {
  executor: Executor;
  host: string;
  /** TCP port; 0 picks a free one (see `port` after `start()`). */
  port: number;
  /** Path of a Unix socket to listen on as well. */
  unixSocket?: string;
  /** Permission bits for the socket file (default 0o660). */
  unixSocketMode?: number;
  /** Default 1000. */
  maxConnections?: number;
  /** Largest packet accepted from a client; default 64 MiB. */
  maxAllowedPacket?: number;
  logger?: Logger;
  /** Time allowed to authenticate, default 10 s (MySQL's connect_timeout). */
  connectTimeoutMs?: number;
  /** How long `close()` waits for running commands, default 5 s. */
  drainTimeoutMs?: number;
  /** caching_sha2_password cache: "preload" (fast auth for all, default) or "empty". */
  sha2Cache?: Sha2CacheMode;
  /** Plugin named in the greeting; default mysql_native_password (notes §3.3). */
  greetingPlugin?: "mysql_native_password" | "caching_sha2_password";
}

/** A MySQL protocol server. */
export class MysqlServer {
  readonly #options: MysqlServerOptions;
  readonly #logger: Logger;
  readonly #connections = new Set<Connection>();
  readonly #listeners: Deno.Listener[] = [];
  readonly #loops: Promise<void>[] = [];
  #services: ConnectionServices | null = null;
  #nextId = 1;
  #closing = false;
  #port = 0;

  constructor(options: MysqlServerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The bound TCP port (useful with port 0). */
  get port(): number {
    return this.#port;
  }

  /** Connections currently open. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Starts listening; generates the RSA key for caching_sha2 full authentication. */
  async start(): Promise<void> {
    const o = this.#options;
    const rsa = RsaKeyPair.generate();
    rsa.catch((err) => this.#logger.error({ err }, "RSA key generation failed"));
    this.#services = {
      executor: o.executor,
      logger: this.#logger,
      maxAllowedPacket: o.maxAllowedPacket ?? DEFAULT_MAX_ALLOWED_PACKET,
      authCache: new AuthCache(o.sha2Cache ?? "preload"),
      rsaKey: () => rsa,
    };
    const tcp = Deno.listen({ hostname: o.host, port: o.port, transport: "tcp" });
    this.#port = (tcp.addr as Deno.NetAddr).port;
    this.#listen(tcp, false);
    if (o.unixSocket) {
      await _removeStaleSocket(o.unixSocket);
      const unix = Deno.listen({ path: o.unixSocket, transport: "unix" });
      await Deno.chmod(o.unixSocket, o.unixSocketMode ?? 0o660);
      this.#listen(unix, true);
    }
    this.#logger.info(
      { host: o.host, port: this.#port, unixSocket: o.unixSocket },
      "MySQL protocol listening",
    );
  }

  #listen(listener: Deno.Listener, unix: boolean): void {
    this.#listeners.push(listener);
    this.#loops.push((async () => {
      try {
        for await (const conn of listener) this.#accept(conn, unix);
      } catch (err) {
        if (!this.#closing) this.#logger.error({ err }, "Accept loop failed");
      }
    })());
  }

  #accept(conn: Deno.Conn, unix: boolean): void {
    const services = this.#services!;
    if (this.#closing) {
      closeQuietly(conn);
      return;
    }
    if (!unix) (conn as Deno.TcpConn).setNoDelay(true);
    const host = unix ? "localhost" : (conn.remoteAddr as Deno.NetAddr).hostname;
    if (this.#connections.size >= (this.#options.maxConnections ?? 1000)) {
      this.#logger.warn({ host }, "Too many connections");
      void _refuse(conn);
      return;
    }
    const id = this.#nextId;
    this.#nextId = this.#nextId >= 0xffffffff ? 1 : this.#nextId + 1;
    const connection = new Connection(conn, {
      connectionId: id,
      host,
      secureTransport: unix,
      services,
      connectTimeoutMs: this.#options.connectTimeoutMs ?? 10_000,
      greetingPlugin: this.#options.greetingPlugin ?? NATIVE_PASSWORD,
    });
    this.#connections.add(connection);
    void connection.run().finally(() => this.#connections.delete(connection));
  }

  /** Stops accepting, drains running commands (up to the grace period), closes all. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const l of this.#listeners) closeQuietly(l);
    const grace = this.#options.drainTimeoutMs ?? 5000;
    await Promise.all([...this.#connections].map((c) => c.shutdown(grace)));
    await Promise.all(this.#loops);
    if (this.#options.unixSocket) {
      await Deno.remove(this.#options.unixSocket).catch(() => {});
    }
    this.#logger.info({ port: this.#port }, "MySQL protocol closed");
  }
}

/** ERR 1040 in place of the greeting (no SQLSTATE marker: nothing is negotiated yet). */
async function _refuse(conn: Deno.Conn): Promise<void> {
  const w = new PacketWriter(64);
  writeErrPacket(w, {
    code: ER.CON_COUNT_ERROR,
    sqlState: "08004",
    message: "Too many connections",
  }, {
    withSqlState: false,
  });
  try {
    await conn.write(w.view());
  } catch {
    // The client left first.
  }
  closeQuietly(conn);
}

/** Removes a leftover socket file, refusing to touch one a live server still answers on. */
async function _removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch {
    return;
  }
  if (!info.isSocket) throw new Error(`Cannot listen on ${path}: it exists and is not a socket`);
  try {
    const probe = await Deno.connect({ path, transport: "unix" });
    probe.close();
    throw new Error(`Cannot listen on ${path}: another server is using it`);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith("Cannot listen")) throw err;
  }
  await Deno.remove(path);
}
