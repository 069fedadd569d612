/**
 * The Replicate stream's Envelopes over a plain TCP connection, beside the gRPC one: under a
 * 3-node insert load, grpc-js and Deno's HTTP/2 and Node-stream layers were ~28% of each
 * node's busy CPU (src/cluster/DESIGN.md). The bytes are the same protobuf Envelopes, each
 * behind a 4-byte big-endian length.
 *
 * A connection opens with the caller's hello, answered before any Envelope:
 *
 *   hello:  "MPS1"  u32 node id  u16 secret length  secret (UTF-8)
 *   answer: 0 (accepted)  |  1  u16 length  message (UTF-8), then the connection closes
 *
 * A peer advertises its port in its Ping answer (`peer_stream_port`, 0 = none). A node that
 * cannot reach it (a firewall that lets only the gRPC port through, an older peer) uses the
 * gRPC stream instead: `PeerStreamDialer` decides per connection, before any Envelope goes.
 */
import { EventEmitter } from "node:events";
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../config/mod.ts";
import { concat, MAX_BODY_BYTES } from "./body_parts.ts";
import { decodeEnvelope, encodeEnvelope } from "./envelope_codec.ts";
import type { EnvelopeStream, OutboundEnvelopeStream } from "./peer_rpc.ts";
import { splitHostPort } from "./node_info.ts";
import { closeQuietly, readFull, writeAll } from "../types/byte_io.ts";
import type { WireEnvelope } from "./proto.ts";

const MAGIC = [0x4d, 0x50, 0x53, 0x31]; // "MPS1"
const HELLO_BYTES = 10;
const ACCEPTED = 0;
const REFUSED = 1;
/** Secrets longer than this are refused unread. */
const MAX_SECRET_BYTES = 4096;
/** An Envelope carries at most 4 MiB of body parts (body_parts.ts) plus framing. */
export const MAX_STREAM_FRAME_BYTES = 8 * 1024 * 1024;
/** Bytes a stream queues for a peer that does not read before it gives up on the peer: a
 * whole largest body (parts of one transaction are written at once) and some more. */
const MAX_QUEUED_BYTES = MAX_BODY_BYTES + 64 * 1024 * 1024;
const READ_BUFFER_BYTES = 64 * 1024;
/** A hello or its answer slower than this closes the connection. */
const HANDSHAKE_TIMEOUT_MS = 5000;
/** A peer whose plain stream could not be reached is dialled over gRPC for this long. */
const FALLBACK_MS = 60_000;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Refused by the peer (wrong secret, bad hello): not a reason to try gRPC instead. */
export class PeerStreamRefusedError extends Error {}

/** An Envelope stream over one connection: writes are queued and written in order by one
 * writer; reads emit "data" per Envelope, "end" at the peer's end, "error" once on failure. */
class _TcpEnvelopeStream extends EventEmitter implements OutboundEnvelopeStream {
  readonly #conn: Deno.TcpConn;
  #queue: Uint8Array[] = [];
  #queued = 0;
  #writing = false;
  #ended = false;
  #readDone = false;
  #closed = false;

  constructor(conn: Deno.TcpConn) {
    super();
    this.#conn = conn;
    void this.#readLoop();
  }

