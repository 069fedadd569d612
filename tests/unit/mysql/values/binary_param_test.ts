import assert from "node:assert/strict";
import { ColumnType } from "../../../../src/types/column.ts";
import { MysqlError } from "../../../../src/types/errors.ts";
import { PacketWriter } from "../../../../src/mysql/framing/packet_writer.ts";
import { PayloadReader } from "../../../../src/mysql/framing/payload_reader.ts";
import { MalformedPacketError } from "../../../../src/mysql/framing/protocol_error.ts";
import { readBinaryParam } from "../../../../src/mysql/values/binary_param.ts";
import { decodeStmtExecuteParams } from "../../../../src/mysql/packets/stmt_execute.ts";
import { LongDataStore } from "../../../../src/mysql/packets/stmt_send_long_data.ts";

const U = 0x8000; // unsigned flag in the 2-byte parameter type

function decode(type: number, write: (w: PacketWriter) => void) {
  const w = new PacketWriter();
  write(w);
  const r = new PayloadReader(w.view());
  const v = readBinaryParam(r, type);
  assert.equal(r.remaining, 0, "consumed exactly the value");
  return v;
}

Deno.test("Integer parameters decode signed and unsigned at every width", () => {
  assert.equal(decode(ColumnType.TINY, (w) => w.u8(0xff)), -1);
  assert.equal(decode(ColumnType.TINY | U, (w) => w.u8(0xff)), 255);
  assert.equal(decode(ColumnType.SHORT, (w) => w.u16(0x8000)), -32768);
  assert.equal(decode(ColumnType.SHORT | U, (w) => w.u16(0xffff)), 65535);
  assert.equal(decode(ColumnType.YEAR, (w) => w.u16(2024)), 2024);
  assert.equal(decode(ColumnType.LONG, (w) => w.u32(0xffffffff)), -1);
  assert.equal(decode(ColumnType.LONG | U, (w) => w.u32(0xffffffff)), 4294967295);
  assert.equal(decode(ColumnType.INT24, (w) => w.u32(-5)), -5);
  assert.equal(decode(ColumnType.LONGLONG, (w) => w.u64(42)), 42);
  assert.equal(decode(ColumnType.LONGLONG, (w) => w.u64(-42n)), -42);
  assert.equal(
    decode(ColumnType.LONGLONG, (w) => w.u64(2n ** 53n)),
    2n ** 53n,
    "beyond 2^53 → bigint",
  );
  assert.equal(decode(ColumnType.LONGLONG, (w) => w.u64(2n ** 53n - 1n)), 2 ** 53 - 1);
  assert.equal(decode(ColumnType.LONGLONG, (w) => w.u64(-(2n ** 63n))), -(2n ** 63n));
  assert.equal(decode(ColumnType.LONGLONG | U, (w) => w.u64(2n ** 64n - 1n)), 2n ** 64n - 1n);
});

Deno.test("Float, double and decimal parameters", () => {
  assert.equal(decode(ColumnType.FLOAT, (w) => w.f32(1.5)), 1.5);
  assert.equal(decode(ColumnType.FLOAT, (w) => w.f32(0.1)), Math.fround(0.1));
  assert.equal(decode(ColumnType.DOUBLE, (w) => w.f64(0.1)), 0.1);
  assert.equal(decode(ColumnType.DOUBLE, (w) => w.f64(-1e300)), -1e300);
  assert.equal(decode(ColumnType.DECIMAL, (w) => w.lenencString("-12.50")), "-12.50");
  assert.equal(
    decode(ColumnType.NEWDECIMAL, (w) => w.lenencString("99999999999999999999.99")),
    "99999999999999999999.99",
  );
});

