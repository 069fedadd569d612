/**
 * Fuzzing with a seeded PRNG (set MYSQL_FUZZ_SEED to reproduce a failure): thousands of
 * random and mutated packets go to every server-side decoder, which may only throw
 * MalformedPacketError or MysqlError, and to live connections, after which the server must
 * still serve a new connection and must have logged no unexpected failure.
 */
import assert from "node:assert/strict";
import { MysqlError } from "../../../src/types/errors.ts";
import { ColumnType } from "../../../src/types/column.ts";
import { Capability } from "../../../src/mysql/constants.ts";
import { PacketReader } from "../../../src/mysql/framing/packet_reader.ts";
import { PacketWriter } from "../../../src/mysql/framing/packet_writer.ts";
import {
  MalformedPacketError,
  PacketTooLargeError,
} from "../../../src/mysql/framing/protocol_error.ts";
import {
  decodeHandshakeResponse41,
  writeHandshakeResponse41,
} from "../../../src/mysql/packets/handshake_response41.ts";
import { decodeChangeUser, writeChangeUser } from "../../../src/mysql/packets/change_user.ts";
import {
  decodeStmtExecuteHeader,
  decodeStmtExecuteParams,
  writeStmtExecute,
} from "../../../src/mysql/packets/stmt_execute.ts";
import {
  decodeStmtSendLongData,
  LongDataStore,
} from "../../../src/mysql/packets/stmt_send_long_data.ts";
import { isSslRequest } from "../../../src/mysql/packets/ssl_request.ts";
import { CLIENT_CAPS, RawClient } from "./raw_client.ts";
import { startTestServer } from "./test_server.ts";

const SEED = Number(Deno.env.get("MYSQL_FUZZ_SEED") ?? 0x5eed1234);

/** mulberry32: small, fast, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  return { next, int, bytes };
}
type Rng = ReturnType<typeof prng>;

function packet(write: (w: PacketWriter) => void): Uint8Array {
  const w = new PacketWriter();
  write(w);
  return w.view().slice(4);
}

const enc = (s: string) => new TextEncoder().encode(s);

/** Valid payloads of the packets a client sends, to mutate. */
const CORPUS: Uint8Array[] = [
  packet((w) =>
    writeHandshakeResponse41(w, {
      capabilities: CLIENT_CAPS | Capability.CONNECT_ATTRS,
      maxPacketSize: 1 << 24,
      collation: 45,
      user: "app",
      authResponse: new Uint8Array(20).fill(7),
      database: "db",
      authPluginName: "caching_sha2_password",
      attributes: new Map([["_client", "fuzz"]]),
    })
  ),
  packet((w) => writeStmtExecute(w, 1, [1n, 2.5, "text", null, Uint8Array.of(1, 2)])),
  packet((w) => writeStmtExecute(w, 2, ["a", "b"])),
  packet((w) =>
    writeChangeUser(w, {
      user: "root",
      authResponse: new Uint8Array(20),
      database: "x",
      collation: 45,
      authPluginName: "mysql_native_password",
    })
  ),
  Uint8Array.from([0x03, ...enc("select 1; insert into t values (1)")]),
  Uint8Array.from([0x16, ...enc("SELECT ?, ?")]),
  Uint8Array.from([0x18, 1, 0, 0, 0, 0, 0, ...enc("long")]),
  Uint8Array.of(0x19, 1, 0, 0, 0),
  Uint8Array.of(0x1a, 1, 0, 0, 0),
  Uint8Array.of(0x1b, 0, 0),
  Uint8Array.from([0x04, ...enc("t"), 0, 0x25]),
  Uint8Array.from([0x02, ...enc("shop")]),
  Uint8Array.of(0x0e),
  Uint8Array.of(0x09),
  Uint8Array.of(0x1f),
  Uint8Array.of(0x1c, 1, 0, 0, 0, 1, 0, 0, 0),
];

const INTERESTING = [0x00, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x7f, 0x80, 0x01];

function mutate(rng: Rng, base: Uint8Array): Uint8Array {
  let out = base.slice();
  const rounds = 1 + rng.int(4);
  for (let i = 0; i < rounds; i++) {
    const kind = rng.int(5);
    if (kind === 0 && out.length > 0) out[rng.int(out.length)] = rng.int(256);
    else if (kind === 1 && out.length > 0) {
      out[rng.int(out.length)] = INTERESTING[rng.int(INTERESTING.length)]!;
    } else if (kind === 2) out = out.slice(0, rng.int(out.length + 1));
    else if (kind === 3) {
      const at = rng.int(out.length + 1);
      out = Uint8Array.from([
        ...out.subarray(0, at),
        ...rng.bytes(1 + rng.int(8)),
        ...out.subarray(at),
      ]);
    } else if (out.length > 0) {
      const at = rng.int(out.length);
      out[at] = out[at]! ^ (1 << rng.int(8));
    }
  }
  return out;
}

