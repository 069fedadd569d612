import assert from "node:assert/strict";
import { COMPACT, EXTENDED, IdGenerator } from "../../../src/replication/id_generator.ts";

const EPOCH_MS = Date.UTC(2025, 0, 2);

/** A clock tests move by hand. */
function manualClock(start = EPOCH_MS + 1_000_000) {
  let now = start;
  return { read: () => now, set: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) };
}

function assertIncreasing(ids: bigint[]): void {
  for (let i = 1; i < ids.length; i++) {
    assert.ok(ids[i]! > ids[i - 1]!, `id ${i} (${ids[i]}) not above ${ids[i - 1]}`);
  }
}

Deno.test("IdGenerator gives unique increasing ids over a burst of thousands in one millisecond", () => {
  const clock = manualClock();
  const gen = new IdGenerator(5, COMPACT, clock.read);
  const ids = Array.from({ length: 5_000 }, () => gen.next());
  assertIncreasing(ids);
  // The clock catches up with the borrowed milliseconds: still above every earlier id.
  clock.advance(10);
  const later = Array.from({ length: 100 }, () => gen.next());
  assertIncreasing([...ids, ...later]);
});

Deno.test("IdGenerator stays increasing when the clock goes back", () => {
  const clock = manualClock();
  const gen = new IdGenerator(5, EXTENDED, clock.read);
  const before = [gen.next(), gen.next()];
  clock.advance(-60_000);
  const after = Array.from({ length: 200 }, () => gen.next());
  assertIncreasing([...before, ...after]);
});

Deno.test("IdGenerator lays out milliseconds, node bits and sequence; compact ids stay JavaScript-safe", () => {
  const clock = manualClock(EPOCH_MS + 123_456);
  const compact = new IdGenerator(5, COMPACT, clock.read);
  const id = compact.next();
  assert.equal(id >> 12n, 123_456n);
  assert.equal((id >> 6n) & 63n, 5n);
  assert.equal(id & 63n, 0n);
  assert.equal(compact.next() & 63n, 1n);
  // Only the low 6 bits of the node id fit the compact layout.
  assert.equal((new IdGenerator(64 + 5, COMPACT, clock.read).next() >> 6n) & 63n, 5n);
  const extended = new IdGenerator(40_000, EXTENDED, clock.read).next();
  assert.equal(extended >> 22n, 123_456n);
  assert.equal((extended >> 6n) & 0xffffn, 40_000n);
  // The last millisecond the 41 bits hold (year 2094): still below 2^53 and 2^63.
  const last = EPOCH_MS + 2 ** 41 - 1;
  clock.set(last);
  const top = new IdGenerator(63, COMPACT, clock.read);
  let max = 0n;
  for (let i = 0; i < 64; i++) max = top.next();
  assert.ok(max <= BigInt(Number.MAX_SAFE_INTEGER), String(max));
  assert.equal(Number(max), Number.MAX_SAFE_INTEGER);
  assert.ok(new IdGenerator(65_535, EXTENDED, clock.read).next() < 2n ** 63n);
});

Deno.test("IdGenerator ids of different nodes never collide in the same millisecond", () => {
  const clock = manualClock();
  const seen = new Set<bigint>();
  for (const node of [1, 2, 3, 63]) {
    const gen = new IdGenerator(node, COMPACT, clock.read);
    for (let i = 0; i < 300; i++) seen.add(gen.next());
  }
  assert.equal(seen.size, 1_200);
});
