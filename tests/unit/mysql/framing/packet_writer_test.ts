import assert from "node:assert/strict";
import { PacketWriter } from "../../../../src/mysql/framing/packet_writer.ts";
import { PayloadReader } from "../../../../src/mysql/framing/payload_reader.ts";
import { decodeLenencInt, encodeLenencInt } from "../../../../src/mysql/framing/lenenc.ts";
import { MalformedPacketError } from "../../../../src/mysql/framing/protocol_error.ts";

const MAX = 0xffffff;

Deno.test("PacketWriter frames COM_PING's OK reply as in the notes", () => {
  const w = new PacketWriter();
  w.sequenceId = 1;
  w.begin().u8(0).lenenc(0).lenenc(0).u16(2).u16(0).end();
  assert.deepEqual([...w.view()], [0x07, 0, 0, 0x01, 0, 0, 0, 0x02, 0, 0, 0]);
  assert.equal(w.sequenceId, 2);
});

Deno.test("PacketWriter splits a payload of 2 * 0xFFFFFF + 5 bytes into three packets", () => {
  const w = new PacketWriter(1024);
  const size = 2 * MAX + 5;
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7) % 256;
  w.sequenceId = 254;
  w.begin().bytes(data).end();
  const out = w.view();
  assert.equal(out.length, size + 12);
  assert.deepEqual([...out.subarray(0, 4)], [0xff, 0xff, 0xff, 254]);
  assert.deepEqual([...out.subarray(MAX + 4, MAX + 8)], [0xff, 0xff, 0xff, 255]);
  assert.deepEqual([...out.subarray(2 * MAX + 8, 2 * MAX + 12)], [5, 0, 0, 0], "seq wraps to 0");
  const joined = new Uint8Array(size);
  joined.set(out.subarray(4, MAX + 4), 0);
  joined.set(out.subarray(MAX + 8, 2 * MAX + 8), MAX);
  joined.set(out.subarray(2 * MAX + 12), 2 * MAX);
  assert.ok(joined.every((x, i) => x === data[i]));
});

Deno.test("PacketWriter keeps packets after a split one intact", () => {
  const w = new PacketWriter();
  w.begin().u8(1).end();
  w.begin().zeros(MAX).end();
  w.begin().u8(9).end();
  const out = w.view();
  assert.equal(out.length, 5 + MAX + 8 + 5);
  assert.deepEqual([...out.subarray(out.length - 5)], [1, 0, 0, 3, 9]);
});

Deno.test("lenenc integers use the shortest form and round-trip", () => {
  const cases: Array<[number | bigint, number[]]> = [
    [0, [0]],
    [250, [0xfa]],
    [251, [0xfc, 0xfb, 0x00]],
    [0xffff, [0xfc, 0xff, 0xff]],
    [0x10000, [0xfd, 0, 0, 1]],
    [0xffffff, [0xfd, 0xff, 0xff, 0xff]],
    [0x1000000, [0xfe, 0, 0, 0, 1, 0, 0, 0, 0]],
    [2n ** 64n - 1n, [0xfe, 255, 255, 255, 255, 255, 255, 255, 255]],
  ];
  for (const [value, bytes] of cases) {
    assert.deepEqual([...encodeLenencInt(value)], bytes, `encode ${value}`);
    const w = new PacketWriter();
    w.lenenc(value);
    assert.deepEqual([...w.view()], bytes, `writer ${value}`);
    const decoded = decodeLenencInt(Uint8Array.from(bytes));
    assert.equal(decoded.size, bytes.length);
    assert.equal(BigInt(decoded.value!), BigInt(value));
    assert.equal(BigInt(new PayloadReader(Uint8Array.from(bytes)).lenenc()), BigInt(value));
  }
  assert.equal(decodeLenencInt(Uint8Array.of(0xfb)).value, null);
  assert.throws(() => decodeLenencInt(Uint8Array.of(0xfc, 1)), MalformedPacketError);
  assert.throws(() => new PayloadReader(Uint8Array.of(0xff)).lenenc(), MalformedPacketError);
});

Deno.test("lenenc strings: prefix sized by UTF-8 bytes, also past the 1-byte form", () => {
  for (const text of ["", "abc", "é".repeat(100), "€".repeat(90), "x".repeat(70_000), "ab😀"]) {
    const w = new PacketWriter(8);
    w.lenencString(text).u8(0x99);
    const r = new PayloadReader(w.view());
    assert.equal(r.lenencString(), text);
    assert.equal(r.u8(), 0x99);
    const bytes = new TextEncoder().encode(text).length;
    assert.equal(w.length, encodeLenencInt(bytes).length + bytes + 1);
  }
});

Deno.test("PayloadReader throws MalformedPacketError instead of reading past the end", () => {
  const r = new PayloadReader(Uint8Array.of(5, 0x61, 0x62));
  assert.throws(() => r.lenencString(), MalformedPacketError);
  assert.throws(() => new PayloadReader(Uint8Array.of(1, 2)).u32(), MalformedPacketError);
  assert.throws(() => new PayloadReader(Uint8Array.of(0x61)).nulString(), MalformedPacketError);
});

Deno.test("staged strings are written exactly as strings encoded one by one", () => {
  const long = "L".repeat(300); // past the 1-byte lenenc form
  const cases: Array<{ staged: string[]; written: string[] }> = [
    { staged: ["abc", "", "x".repeat(120), long], written: ["abc", "", "x".repeat(120), long] },
    // Not staged (non-ASCII), written normally.
    { staged: ["café", "abc"], written: ["café", "abc"] },
    // Written out of the staged order, or strings that were not staged, or NUL bytes.
    { staged: ["a\0b", "two", "three"], written: ["a\0b", "other", "two", "three", "four"] },
    // Equal content but another string object copies the same bytes.
    { staged: ["same", "same"], written: ["sa" + "me".slice(0), "same"] },
  ];
  for (const { staged, written } of cases) {
    const plain = new PacketWriter(64);
    plain.begin();
    for (const s of written) plain.lenencString(s);
    plain.end();
    const w = new PacketWriter(64);
    w.stageStrings(staged);
    w.begin();
    for (const s of written) w.lenencString(s);
    w.end();
    w.unstageStrings();
    assert.deepEqual([...w.view()], [...plain.view()], JSON.stringify(staged));
  }
});
