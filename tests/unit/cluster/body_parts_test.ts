import assert from "node:assert/strict";
import { BodyAssembler, ENVELOPE_BYTES, toEnvelopes } from "../../../src/cluster/body_parts.ts";
import type { WireFrame } from "../../../src/cluster/proto.ts";

function frame(id: number, body: Uint8Array, reply = false): WireFrame {
  return { id, kind: reply ? "" : "prepare", body, reply, error: "", error_code: 0 };
}

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

Deno.test("body parts: small frames share one envelope, unchanged", () => {
  const frames = [frame(1, bytes(10, 1)), frame(2, bytes(20, 2), true)];
  const envelopes = toEnvelopes(frames, 1024);
  assert.equal(envelopes.length, 1);
  assert.deepEqual(envelopes[0]!.frames, frames);
});

Deno.test("body parts: a large body is cut into parts marked `more` but the last, and joined again", () => {
  const big = bytes(10_000, 3);
  const envelopes = toEnvelopes([frame(7, big), frame(8, bytes(5, 4))], 4096);
  const parts = envelopes.flatMap((e) => e.frames);
  assert.deepEqual(parts.map((p) => [p.id, p.body.length, p.more === true]), [
    [7, 4096, true],
    [7, 4096, true],
    [7, 1808, false],
    [8, 5, false],
  ]);
  const assembler = new BodyAssembler();
  const done = parts.map((p) => assembler.accept(p)).filter((a) => a.kind !== "partial");
  assert.equal(done.length, 2);
  assert.equal(done[0]!.kind, "complete");
  assert.deepEqual(done[0]!.kind === "complete" && done[0]!.frame.body, big);
  assert.equal(assembler.heldBytes, 0);
});

Deno.test("body parts: envelopes carry at most ENVELOPE_BYTES of bodies", () => {
  const part = 1024 * 1024;
  const envelopes = toEnvelopes([frame(1, new Uint8Array(ENVELOPE_BYTES * 3 + 5))], part);
  assert.equal(envelopes.length, 4);
  for (const e of envelopes) {
    assert.ok(e.frames.reduce((n, f) => n + f.body.length, 0) <= ENVELOPE_BYTES);
  }
});

Deno.test("body parts: interleaved parts of requests and replies with the same id stay apart", () => {
  const q = bytes(300, 5);
  const r = bytes(300, 6);
  const qs = toEnvelopes([frame(1, q)], 100)[0]!.frames;
  const rs = toEnvelopes([frame(1, r, true)], 100)[0]!.frames;
  const assembler = new BodyAssembler();
  const out: WireFrame[] = [];
  for (let i = 0; i < qs.length; i++) {
    for (const p of [qs[i]!, rs[i]!]) {
      const a = assembler.accept(p);
      if (a.kind === "complete") out.push(a.frame);
    }
  }
  assert.deepEqual(out.map((f) => [f.reply, f.body]), [[false, q], [true, r]]);
});

Deno.test("body parts: a body past the bound fails once, at its last part, and holds nothing", () => {
  const assembler = new BodyAssembler(1000);
  const parts = toEnvelopes([frame(3, bytes(2500, 7))], 400).flatMap((e) => e.frames);
  const results = parts.map((p) => assembler.accept(p));
  assert.deepEqual(
    results.slice(0, -1).map((a) => a.kind),
    Array(parts.length - 1).fill("partial"),
  );
  const last = results.at(-1)!;
  assert.equal(last.kind, "too_large");
  assert.equal(last.kind === "too_large" && last.bytes, 2500);
  assert.equal(assembler.heldBytes, 0);
  // The stream goes on: the next body is joined as usual.
  const next = toEnvelopes([frame(4, bytes(900, 8))], 400).flatMap((e) => e.frames);
  const joined = next.map((p) => assembler.accept(p)).at(-1)!;
  assert.equal(joined.kind, "complete");
});

Deno.test("body parts: the bound covers all bodies being joined on a stream together", () => {
  const assembler = new BodyAssembler(1000);
  const a = toEnvelopes([frame(1, bytes(800, 1))], 400).flatMap((e) => e.frames);
  const b = toEnvelopes([frame(2, bytes(800, 2))], 400).flatMap((e) => e.frames);
  assembler.accept(a[0]!); // 400 held
  assembler.accept(b[0]!); // 800 held
  assert.equal(assembler.accept(b[1]!).kind, "too_large"); // would hold 1200
  assert.equal(assembler.accept(a[1]!).kind, "complete"); // 800, within the bound again
  assert.equal(assembler.heldBytes, 0);
});