Deno.test("Temporal parameters become MySQL-formatted strings", () => {
  const dt = (w: PacketWriter) => w.u8(11).u16(2024).u8(3).u8(5).u8(14).u8(7).u8(9).u32(123);
  assert.equal(decode(ColumnType.DATETIME, dt), "2024-03-05 14:07:09.000123");
  assert.equal(decode(ColumnType.TIMESTAMP, dt), "2024-03-05 14:07:09.000123");
  assert.equal(
    decode(ColumnType.DATETIME, (w) => w.u8(7).u16(2024).u8(3).u8(5).u8(1).u8(2).u8(3)),
    "2024-03-05 01:02:03",
  );
  assert.equal(
    decode(ColumnType.DATETIME, (w) => w.u8(4).u16(1999).u8(12).u8(31)),
    "1999-12-31 00:00:00",
  );
  assert.equal(decode(ColumnType.DATETIME, (w) => w.u8(0)), "0000-00-00 00:00:00");
  assert.equal(decode(ColumnType.DATE, (w) => w.u8(4).u16(2024).u8(2).u8(29)), "2024-02-29");
  assert.equal(decode(ColumnType.DATE, (w) => w.u8(0)), "0000-00-00");
  assert.equal(decode(ColumnType.TIME, (w) => w.u8(8).u8(1).u32(1).u8(2).u8(3).u8(4)), "-26:03:04");
  assert.equal(
    decode(ColumnType.TIME, (w) => w.u8(12).u8(0).u32(0).u8(10).u8(0).u8(1).u32(500000)),
    "10:00:01.500000",
  );
  assert.equal(decode(ColumnType.TIME, (w) => w.u8(0)), "00:00:00");
  assert.throws(
    () => decode(ColumnType.DATETIME, (w) => w.u8(5).u32(0).u8(0)),
    MalformedPacketError,
  );
});

Deno.test("Temporal parameters out of range are the zero value; TIME past 838 h is 838:59:59", () => {
  // Connector/Python's C extension sends timedelta(hours=1, minutes=2, seconds=3) so.
  const cextTime = (w: PacketWriter) => w.u8(12).u8(0).u32(0).u8(0).u8(0).u8(0).u32(9113088);
  assert.equal(decode(ColumnType.TIME, cextTime), "00:00:00");
  assert.equal(decode(ColumnType.TIME, (w) => w.u8(8).u8(0).u32(0).u8(1).u8(60).u8(0)), "00:00:00");
  assert.equal(
    decode(ColumnType.TIME, (w) => w.u8(8).u8(1).u32(100).u8(0).u8(0).u8(0)),
    "-838:59:59",
  );
  assert.equal(
    decode(ColumnType.TIME, (w) => w.u8(8).u8(0).u32(34).u8(22).u8(59).u8(59)),
    "838:59:59",
  );
  const dt = (mo: number, d: number, h: number, s: number, us: number) => (w: PacketWriter) =>
    w.u8(11).u16(2024).u8(mo).u8(d).u8(h).u8(0).u8(s).u32(us);
  for (
    const bad of [dt(13, 1, 0, 0, 0), dt(1, 32, 0, 0, 0), dt(1, 1, 24, 0, 0), dt(1, 1, 0, 60, 0)]
  ) {
    assert.equal(decode(ColumnType.DATETIME, bad), "0000-00-00 00:00:00");
  }
  assert.equal(decode(ColumnType.DATETIME, dt(1, 1, 0, 0, 1_000_000)), "0000-00-00 00:00:00");
  assert.equal(decode(ColumnType.DATE, dt(2, 30, 0, 0, 0)), "2024-02-30", "day 30 is in range");
});

Deno.test("String parameters are text when UTF-8, bytes otherwise; BLOB types are bytes", () => {
  for (
    const t of [
      ColumnType.VARCHAR,
      ColumnType.VAR_STRING,
      ColumnType.STRING,
      ColumnType.ENUM,
      ColumnType.SET,
      ColumnType.JSON,
    ]
  ) {
    assert.equal(decode(t, (w) => w.lenencString("héllo €")), "héllo €");
  }
  const invalid = decode(ColumnType.VAR_STRING, (w) => w.lenencBytes(Uint8Array.of(0xc3, 0x28)));
  assert.ok(invalid instanceof Uint8Array);
  assert.deepEqual([...invalid], [0xc3, 0x28]);
  for (const t of [0xf9, 0xfa, 0xfb, ColumnType.BLOB, ColumnType.BIT, ColumnType.GEOMETRY]) {
    const v = decode(t, (w) => w.lenencBytes(Uint8Array.of(0x61, 0x62)));
    assert.ok(v instanceof Uint8Array, `type 0x${t.toString(16)}`);
    assert.deepEqual([...v], [0x61, 0x62]);
  }
  assert.equal(decode(ColumnType.NULL, () => {}), null);
});

