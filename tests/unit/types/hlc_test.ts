import assert from "node:assert/strict";
import { compareHlc, type Hlc, HybridClock, txnIdOf } from "../../../src/types/hlc.ts";

function manualClock(start: number) {
  let now = start;
  return { read: () => now, set: (ms: number) => (now = ms) };
}

function assertAfter(later: Hlc, earlier: Hlc): void {
  assert.ok(
    compareHlc(later, earlier) > 0,
    `${JSON.stringify(later)} not after ${JSON.stringify(earlier)}`,
  );
}

Deno.test("HybridClock.now only moves forward, also when the physical clock stands still or goes back", () => {
  const physical = manualClock(1_000);
  const clock = new HybridClock(4, physical.read);
  const a = clock.now();
  assert.deepEqual(a, { wall: 1_000, logical: 0, node: 4 });
  const b = clock.now();
  assert.deepEqual(b, { wall: 1_000, logical: 1, node: 4 });
  physical.set(500);
  const c = clock.now();
  assertAfter(c, b);
  assert.equal(c.wall, 1_000);
  physical.set(2_000);
  assert.deepEqual(clock.now(), { wall: 2_000, logical: 0, node: 4 });
});

Deno.test("HybridClock.update absorbs a remote timestamp: the next now() is after it", () => {
  const physical = manualClock(1_000);
  const clock = new HybridClock(1, physical.read);
  clock.now();
  const ahead = { wall: 5_000, logical: 7, node: 9 };
  clock.update(ahead);
  assertAfter(clock.now(), ahead);
  // Same wall, higher logical.
  const same = { wall: 5_000, logical: 40, node: 2 };
  clock.update(same);
  const next = clock.now();
  assertAfter(next, same);
  // An older remote changes nothing.
  clock.update({ wall: 10, logical: 99, node: 3 });
  assertAfter(clock.now(), next);
  // Once physical time passes the absorbed wall it takes over.
  physical.set(6_000);
  assert.deepEqual(clock.now(), { wall: 6_000, logical: 0, node: 1 });
});

Deno.test("compareHlc orders by wall, then logical, then node", () => {
  const sorted: Hlc[] = [
    { wall: 1, logical: 5, node: 9 },
    { wall: 2, logical: 0, node: 9 },
    { wall: 2, logical: 1, node: 1 },
    { wall: 2, logical: 1, node: 2 },
    { wall: 3, logical: 0, node: 0 },
  ];
  const shuffled = [sorted[3]!, sorted[0]!, sorted[4]!, sorted[2]!, sorted[1]!];
  assert.deepEqual(shuffled.sort(compareHlc), sorted);
  assert.equal(compareHlc(sorted[2]!, { ...sorted[2]! }), 0);
  assert.ok(compareHlc(sorted[0]!, sorted[1]!) < 0 && compareHlc(sorted[1]!, sorted[0]!) > 0);
});

Deno.test("txnIdOf gives every timestamp of every node's clock its own id", () => {
  const physical = manualClock(1_000);
  const clocks = [new HybridClock(1, physical.read), new HybridClock(11, physical.read)];
  const ids = new Set<string>();
  for (let i = 0; i < 500; i++) {
    if (i % 100 === 0) physical.set(1_000 + i);
    for (const c of clocks) ids.add(txnIdOf(c.now()));
  }
  assert.equal(ids.size, 1_000);
  // Node 1 logical 11 and node 11 logical 1 stay apart.
  assert.notEqual(
    txnIdOf({ wall: 5, logical: 11, node: 1 }),
    txnIdOf({ wall: 5, logical: 1, node: 11 }),
  );
});
