/**
 * A deliberately small MySQL client over a raw TCP socket (`Deno.connect`), for sending
 * what real drivers never send: garbage, truncated or oversized packets, unknown command
 * bytes. It speaks just enough of the protocol to log in as a user with an empty password.
 */

/** One packet as received: sequence id and payload. */
export interface RawPacket {
  seq: number;
  payload: Uint8Array;
}

/** A decoded ERR packet. */
export interface RawError {
  code: number;
  sqlState: string;
  message: string;
}

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_LONG_FLAG = 0x4;
const CLIENT_CONNECT_WITH_DB = 0x8;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_TRANSACTIONS = 0x2000;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;

/** Frames `payload` as one packet with sequence id `seq` (payload under 16 MiB). */
export function packet(seq: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out[0] = payload.length & 0xff;
  out[1] = (payload.length >> 8) & 0xff;
  out[2] = (payload.length >> 16) & 0xff;
  out[3] = seq & 0xff;
  out.set(payload, 4);
  return out;
}

/** Decodes an ERR packet payload, or returns undefined if it is not one. */
export function parseError(payload: Uint8Array): RawError | undefined {
  if (payload[0] !== 0xff || payload.length < 3) return undefined;
  const code = payload[1]! | (payload[2]! << 8);
  const text = new TextDecoder().decode(payload.subarray(3));
  if (text.startsWith("#")) return { code, sqlState: text.slice(1, 6), message: text.slice(6) };
  return { code, sqlState: "", message: text };
}

/** A raw connection with a receive buffer. */
export class RawConnection {
  readonly #conn: Deno.TcpConn;
  #buffer = new Uint8Array(0);
  #closed = false;
  #pending: Promise<Uint8Array | null> | undefined;
  /** The server's greeting payload, after `open`. */
  greeting: Uint8Array = new Uint8Array(0);

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Connects; with `readGreeting` (default) waits for the server's first packet. */
  static async open(
    port: number,
    options: { readGreeting?: boolean } = {},
  ): Promise<RawConnection> {
    const raw = new RawConnection(await Deno.connect({ hostname: "127.0.0.1", port }));
    if (options.readGreeting ?? true) {
      const greeting = await raw.read(5000);
      if (greeting === "closed" || greeting === "timeout") {
        throw new Error(`No greeting: ${greeting}`);
      }
      raw.greeting = greeting.payload;
    }
    return raw;
  }

  /** Writes bytes; returns false if the server already closed the socket. */
  async write(bytes: Uint8Array): Promise<boolean> {
    try {
      let off = 0;
      while (off < bytes.length) off += await this.#conn.write(bytes.subarray(off));
      return true;
    } catch {
      return false;
    }
  }

  /** Reads one packet, or reports that the server closed the socket or stayed silent. */
  async read(timeoutMs = 5000): Promise<RawPacket | "closed" | "timeout"> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      if (this.#buffer.length >= 4) {
        const len = this.#buffer[0]! | (this.#buffer[1]! << 8) | (this.#buffer[2]! << 16);
        if (this.#buffer.length >= 4 + len) {
          const p = { seq: this.#buffer[3]!, payload: this.#buffer.slice(4, 4 + len) };
          this.#buffer = this.#buffer.slice(4 + len);
          return p;
        }
      }
      if (this.#closed) return "closed";
      const left = deadline - Date.now();
      if (left <= 0) return "timeout";
      const chunk = await this.#readChunk(left);
      if (chunk === "timeout") return "timeout";
      if (chunk === null) {
        this.#closed = true;
        continue;
      }
      const next = new Uint8Array(this.#buffer.length + chunk.length);
      next.set(this.#buffer);
      next.set(chunk, this.#buffer.length);
      this.#buffer = next;
    }
  }

  /** Reads packets until the socket closes or `timeoutMs` passes; returns them and how it ended. */
  async drain(timeoutMs = 5000): Promise<{ packets: RawPacket[]; end: "closed" | "timeout" }> {
    const packets: RawPacket[] = [];
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const p = await this.read(Math.max(1, deadline - Date.now()));
      if (p === "closed" || p === "timeout") return { packets, end: p };
      packets.push(p);
    }
  }

  /** Logs in as `user` with an empty password; throws with the server's answer otherwise. */
  async login(user = "root", database?: string): Promise<void> {
    const enc = new TextEncoder();
    let caps = CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS |
      CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
    if (database !== undefined) caps |= CLIENT_CONNECT_WITH_DB;
    const parts: number[] = [];
    const u32 = (n: number) =>
      parts.push(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff);
    u32(caps);
    u32(16 * 1024 * 1024);
    parts.push(45); // utf8mb4_general_ci
    for (let i = 0; i < 23; i++) parts.push(0);
    parts.push(...enc.encode(user), 0);
    parts.push(0); // empty auth response
    if (database !== undefined) parts.push(...enc.encode(database), 0);
    parts.push(...enc.encode("mysql_native_password"), 0);
    await this.write(packet(1, Uint8Array.from(parts)));
    for (let round = 0; round < 3; round++) {
      const reply = await this.read(5000);
      if (reply === "closed" || reply === "timeout") throw new Error(`Login failed: ${reply}`);
      const first = reply.payload[0];
      if (first === 0x00) return;
      if (first === 0xff) {
        throw new Error(`Login failed: ${JSON.stringify(parseError(reply.payload))}`);
      }
      if (first === 0xfe) {
        // AuthSwitchRequest: an empty password is an empty response for every plugin.
        await this.write(packet(reply.seq + 1, new Uint8Array(0)));
        continue;
      }
      if (first === 0x01) continue; // caching_sha2 "fast auth ok" notice; OK follows
      throw new Error(`Login failed: unexpected packet 0x${first?.toString(16)}`);
    }
    throw new Error("Login failed: too many rounds");
  }

  /** Sends a command packet (sequence 0): command byte followed by `body`. */
  command(cmd: number, body: Uint8Array = new Uint8Array(0)): Promise<boolean> {
    const payload = new Uint8Array(1 + body.length);
    payload[0] = cmd;
    payload.set(body, 1);
    return this.write(packet(0, payload));
  }

  /** Sends COM_QUERY with `sql`. */
  query(sql: string | Uint8Array): Promise<boolean> {
    return this.command(0x03, typeof sql === "string" ? new TextEncoder().encode(sql) : sql);
  }

  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }

  async #readChunk(timeoutMs: number): Promise<Uint8Array | null | "timeout"> {
    // A read that outlives a timeout stays pending and is picked up by the next call, so
    // no bytes are lost.
    if (this.#pending === undefined) {
      const buf = new Uint8Array(64 * 1024);
      this.#pending = this.#conn.read(buf).then(
        (n) => (n === null ? null : buf.slice(0, n)),
        () => null,
      );
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), timeoutMs);
    });
    try {
      const result = await Promise.race([this.#pending, timeout]);
      if (result !== "timeout") this.#pending = undefined;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }
}
