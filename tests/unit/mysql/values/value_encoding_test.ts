import assert from "node:assert/strict";
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../../../src/types/column.ts";
import type { SqlValue } from "../../../../src/types/values.ts";
import { PacketWriter } from "../../../../src/mysql/framing/packet_writer.ts";
import { PayloadReader } from "../../../../src/mysql/framing/payload_reader.ts";
import {
  formatDecimal,
  formatDouble,
  formatFloat,
} from "../../../../src/mysql/values/format_number.ts";
import { writeTextValue } from "../../../../src/mysql/values/text_value.ts";
import { writeBinaryValue } from "../../../../src/mysql/values/binary_value.ts";
import {
  BatchOutcome,
  decodeBinaryRow,
  writeBinaryRow,
  writeBinaryRows,
} from "../../../../src/mysql/packets/binary_row.ts";
import { decodeTextRow, writeTextRow } from "../../../../src/mysql/packets/text_row.ts";
import { col } from "../test_executor.ts";
import { hex } from "../raw_client.ts";

Deno.test("DOUBLE text is the shortest round-trip form with MySQL's exponent rule", () => {
  const cases: Array<[number, string]> = [
    [1.5, "1.5"],
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e21, "1e21"],
    [-1e21, "-1e21"],
    [1e15, "1e15"],
    [1e14, "100000000000000"],
    [999999999999999, "999999999999999"],
    [1234567890123456, "1.234567890123456e15"],
    [12345678901234567, "1.2345678901234568e16"],
    [1e-4, "0.0001"],
    [2.5e-10, "0.00000000025"],
    [1e-15, "0.000000000000001"],
    [1e-16, "1e-16"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e308"],
    [0, "0"],
    [-0, "0"],
    [100, "100"],
    [1 / 3, "0.3333333333333333"],
  ];
  for (const [n, s] of cases) assert.equal(formatDouble(n), s, `${n}`);
});

Deno.test("FLOAT text uses 6 significant digits as MySQL shows FLOAT", () => {
  assert.equal(formatFloat(1.5), "1.5");
  assert.equal(formatFloat(Math.fround(0.1)), "0.1");
  assert.equal(formatFloat(123456.7), "123457");
  assert.equal(formatFloat(16777217), "16777200");
  assert.equal(formatFloat(3.4e38), "3.4e38");
  assert.equal(formatFloat(1e-5), "0.00001");
});

Deno.test("DECIMAL text has exactly `decimals` places", () => {
  assert.equal(formatDecimal(1.5, 2), "1.50");
  assert.equal(formatDecimal(3, 0), "3");
  assert.equal(formatDecimal(-0.001, 2), "0.00");
  assert.equal(formatDecimal(12n, 3), "12.000");
  assert.equal(formatDecimal(1e22, 1), "10000000000000000000000.0");
});

function text(value: SqlValue, column: ColumnInfo): number[] {
  const w = new PacketWriter();
  writeTextValue(w, value, column);
  return [...w.view()];
}

function textString(value: SqlValue, column: ColumnInfo): string {
  return new PayloadReader(Uint8Array.from(text(value, column))).lenencString();
}

Deno.test("Text values: numbers by column type, strings UTF-8, bytes raw, NULL 0xFB", () => {
  assert.deepEqual(text(null, col("x", ColumnType.LONG)), [0xfb]);
  assert.equal(textString(42, col("x", ColumnType.LONG)), "42");
  assert.equal(textString(2n ** 64n - 1n, col("x", ColumnType.LONGLONG)), "18446744073709551615");
  assert.equal(textString(0.1, col("x", ColumnType.DOUBLE)), "0.1");
  assert.equal(textString(1e21, col("x", ColumnType.DOUBLE)), "1e21");
  assert.equal(textString(1.5, col("x", ColumnType.NEWDECIMAL, { decimals: 2 })), "1.50");
  assert.equal(textString("2.50", col("x", ColumnType.NEWDECIMAL, { decimals: 2 })), "2.50");
  assert.equal(textString("héllo", col("x", ColumnType.VAR_STRING)), "héllo");
  assert.deepEqual(text(Uint8Array.of(0, 255), col("x", ColumnType.BLOB)), [2, 0, 255]);
  // A string in an INT column (SQLite allows it) falls back to its own text.
  assert.equal(textString("abc", col("x", ColumnType.LONG)), "abc");
  // ZEROFILL pads to the display width: INT(5) ZEROFILL, and YEAR (zero year 0000).
  const zerofill = ColumnFlag.ZEROFILL | ColumnFlag.UNSIGNED;
  assert.equal(textString(42n, col("x", ColumnType.LONG, { length: 5, flags: zerofill })), "00042");
  assert.equal(textString(0n, col("y", ColumnType.YEAR, { length: 4, flags: zerofill })), "0000");
  assert.equal(
    textString(123456, col("x", ColumnType.LONG, { length: 5, flags: zerofill })),
    "123456",
  );
});