  write(envelope: WireEnvelope): boolean {
    if (this.#closed || this.#ended) return false;
    const bytes = encodeEnvelope(envelope, true);
    if (this.#queued + bytes.length > MAX_QUEUED_BYTES) {
      this.#fail(new Error(`Peer stream: over ${MAX_QUEUED_BYTES >> 20} MiB unsent`));
      return false;
    }
    this.#queue.push(bytes);
    this.#queued += bytes.length;
    if (!this.#writing) void this.#pump();
    return true;
  }

  /** Ends our side once everything queued is written. */
  end(): void {
    if (this.#ended || this.#closed) return;
    this.#ended = true;
    if (!this.#writing) void this.#pump();
  }

  /** Drops the connection now, unsent Envelopes included; emits nothing. */
  cancel(): void {
    this.#close();
  }

  async #pump(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const batch = this.#queue.length === 1
          ? this.#queue[0]!
          : concat(this.#queue, this.#queued);
        this.#queue = [];
        this.#queued = 0;
        await writeAll(this.#conn, batch);
      }
      if (this.#ended && !this.#closed) {
        await this.#conn.closeWrite();
        if (this.#readDone) this.#close();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#writing = false;
    }
  }

  async #readLoop(): Promise<void> {
    let buf = new Uint8Array(READ_BUFFER_BYTES);
    let start = 0;
    let end = 0;
    try {
      for (;;) {
        if (end === buf.length) {
          const need = end - start >= 4 ? 4 + _u32(buf, start) : READ_BUFFER_BYTES;
          const grown = need > buf.length ? new Uint8Array(need) : buf;
          grown.set(buf.subarray(start, end));
          buf = grown;
          end -= start;
          start = 0;
        }
        const n = await this.#conn.read(buf.subarray(end));
        if (n === null) break;
        end += n;
        while (end - start >= 4) {
          const length = _u32(buf, start);
          if (length > MAX_STREAM_FRAME_BYTES) {
            throw new Error(`Peer stream: an Envelope of ${length} bytes is over the limit`);
          }
          if (end - start - 4 < length) break;
          // A copy: decoded bodies are views into it, and `buf` is reused.
          const envelope = decodeEnvelope(buf.slice(start + 4, start + 4 + length));
          start += 4 + length;
          if (this.#closed) return;
          this.emit("data", envelope);
        }
        if (start === end) {
          start = end = 0;
          if (buf.length > READ_BUFFER_BYTES) buf = new Uint8Array(READ_BUFFER_BYTES);
        }
      }
    } catch (error) {
      if (!this.#closed) this.#fail(error);
      return;
    }
    this.#readDone = true;
    if (this.#closed) return;
    if (end > start) {
      this.#fail(new Error("Peer stream: connection ended inside an Envelope"));
      return;
    }
    this.emit("end");
    if (this.#ended && !this.#writing) this.#close();
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.#close();
    this.emit("error", error instanceof Error ? error : new Error(String(error)));
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#queued = 0;
    closeQuietly(this.#conn);
  }
}

/** Options of `PeerStreamServer`. */
export interface PeerStreamServerOptions {
  host: string;
  /** 0: a free port the system picks. */
  port: number;
  /** Empty = no check. */
  secret: string;
  logger: Logger;
  /** Called once per accepted connection with the caller's node id. */
  onStream(stream: EnvelopeStream, fromNodeId: number): void;
  /** Called for each refused hello (rate-limited logging is the caller's). */
  onRefused(remote: string, claimedNodeId: number | undefined, reason: string): void;
}

/** The listener of plain peer streams. */
export class PeerStreamServer {
  readonly #options: PeerStreamServerOptions;
  readonly #conns = new Set<Deno.TcpConn>();
  #listener: Deno.TcpListener | null = null;

  constructor(options: PeerStreamServerOptions) {
    this.#options = options;
  }

  /** The bound port (0 before `start` or after `close`). */
  get port(): number {
    return this.#listener?.addr.port ?? 0;
  }

  /**
   * Binds and accepts in the background; returns the bound port.
   * @throws {Error} when the address cannot be bound
   */
  start(): number {
    const { host, port } = this.#options;
    try {
      this.#listener = Deno.listen({ hostname: host, port, transport: "tcp" });
    } catch (error) {
      throw new Error(
        `Cannot listen for peer streams on ${host}:${port}: ${(error as Error).message}`,
      );
    }
    void this.#accept(this.#listener);
    return this.port;
  }

  /** Stops listening and drops every connection (their peers see the stream end). */
  close(): void {
    if (this.#listener !== null) closeQuietly(this.#listener);
    this.#listener = null;
    for (const conn of this.#conns) closeQuietly(conn);
    this.#conns.clear();
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    try {
      for await (const conn of listener) {
        conn.setNoDelay(true);
        this.#conns.add(conn);
        void this.#admit(conn);
      }
    } catch {
      // Listener closed.
    }
  }

  async #admit(conn: Deno.TcpConn): Promise<void> {
    const remote = `${conn.remoteAddr.hostname}:${conn.remoteAddr.port}`;
    let claimed: number | undefined;
    const timer = setTimeout(() => closeQuietly(conn), HANDSHAKE_TIMEOUT_MS);
    try {
      const hello = await _read(conn, HELLO_BYTES);
      if (!MAGIC.every((b, i) => hello[i] === b)) {
        throw new PeerStreamRefusedError("not a peer stream hello");
      }
      const view = new DataView(hello.buffer, hello.byteOffset, hello.length);
      claimed = view.getUint32(4);
      const secretLength = view.getUint16(8);
      if (secretLength > MAX_SECRET_BYTES) throw new PeerStreamRefusedError("secret too long");
      const given = await _read(conn, secretLength);
      const expected = utf8.encode(this.#options.secret);
      if (
        expected.length > 0 &&
        (given.length !== expected.length || !timingSafeEqual(given, expected))
      ) {
        throw new PeerStreamRefusedError(
          `${given.length === 0 ? "missing" : "invalid"} cluster secret`,
        );
      }
      if (claimed === 0) throw new PeerStreamRefusedError("node id 0");
      clearTimeout(timer);
      await conn.write(new Uint8Array([ACCEPTED]));
    } catch (error) {
      clearTimeout(timer);
      this.#conns.delete(conn);
      if (error instanceof PeerStreamRefusedError) {
        this.#options.onRefused(remote, claimed, error.message);
        await _refuse(conn, error.message);
      }
      closeQuietly(conn);
      return;
    }
    const stream = new _TcpEnvelopeStream(conn);
    const forget = () => this.#conns.delete(conn);
    stream.on("end", forget);
    stream.on("error", forget);
    this.#options.onStream(stream, claimed);
  }
}

/** Options of `PeerStreamDialer`. */
export interface PeerStreamDialerOptions {
  selfNodeId: number;
  /** Empty = send none. */
  secret: string;
  logger: Logger;
  /** The plain stream port the peer at `address` (gRPC "host:port") advertises; 0: none. */
  askPort(address: string): Promise<number>;
  /** The gRPC Replicate stream to `address`. */
  openGrpc(address: string): OutboundEnvelopeStream;
  /** Connect timeout of the plain stream (default 1000 ms). */
  connectTimeoutMs?: number;
}

/** Opens each outbound Replicate stream over a plain connection where the peer has one,
 * else (or when it cannot be reached) over gRPC. */
export class PeerStreamDialer {
  readonly #options: PeerStreamDialerOptions;
  /** Address -> until when it is dialled over gRPC. */
  readonly #grpcUntil = new Map<string, number>();

  constructor(options: PeerStreamDialerOptions) {
    this.#options = options;
  }

  /** A stream to `address` at once; Envelopes written before it has chosen are queued. */
  open(address: string): OutboundEnvelopeStream {
    const stream = new _ChoosingStream();
    void this.#choose(address).then((inner) => stream.use(inner));
    return stream;
  }

  async #choose(address: string): Promise<OutboundEnvelopeStream> {
    const o = this.#options;
    if ((this.#grpcUntil.get(address) ?? 0) > Date.now()) return o.openGrpc(address);
    let port = 0;
    try {
      port = await o.askPort(address);
    } catch {
      // Unreachable: the gRPC stream fails the same way and the link reports it.
      return o.openGrpc(address);
    }
    if (port === 0) return o.openGrpc(address);
    const { host } = splitHostPort(address);
    try {
      return await connectPeerStream({
        host,
        port,
        selfNodeId: o.selfNodeId,
        secret: o.secret,
        connectTimeoutMs: o.connectTimeoutMs ?? 1000,
      });
    } catch (error) {
      if (this.#grpcUntil.size >= 1024) this.#grpcUntil.clear();
      this.#grpcUntil.set(address, Date.now() + FALLBACK_MS);
      o.logger.warn(
        { peer: address, streamPort: port, error: (error as Error).message },
        `Peer stream to ${host}:${port} failed: using gRPC to ${address} for ` +
          `${FALLBACK_MS / 1000} s`,
      );
      return o.openGrpc(address);
    }
  }
}

/** Connects, says hello and waits for the answer.
 * @throws {PeerStreamRefusedError} refused by the peer
 * @throws {Error} unreachable, or no answer in time */
export async function connectPeerStream(options: {
  host: string;
  port: number;
  selfNodeId: number;
  secret: string;
  connectTimeoutMs: number;
}): Promise<OutboundEnvelopeStream> {
  const conn = await _withTimeout(
    Deno.connect({ hostname: options.host, port: options.port, transport: "tcp" }),
    options.connectTimeoutMs,
    `no connection to ${options.host}:${options.port} within ${options.connectTimeoutMs} ms`,
    closeQuietly,
  );
  const timer = setTimeout(() => closeQuietly(conn), HANDSHAKE_TIMEOUT_MS);
  try {
    conn.setNoDelay(true);
    const secret = utf8.encode(options.secret);
    const hello = new Uint8Array(HELLO_BYTES + secret.length);
    hello.set(MAGIC);
    const view = new DataView(hello.buffer);
    view.setUint32(4, options.selfNodeId);
    view.setUint16(8, secret.length);
    hello.set(secret, HELLO_BYTES);
    await conn.write(hello);
    const [answer] = await _read(conn, 1);
    if (answer !== ACCEPTED) {
      const length = new DataView((await _read(conn, 2)).buffer).getUint16(0);
      const message = fromUtf8.decode(await _read(conn, length));
      throw new PeerStreamRefusedError(`Peer stream refused: ${message}`);
    }
    clearTimeout(timer);
    return new _TcpEnvelopeStream(conn);
  } catch (error) {
    clearTimeout(timer);
    closeQuietly(conn);
    throw error;
  }
}

/** A stream whose transport is chosen later: queues Envelopes and listeners' events until
 * then, then forwards both ways. */
class _ChoosingStream extends EventEmitter implements OutboundEnvelopeStream {
  #inner: OutboundEnvelopeStream | null = null;
  #queue: WireEnvelope[] = [];
  #ended = false;
  #cancelled = false;

  use(inner: OutboundEnvelopeStream): void {
    if (this.#cancelled) {
      // A gRPC stream reports its cancellation as an "error": nobody listens to it any more.
      inner.on("error", () => {});
      inner.cancel();
      return;
    }
    this.#inner = inner;
    inner.on("data", (envelope: WireEnvelope) => this.emit("data", envelope));
    inner.on("end", () => this.emit("end"));
    inner.on("error", (error: Error) => this.emit("error", error));
    for (const envelope of this.#queue) inner.write(envelope);
    this.#queue = [];
    if (this.#ended) inner.end();
  }

  write(envelope: WireEnvelope): boolean {
    if (this.#inner) return this.#inner.write(envelope) !== false;
    this.#queue.push(envelope);
    return true;
  }

  end(): void {
    this.#ended = true;
    this.#inner?.end();
  }

  cancel(): void {
    this.#cancelled = true;
    this.#queue = [];
    this.#inner?.cancel();
  }
}

async function _refuse(conn: Deno.TcpConn, message: string): Promise<void> {
  const text = utf8.encode(message).subarray(0, 1024);
  const answer = new Uint8Array(3 + text.length);
  answer[0] = REFUSED;
  new DataView(answer.buffer).setUint16(1, text.length);
  answer.set(text, 3);
  try {
    await conn.write(answer);
  } catch {
    // The caller went away.
  }
}

/** The next `n` bytes of the hello or its answer.
 * @throws {Error} when the connection ends first */
async function _read(conn: Deno.TcpConn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  await readFull(conn, out);
  return out;
}

function _withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  discard: (late: T) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new Error(message));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (late) discard(value);
        else resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function _u32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) >>> 0) + (buf[at + 1]! << 16) + (buf[at + 2]! << 8) + buf[at + 3]!;
}
