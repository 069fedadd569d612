/**
 * A byte-level MySQL client for tests that need to send what real clients never would
 * (garbage, truncated packets, unknown commands, cursor flags) and to look at the exact
 * packets the server answers with.
 */
import { Capability } from "../../../src/mysql/constants.ts";
import { type Packet, PacketReader } from "../../../src/mysql/framing/packet_reader.ts";
import { PacketWriter } from "../../../src/mysql/framing/packet_writer.ts";
import { nativePasswordToken } from "../../../src/mysql/auth/password_hash.ts";
import { decodeHandshakeV10, type HandshakeV10 } from "../../../src/mysql/packets/handshake_v10.ts";
import { writeHandshakeResponse41 } from "../../../src/mysql/packets/handshake_response41.ts";

/** Hex string ("0a ff ...") to bytes. */
export function hex(s: string): number[] {
  return s.trim().split(/\s+/).map((b) => parseInt(b, 16));
}

export const CLIENT_CAPS = Capability.LONG_PASSWORD | Capability.PROTOCOL_41 |
  Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.TRANSACTIONS |
  Capability.MULTI_RESULTS | Capability.CONNECT_WITH_DB | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;

/** Options for `RawClient.connect`. */
export interface RawConnectOptions {
  user?: string;
  password?: string;
  database?: string;
  capabilities?: number;
}

/** A raw protocol connection. */
export class RawClient {
  readonly conn: Deno.Conn;
  readonly #reader = new PacketReader({ maxPacketSize: 1 << 30 });
  greeting: HandshakeV10 | null = null;

  constructor(conn: Deno.Conn) {
    this.conn = conn;
  }

  /** Opens a TCP connection without any handshake. */
  static async open(port: number): Promise<RawClient> {
    return new RawClient(await Deno.connect({ hostname: "127.0.0.1", port }));
  }

  /** Connects and authenticates with mysql_native_password; throws on ERR. */
  static async connect(port: number, options: RawConnectOptions = {}): Promise<RawClient> {
    const c = await RawClient.open(port);
    const greeting = await c.read();
    if (!greeting) throw new Error("No greeting");
    c.greeting = decodeHandshakeV10(greeting.payload);
    const w = new PacketWriter();
    w.sequenceId = 1;
    writeHandshakeResponse41(w, {
      capabilities: options.capabilities ?? CLIENT_CAPS,
      maxPacketSize: 1 << 24,
      collation: 45,
      user: options.user ?? "root",
      authResponse: await nativePasswordToken(options.password ?? "", c.greeting.scramble),
      database: options.database ?? null,
      authPluginName: "mysql_native_password",
      attributes: new Map(),
    });
    await c.writeAll(w.view());
    const reply = await c.read();
    if (!reply || reply.payload[0] !== 0) {
      c.close();
      throw new Error(
        `Handshake failed: ${reply ? new TextDecoder().decode(reply.payload) : "EOF"}`,
      );
    }
    return c;
  }

  async writeAll(bytes: Uint8Array): Promise<void> {
    let off = 0;
    while (off < bytes.length) off += await this.conn.write(bytes.subarray(off));
  }

  /** Sends one packet (framed) with the given sequence id. */
  async send(payload: Uint8Array | number[], seq = 0): Promise<void> {
    const w = new PacketWriter();
    w.sequenceId = seq;
    w.begin().bytes(Uint8Array.from(payload)).end();
    await this.writeAll(w.view());
  }

  /** The next packet, or null at EOF / after `timeoutMs`. */
  async read(timeoutMs = 5000): Promise<Packet | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.#reader.next();
      if (p) return p;
      const region = this.#reader.reserve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((r) => {
        timer = setTimeout(() => r("timeout"), Math.max(1, deadline - Date.now()));
      });
      let n: number | null | "timeout";
      try {
        n = await Promise.race([this.conn.read(region), timeout]);
      } catch {
        n = null;
      } finally {
        clearTimeout(timer);
      }
      if (n === "timeout" || n === null) return null;
      this.#reader.commit(n);
    }
  }

  /** Reads packets until an OK/ERR/EOF-terminated reply is complete (simple replies only). */
  async readReply(): Promise<Packet[]> {
    const out: Packet[] = [];
    for (;;) {
      const p = await this.read();
      if (!p) return out;
      out.push(p);
      const b = p.payload[0];
      if (out.length === 1 && (b === 0x00 || b === 0xff)) return out;
      if (b === 0xfe && p.payload.length < 9 && out.length > 1) {
        // EOF after column definitions is followed by rows; the second EOF ends it.
        if (out.filter((x) => x.payload[0] === 0xfe && x.payload.length < 9).length >= 2) {
          return out;
        }
      }
      if (b === 0xff) return out;
    }
  }

  close(): void {
    try {
      this.conn.close();
    } catch {
      // Already closed.
    }
  }
}