Deno.test("An unknown parameter type is a MysqlError 1210, not a crash", () => {
  assert.throws(
    () => decode(0x42, (w) => w.u8(0)),
    (e: unknown) => e instanceof MysqlError && e.code === 1210,
  );
});

function executePayload(n: number, write: (w: PacketWriter) => void): Uint8Array {
  const w = new PacketWriter();
  w.u8(0x17).u32(1).u8(0).u32(1);
  if (n > 0) write(w);
  return w.view().slice();
}

Deno.test("COM_STMT_EXECUTE: the notes' example decodes to [42, null]", () => {
  const payload = Uint8Array.from([
    0x17,
    1,
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0x02,
    1,
    0x08,
    0,
    0x06,
    0,
    0x2a,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  const { params, types } = decodeStmtExecuteParams(payload, {
    paramCount: 2,
    previousTypes: null,
  });
  assert.deepEqual(params, [42, null]);
  assert.deepEqual([...types!], [8, 6]);
});

Deno.test("COM_STMT_EXECUTE reuses bound types when new-params-bound is 0", () => {
  const first = executePayload(
    2,
    (w) => w.u8(0).u8(1).u16(ColumnType.LONG).u16(ColumnType.VAR_STRING).u32(7).lenencString("a"),
  );
  const r1 = decodeStmtExecuteParams(first, { paramCount: 2, previousTypes: null });
  assert.deepEqual(r1.params, [7, "a"]);
  const second = executePayload(2, (w) => w.u8(0b10).u8(0).u32(9));
  const r2 = decodeStmtExecuteParams(second, { paramCount: 2, previousTypes: r1.types });
  assert.deepEqual(r2.params, [9, null]);
  assert.throws(
    () => decodeStmtExecuteParams(second, { paramCount: 2, previousTypes: null }),
    (e: unknown) => e instanceof MysqlError && e.code === 1210,
  );
});

Deno.test("COM_STMT_EXECUTE takes long data in place of inline values", () => {
  const store = new LongDataStore(1000);
  store.add(0, new TextEncoder().encode("hello "));
  store.add(0, new TextEncoder().encode("world"));
  store.add(1, Uint8Array.of(1, 2));
  const payload = executePayload(
    3,
    (w) => w.u8(0).u8(1).u16(ColumnType.STRING).u16(ColumnType.BLOB).u16(ColumnType.TINY).u8(5),
  );
  const { params } = decodeStmtExecuteParams(payload, {
    paramCount: 3,
    previousTypes: null,
    longData: store,
  });
  assert.equal(params[0], "hello world");
  assert.deepEqual([...(params[1] as Uint8Array)], [1, 2]);
  assert.equal(params[2], 5);
  const small = new LongDataStore(4);
  small.add(0, new Uint8Array(5));
  assert.equal(small.overflow, true);
});

Deno.test("COM_STMT_EXECUTE with truncated values is malformed", () => {
  const payload = executePayload(1, (w) => w.u8(0).u8(1).u16(ColumnType.LONGLONG).u32(1));
  assert.throws(
    () => decodeStmtExecuteParams(payload, { paramCount: 1, previousTypes: null }),
    MalformedPacketError,
  );
});

Deno.test("COM_STMT_EXECUTE rebinding the same types keeps them; new types replace them", () => {
  const bind = (t1: number, t2: number) =>
    executePayload(2, (w) => w.u8(0).u8(1).u16(t1).u16(t2).u32(1).u32(2));
  const first = decodeStmtExecuteParams(bind(ColumnType.LONG, ColumnType.LONG), {
    paramCount: 2,
    previousTypes: null,
  });
  const again = decodeStmtExecuteParams(bind(ColumnType.LONG, ColumnType.LONG), {
    paramCount: 2,
    previousTypes: first.types,
  });
  assert.equal(again.types, first.types);
  assert.deepEqual(again.params, [1, 2]);
  const unsigned = decodeStmtExecuteParams(bind(ColumnType.LONG, ColumnType.LONG | U), {
    paramCount: 2,
    previousTypes: first.types,
  });
  assert.notEqual(unsigned.types, first.types);
  assert.deepEqual([...unsigned.types!], [ColumnType.LONG, ColumnType.LONG | U]);
  assert.deepEqual(unsigned.params, [1, 2]);
});