function binary(value: Exclude<SqlValue, null>, column: ColumnInfo): number[] {
  const w = new PacketWriter();
  writeBinaryValue(w, value, column);
  return [...w.view()];
}

Deno.test("Binary values have the width of their column type", () => {
  assert.deepEqual(binary(-1, col("x", ColumnType.TINY)), [0xff]);
  assert.deepEqual(binary(300, col("x", ColumnType.SHORT)), [0x2c, 0x01]);
  assert.deepEqual(binary(7, col("x", ColumnType.LONG)), [7, 0, 0, 0]);
  assert.deepEqual(binary(7, col("x", ColumnType.INT24)), [7, 0, 0, 0], "INT24 is 4 bytes");
  assert.deepEqual(binary(2024, col("x", ColumnType.YEAR)), [0xe8, 0x07]);
  assert.deepEqual(
    binary(2n ** 64n - 1n, col("x", ColumnType.LONGLONG, { flags: ColumnFlag.UNSIGNED })),
    new Array(8).fill(0xff),
  );
  assert.deepEqual(binary(-2, col("x", ColumnType.LONGLONG)), [0xfe, ...new Array(7).fill(0xff)]);
  assert.deepEqual(binary(1.5, col("x", ColumnType.FLOAT)), [0, 0, 0xc0, 0x3f]);
  assert.deepEqual(binary(1.5, col("x", ColumnType.DOUBLE)), [0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
  assert.deepEqual(binary(1.5, col("x", ColumnType.NEWDECIMAL, { decimals: 2 })), [
    4,
    0x31,
    0x2e,
    0x35,
    0x30,
  ]);
  assert.deepEqual(binary("ab", col("x", ColumnType.VAR_STRING)), [2, 0x61, 0x62]);
});

Deno.test("Binary temporal values use the shortest length, zero dates length 0", () => {
  const dt = col("x", ColumnType.DATETIME);
  assert.deepEqual(
    binary("2024-03-05 14:07:09.000123", dt),
    hex("0b e8 07 03 05 0e 07 09 7b 00 00 00"),
  );
  assert.deepEqual(binary("2024-03-05 14:07:09", dt), hex("07 e8 07 03 05 0e 07 09"));
  assert.deepEqual(binary("2024-03-05 00:00:00", dt), hex("04 e8 07 03 05"));
  assert.deepEqual(binary("0000-00-00 00:00:00", dt), [0]);
  assert.deepEqual(binary("2024-03-05", col("x", ColumnType.DATE)), hex("04 e8 07 03 05"));
  assert.deepEqual(binary("2024-03-05 10:00:00", col("x", ColumnType.DATE)), hex("04 e8 07 03 05"));
  assert.deepEqual(
    binary("-26:03:04", col("x", ColumnType.TIME)),
    hex("08 01 01 00 00 00 02 03 04"),
  );
  assert.deepEqual(binary("00:00:00", col("x", ColumnType.TIME)), [0]);
  assert.deepEqual(
    binary("01:00:00.5", col("x", ColumnType.TIME)),
    hex("0c 00 00 00 00 00 01 00 00 20 a1 07 00"),
  );
});

Deno.test("Binary values that do not fit their column are converted, never misframed", () => {
  assert.deepEqual(binary("12abc", col("x", ColumnType.LONG)), [12, 0, 0, 0]);
  assert.deepEqual(binary("abc", col("x", ColumnType.LONG)), [0, 0, 0, 0]);
  assert.deepEqual(
    binary(2.5, col("x", ColumnType.LONG)),
    [3, 0, 0, 0],
    "rounds half away from zero",
  );
  assert.deepEqual(binary(-2.5, col("x", ColumnType.TINY)), [0xfd]);
  assert.deepEqual(binary(1000, col("x", ColumnType.TINY)), [0x7f], "saturates");
  assert.deepEqual(binary(-1, col("x", ColumnType.TINY, { flags: ColumnFlag.UNSIGNED })), [0]);
  assert.deepEqual(binary(2n ** 70n, col("x", ColumnType.LONGLONG)), [
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    0x7f,
  ]);
  assert.deepEqual(
    binary("99999999999999999999", col("x", ColumnType.LONGLONG, { flags: ColumnFlag.UNSIGNED })),
    new Array(8).fill(0xff),
  );
  assert.deepEqual(binary("1.5", col("x", ColumnType.DOUBLE)), [0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
  assert.deepEqual(binary(new TextEncoder().encode("7"), col("x", ColumnType.SHORT)), [7, 0]);
  assert.deepEqual(binary("not a date", col("x", ColumnType.DATETIME)), [0]);
  assert.deepEqual(binary(12, col("x", ColumnType.DATETIME)), [0]);
  assert.deepEqual(binary("x", col("x", ColumnType.NEWDECIMAL, { decimals: 1 })), [
    3,
    0x30,
    0x2e,
    0x30,
  ]);
  assert.deepEqual(binary(42, col("x", ColumnType.VAR_STRING)), [2, 0x34, 0x32]);
  assert.deepEqual(binary(10n, col("x", ColumnType.BLOB)), [2, 0x31, 0x30]);
});

Deno.test("Binary row matches the notes' example (INT 7, NULL, VARCHAR 'ab')", () => {
  const cols = [
    col("a", ColumnType.LONG),
    col("b", ColumnType.LONG),
    col("c", ColumnType.VAR_STRING),
  ];
  const w = new PacketWriter();
  w.sequenceId = 5;
  writeBinaryRow(w, [7, null, "ab"], cols);
  assert.deepEqual([...w.view()], hex("09 00 00 05 00 08 07 00 00 00 02 61 62"));
  assert.deepEqual(decodeBinaryRow(w.view().subarray(4), cols), [7, null, "ab"]);
});

Deno.test("Binary row NULL bitmap is right for 7 to 17 columns", () => {
  for (let n = 1; n <= 17; n++) {
    const cols = Array.from({ length: n }, (_, i) => col(`c${i}`, ColumnType.LONGLONG));
    const row = cols.map((_, i) => (i % 3 === 1 ? null : i * 1000));
    const w = new PacketWriter();
    writeBinaryRow(w, row, cols);
    assert.equal(w.view()[4], 0, "row header");
    assert.deepEqual(decodeBinaryRow(w.view().subarray(4), cols), row);
  }
});

Deno.test("Binary rows written as a batch are the bytes of rows written one by one", () => {
  const unsigned = (c: ColumnInfo) => ({ ...c, flags: c.flags | ColumnFlag.UNSIGNED });
  const cols = [
    col("s", ColumnType.STRING),
    { ...col("d", ColumnType.NEWDECIMAL), decimals: 2 },
    col("i", ColumnType.LONG),
    unsigned(col("u", ColumnType.TINY)),
    col("y", ColumnType.YEAR),
    col("m", ColumnType.INT24),
    col("l", ColumnType.LONGLONG),
    unsigned(col("ul", ColumnType.LONGLONG)),
    col("f", ColumnType.FLOAT),
    col("g", ColumnType.DOUBLE),
    col("n", ColumnType.NULL),
    col("v", ColumnType.VAR_STRING),
  ];
  const values: SqlValue[] = [
    null,
    0,
    1,
    -1,
    255,
    256,
    -129,
    65536,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    1.5,
    -2.5,
    NaN,
    Infinity,
    0n,
    -5n,
    2n ** 63n,
    2n ** 64n,
    "",
    "abc",
    " 42 ",
    "-7.5e2",
    "1.25",
    "a\0b",
    "x".repeat(250),
    "y".repeat(251),
    "z".repeat(70000),
  ];
  let seed = 7;
  const pick = () => values[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % values.length]!;
  for (let round = 0; round < 50; round++) {
    const rows = Array.from({ length: 1 + (round % 9) * 7 }, () => cols.map(pick));
    const one = new PacketWriter();
    const batch = new PacketWriter();
    one.sequenceId = batch.sequenceId = (round * 37) & 0xff;
    for (const row of rows) writeBinaryRow(one, row, cols);
    assert.equal(writeBinaryRows(batch, rows, 0, rows.length, cols), BatchOutcome.WRITTEN);
    assert.deepEqual(batch.view(), one.view());
    assert.equal(batch.sequenceId, one.sequenceId);
  }
  const w = new PacketWriter();
  const text = [col("s", ColumnType.STRING)];
  assert.equal(writeBinaryRows(w, [["a"], ["é"]], 0, 2, text), BatchOutcome.NOT_ASCII);
  const date = [col("d", ColumnType.DATE)];
  assert.equal(writeBinaryRows(w, [["2024-01-02"]], 0, 1, date), BatchOutcome.UNSUPPORTED);
  assert.equal(writeBinaryRows(w, [[new Uint8Array(2)]], 0, 1, text), BatchOutcome.UNSUPPORTED);
  assert.equal(w.length, 0, "nothing written unless WRITTEN");
});

Deno.test("Text row round-trips and marks NULL", () => {
  const cols = [
    col("a", ColumnType.LONG),
    col("b", ColumnType.VAR_STRING),
    col("c", ColumnType.DOUBLE),
  ];
  const w = new PacketWriter();
  writeTextRow(w, [1, null, 2.5], cols);
  const got = decodeTextRow(w.view().subarray(4), 3).map((
    b,
  ) => (b ? new TextDecoder().decode(b) : null));
  assert.deepEqual(got, ["1", null, "2.5"]);
});

Deno.test("BIT values that arrive as integers go out as big-endian bytes in both protocols", () => {
  const bit = col("x", ColumnType.BIT, { length: 10 });
  assert.deepEqual(text(5, bit), [2, 0x00, 0x05]);
  assert.deepEqual(text(0x3ff, bit), [2, 0x03, 0xff]);
  assert.deepEqual(binary(5, col("x", ColumnType.BIT, { length: 1 })), [1, 0x01 * 5]);
  assert.deepEqual(binary(258n, bit), [2, 0x01, 0x02]);
  assert.deepEqual(binary(Uint8Array.of(9), bit), [1, 9]);
});
