import assert from "node:assert/strict";
import { PacketReader } from "../../../../src/mysql/framing/packet_reader.ts";
import { PacketWriter } from "../../../../src/mysql/framing/packet_writer.ts";
import { PacketTooLargeError } from "../../../../src/mysql/framing/protocol_error.ts";

const MAX = 0xffffff;

function framed(payloads: Uint8Array[], firstSeq = 0): Uint8Array {
  const w = new PacketWriter();
  w.sequenceId = firstSeq;
  for (const p of payloads) w.begin().bytes(p).end();
  return w.view().slice();
}

function drain(reader: PacketReader) {
  const out = [];
  for (let p = reader.next(); p; p = reader.next()) out.push(p);
  return out;
}

Deno.test("PacketReader returns a packet split across many one-byte chunks", () => {
  const bytes = framed([Uint8Array.of(0x03, 0x73, 0x65, 0x6c)]);
  const reader = new PacketReader({ maxPacketSize: 1 << 20 });
  const got = [];
  for (const b of bytes) {
    reader.push(Uint8Array.of(b));
    got.push(...drain(reader));
  }
  assert.equal(got.length, 1);
  assert.deepEqual([...got[0]!.payload], [0x03, 0x73, 0x65, 0x6c]);
  assert.equal(got[0]!.sequenceId, 0);
});

Deno.test("PacketReader yields every packet of one coalesced chunk, with sequence ids", () => {
  const payloads = [Uint8Array.of(0x0e), new Uint8Array(0), Uint8Array.of(1, 2, 3)];
  const reader = new PacketReader({ maxPacketSize: 1 << 20 });
  reader.push(framed(payloads, 7));
  const got = drain(reader);
  assert.deepEqual(got.map((p) => [...p.payload]), payloads.map((p) => [...p]));
  assert.deepEqual(got.map((p) => p.sequenceId), [7, 8, 9]);
  assert.equal(reader.buffered, 0);
});

Deno.test("PacketReader keeps a partial packet until the rest arrives at an odd boundary", () => {
  const a = new Uint8Array(300).fill(0x61);
  const b = new Uint8Array(70_000).fill(0x62);
  const bytes = framed([a, b]);
  const reader = new PacketReader({ maxPacketSize: 1 << 20, initialBufferSize: 1024 });
  reader.push(bytes.subarray(0, 302));
  assert.equal(reader.next(), null);
  reader.push(bytes.subarray(302, 5000));
  assert.equal(reader.next()!.payload.length, 300);
  assert.equal(reader.next(), null);
  reader.push(bytes.subarray(5000));
  const p = reader.next()!;
  assert.equal(p.payload.length, 70_000);
  assert.ok(p.payload.every((x) => x === 0x62));
});

Deno.test("PacketReader joins a payload of more than 16 MiB split into 0xFFFFFF chunks", () => {
  const size = MAX + 1000;
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = i % 251;
  const bytes = framed([payload, Uint8Array.of(0x0e)], 3);
  // Two physical packets for the big payload: 0xFFFFFF bytes then 1000.
  assert.equal(bytes.length, size + 8 + 5);
  assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xff, 0xff, 3]);
  const reader = new PacketReader({ maxPacketSize: 64 << 20 });
  for (let off = 0; off < bytes.length; off += 1 << 20) {
    reader.push(bytes.subarray(off, Math.min(bytes.length, off + (1 << 20))));
  }
  const got = drain(reader);
  assert.equal(got.length, 2);
  assert.equal(got[0]!.payload.length, size);
  assert.equal(got[0]!.sequenceId, 4, "sequence id of the last chunk");
  assert.ok(got[0]!.payload.every((x, i) => x === i % 251));
  assert.equal(got[1]!.sequenceId, 5);
});

Deno.test("PacketReader handles a payload of exactly 0xFFFFFF bytes (empty final chunk)", () => {
  const payload = new Uint8Array(MAX).fill(7);
  const bytes = framed([payload]);
  assert.equal(bytes.length, MAX + 8);
  assert.deepEqual([...bytes.subarray(MAX + 4)], [0, 0, 0, 1]);
  const reader = new PacketReader({ maxPacketSize: 64 << 20 });
  reader.push(bytes);
  const p = reader.next()!;
  assert.equal(p.payload.length, MAX);
  assert.equal(reader.next(), null);
});

Deno.test("PacketReader refuses a packet over the limit from its header alone", () => {
  const reader = new PacketReader({ maxPacketSize: 1000 });
  reader.push(Uint8Array.of(0xe9, 0x03, 0x00, 0x00)); // 1001 bytes announced
  assert.throws(() => reader.next(), PacketTooLargeError);
  const chunked = new PacketReader({ maxPacketSize: MAX + 10 });
  chunked.push(Uint8Array.of(0xff, 0xff, 0xff, 0));
  chunked.push(new Uint8Array(MAX));
  chunked.push(Uint8Array.of(11, 0, 0, 1));
  assert.throws(
    () => chunked.next(),
    (e: unknown) => e instanceof PacketTooLargeError && e.size === MAX + 11,
  );
});

Deno.test("PacketReader reads directly into reserved space", () => {
  const reader = new PacketReader({ maxPacketSize: 1 << 20, initialBufferSize: 16 });
  const bytes = framed([new Uint8Array(100).fill(1), Uint8Array.of(2)]);
  let off = 0;
  while (off < bytes.length) {
    const region = reader.reserve(8);
    const n = Math.min(region.length, 7, bytes.length - off);
    region.set(bytes.subarray(off, off + n));
    reader.commit(n);
    off += n;
  }
  assert.deepEqual(drain(reader).map((p) => p.payload.length), [100, 1]);
});