function randomPayload(rng: Rng): Uint8Array {
  return rng.next() < 0.6
    ? mutate(rng, CORPUS[rng.int(CORPUS.length)]!)
    : rng.bytes(rng.int(rng.next() < 0.9 ? 64 : 400));
}

function expectOnlyProtocolErrors(fn: () => unknown, context: string): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof MalformedPacketError || err instanceof MysqlError) return;
    assert.fail(`${context}: unexpected ${err instanceof Error ? err.stack : err}`);
  }
}

const PARAM_TYPES = [
  ColumnType.TINY,
  ColumnType.SHORT,
  ColumnType.LONG,
  ColumnType.LONGLONG,
  ColumnType.FLOAT,
  ColumnType.DOUBLE,
  ColumnType.NEWDECIMAL,
  ColumnType.DATE,
  ColumnType.DATETIME,
  ColumnType.TIME,
  ColumnType.VAR_STRING,
  ColumnType.BLOB,
  ColumnType.NULL,
  0x42,
];

Deno.test(`Fuzz: server-side decoders throw only protocol errors (seed ${SEED})`, () => {
  const rng = prng(SEED);
  for (let i = 0; i < 20_000; i++) {
    const p = randomPayload(rng);
    const ctx = `seed ${SEED} iteration ${i} payload [${p}]`;
    isSslRequest(p);
    expectOnlyProtocolErrors(() => decodeHandshakeResponse41(p), `HandshakeResponse41 ${ctx}`);
    expectOnlyProtocolErrors(() => decodeChangeUser(p, rng.int(0x1000000)), `ChangeUser ${ctx}`);
    expectOnlyProtocolErrors(() => decodeStmtSendLongData(p), `SendLongData ${ctx}`);
    expectOnlyProtocolErrors(() => {
      decodeStmtExecuteHeader(p);
      const n = rng.int(6);
      const types = rng.next() < 0.5
        ? Uint16Array.from(
          { length: n },
          () => PARAM_TYPES[rng.int(PARAM_TYPES.length)]! | (rng.int(2) << 15),
        )
        : null;
      const longData = new LongDataStore(100);
      if (n > 0 && rng.next() < 0.2) longData.add(rng.int(n), rng.bytes(rng.int(20)));
      decodeStmtExecuteParams(p, { paramCount: n, previousTypes: types, longData });
    }, `StmtExecute ${ctx}`);
  }
});

Deno.test(`Fuzz: PacketReader survives random streams in random chunks (seed ${SEED})`, () => {
  const rng = prng(SEED + 1);
  for (let i = 0; i < 2000; i++) {
    const reader = new PacketReader({ maxPacketSize: 1 << 16, initialBufferSize: 64 });
    const stream = rng.bytes(rng.int(2000));
    let off = 0;
    try {
      while (off < stream.length) {
        const n = 1 + rng.int(300);
        reader.push(stream.subarray(off, off + n));
        off += n;
        while (reader.next()) { /* drain */ }
      }
    } catch (err) {
      assert.ok(err instanceof PacketTooLargeError, `seed ${SEED} stream ${i}: ${err}`);
    }
  }
});

let sentPackets = 0;

async function fuzzConnection(port: number, rng: Rng): Promise<void> {
  let client: RawClient;
  try {
    client = rng.next() < 0.15
      ? await RawClient.open(port) // pre-auth garbage
      : await RawClient.connect(port, { user: "app", password: "secret" });
  } catch {
    return;
  }
  try {
    const count = 5 + rng.int(25);
    for (let i = 0; i < count; i++) {
      // A third unmodified corpus packets, so connections live long enough to reach
      // deeper states (prepared statements, long data, change user) before breaking.
      const payload = rng.next() < 0.35 ? CORPUS[rng.int(CORPUS.length)]! : randomPayload(rng);
      sentPackets++;
      await client.send(payload, rng.next() < 0.9 ? 0 : rng.int(256));
    }
    await client.send([0x01]);
    while (await client.read(300)) { /* drain replies until close or idle */ }
  } catch {
    // The server may close the connection while we still write: that is allowed.
  } finally {
    client.close();
  }
}

Deno.test(`Fuzz: live connections get random and mutated packets, server keeps serving (seed ${SEED})`, async () => {
  const t = await startTestServer({ maxAllowedPacket: 64 * 1024, connectTimeoutMs: 2000 });
  const rng = prng(SEED + 2);
  try {
    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, () => fuzzConnection(t.port, prng(rng.int(2 ** 32)))),
      );
    }
    const c = await RawClient.connect(t.port);
    await c.send([0x0e]);
    assert.equal((await c.read())!.payload[0], 0, "server still answers PING");
    c.close();
    const unexpected = t.logs.filter((l) => l.level === "error");
    assert.deepEqual(unexpected.map((l) => `${l.msg} ${l.obj.err}`), [], `seed ${SEED}`);
    assert.ok(
      t.logs.some((l) => /Malformed|too large|Bad handshake/i.test(l.msg)),
      "fuzz hit error paths",
    );
    assert.ok(sentPackets >= 2000, `only ${sentPackets} packets sent`);
  } finally {
    await t.close();
  }
});
