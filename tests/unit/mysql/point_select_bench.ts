/**
 * CPU cost of the protocol layer for a cached point select (COM_STMT_EXECUTE with one
 * integer parameter, one 120-character row back), without sockets: an in-memory stream
 * feeds the connection and collects its replies. Run: `deno bench -A tests/unit/mysql/`.
 */
import { Connection } from "../../../src/mysql/connection.ts";
import type { ByteStream } from "../../../src/mysql/packet_channel.ts";
import { AuthCache } from "../../../src/mysql/auth/auth_cache.ts";
import { RsaKeyPair } from "../../../src/mysql/auth/rsa_key_pair.ts";
import { silentLogger } from "../../../src/mysql/logger.ts";
import { PacketWriter } from "../../../src/mysql/framing/packet_writer.ts";
import { writeHandshakeResponse41 } from "../../../src/mysql/packets/handshake_response41.ts";
import type { Executor, PreparedStatement, Session } from "../../../src/mysql/executor.ts";
import { CLIENT_CAPS } from "./raw_client.ts";
import { ColumnType } from "../../../src/types/column.ts";
import { SBTEST_C_COLUMN } from "./sbtest_column.ts";

const column = SBTEST_C_COLUMN;
const value = "x".repeat(120);
const statement: PreparedStatement = { paramCount: 1, columns: [column] };
const session: Session = {
  database: "sbtest",
  statusFlags: () => 2,
  query: () => Promise.resolve({ results: [] }),
  prepare: () => statement,
  execute: () => Promise.resolve({ kind: "rows", columns: [column], rows: [[value]], warnings: 0 }),
  closeStatement() {},
  useDatabase() {},
  fieldList: () => [],
  reset: () => Promise.resolve(),
  statistics: () => "",
  close: () => Promise.resolve(),
};
const executor: Executor = {
  serverVersion: "8.0.32-Marmot",
  findAccount: (user) => ({ user, password: "" }),
  openSession: () => session,
};

/** A stream whose reads are answered by `push` and whose writes wake the waiting bench. */
class MemoryStream implements ByteStream {
  #pending: ((n: number | null) => void) | null = null;
  #buffer: Uint8Array | null = null;
  #target: Uint8Array | null = null;
  onWrite: (() => void) | null = null;

  push(bytes: Uint8Array): void {
    if (this.#pending && this.#target) {
      this.#target.set(bytes);
      const resolve = this.#pending;
      this.#pending = null;
      resolve(bytes.length);
    } else {
      this.#buffer = bytes;
    }
  }
  read(p: Uint8Array): Promise<number | null> {
    if (this.#buffer) {
      p.set(this.#buffer);
      const n = this.#buffer.length;
      this.#buffer = null;
      return Promise.resolve(n);
    }
    this.#target = p;
    return new Promise((resolve) => (this.#pending = resolve));
  }
  write(p: Uint8Array): Promise<number> {
    this.onWrite?.();
    return Promise.resolve(p.length);
  }
  close(): void {
    this.#pending?.(null);
  }
}

const stream = new MemoryStream();
const rsa = RsaKeyPair.generate();
const connection = new Connection(stream, {
  connectionId: 1,
  host: "bench",
  secureTransport: false,
  connectTimeoutMs: 60_000,
  services: {
    executor,
    logger: silentLogger,
    maxAllowedPacket: 64 << 20,
    authCache: new AuthCache(),
    rsaKey: () => rsa,
  },
});
const nextWrite = () => new Promise<void>((resolve) => (stream.onWrite = resolve));
let wrote = nextWrite();
void connection.run();
await wrote; // greeting
const w = new PacketWriter();
w.sequenceId = 1;
writeHandshakeResponse41(w, {
  capabilities: CLIENT_CAPS,
  maxPacketSize: 1 << 24,
  collation: 45,
  user: "root",
  authResponse: new Uint8Array(0),
  database: null,
  authPluginName: "mysql_native_password",
  attributes: new Map(),
});
wrote = nextWrite();
stream.push(w.view().slice());
await wrote; // OK
const prepare = new PacketWriter();
prepare.begin().u8(0x16).eofString("SELECT c FROM sbtest1 WHERE id=?").end();
wrote = nextWrite();
stream.push(prepare.view().slice());
await wrote;
const execute = new PacketWriter();
execute.begin().u8(0x17).u32(1).u8(0).u32(1).u8(0).u8(1).u16(ColumnType.LONG).u32(42).end();
const executeBytes = execute.view().slice();

Deno.bench("protocol layer: COM_STMT_EXECUTE point select round trip", async () => {
  const done = nextWrite();
  stream.push(executeBytes);
  await done;
});
