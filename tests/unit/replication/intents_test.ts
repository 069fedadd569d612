import assert from "node:assert/strict";
import { IntentTable, WriteConflictError } from "../../../src/replication/intents.ts";
import { tableKey } from "../../../src/replication/messages.ts";
import { ER } from "../../../src/types/errors.ts";
import { rowKey } from "../../../src/types/row_change.ts";

const k = (id: number) => rowKey("t", [BigInt(id)]);

function conflict(holder: string | null, detail: RegExp) {
  return (e: unknown) =>
    e instanceof WriteConflictError && e.code === ER.LOCK_DEADLOCK && e.holder === holder &&
    detail.test(e.detail);
}

Deno.test("IntentTable takes all of a transaction's keys or none, naming the holder of a taken one", () => {
  const intents = new IntentTable({ maxKeys: 100 });
  intents.acquire("a", "shop", [k(1), k(2)], false);
  assert.throws(
    () => intents.acquire("b", "shop", [k(3), k(2), k(4)], false),
    conflict("a", /row shop\.t\/i2 is being written by transaction a/),
  );
  assert.equal(intents.size, 2);
  assert.equal(intents.holds("b"), false);
  // None of b's keys were taken: c can have 3 and 4.
  intents.acquire("c", "shop", [k(3), k(4)], false);
  assert.equal(intents.size, 4);
});

Deno.test("IntentTable scopes keys by database and lets a transaction take its own keys again", () => {
  const intents = new IntentTable({ maxKeys: 100 });
  intents.acquire("a", "shop", [k(1)], false);
  intents.acquire("b", "other", [k(1)], false);
  intents.acquire("a", "shop", [k(1), k(2)], false);
  assert.equal(intents.size, 3);
  intents.release("a");
  assert.equal(intents.size, 1);
  intents.acquire("c", "shop", [k(1)], false);
});

Deno.test("IntentTable.release frees the keys and wakes every released() waiter", async () => {
  const intents = new IntentTable({ maxKeys: 100 });
  intents.acquire("a", "shop", [k(1)], false);
  let woken = 0;
  const waits = [intents.released("a"), intents.released("a")].map((p) => p.then(() => woken++));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(woken, 0);
  intents.release("a");
  await Promise.all(waits);
  assert.equal(woken, 2);
  assert.equal(intents.holds("a"), false);
  intents.acquire("b", "shop", [k(1)], false);
  // Nothing held: resolves at once; releasing an unknown transaction is harmless.
  await intents.released("nobody");
  intents.release("nobody");
  assert.equal(intents.size, 1);
});

Deno.test("IntentTable.stale lists only remote transactions held longer than the limit", () => {
  const intents = new IntentTable({ maxKeys: 100 });
  const t0 = Date.now();
  intents.acquire("local", "shop", [k(1)], false);
  intents.acquire("remote", "shop", [k(2)], true);
  assert.deepEqual(intents.stale(1_000, t0 + 500), []);
  assert.deepEqual(intents.stale(1_000, t0 + 5_000), ["remote"]);
  intents.release("remote");
  assert.deepEqual(intents.stale(1_000, t0 + 5_000), []);
});

Deno.test("IntentTable bounds the keys held at once; a transaction taking its own keys again is not counted twice", () => {
  const intents = new IntentTable({ maxKeys: 4 });
  intents.acquire("a", "shop", [k(1), k(2), k(3)], false);
  assert.throws(
    () => intents.acquire("b", "shop", [k(4), k(5)], false),
    conflict(null, /too many rows/),
  );
  assert.equal(intents.size, 3);
  // An explicit transaction claims its rows as statements run, then all of them at COMMIT.
  intents.acquire("a", "shop", [k(1), k(2), k(3), k(4)], false);
  assert.equal(intents.size, 4);
  assert.throws(() => intents.acquire("b", "shop", [k(5)], false), conflict(null, /too many/));
  intents.release("a");
  intents.acquire("b", "shop", [k(4), k(5)], false);
});

Deno.test("a table's key: row writes share it, DDL holding it refuses new ones and waits for the old", async () => {
  const intents = new IntentTable({ maxKeys: 100 });
  const table = tableKey("T");
  // Two transactions writing rows of t share its table key.
  intents.acquire("w1", "shop", [k(1)], true, [table]);
  intents.acquire("w2", "shop", [k(2)], true, [table]);
  // DDL on t takes it exclusively all the same, then waits for both.
  intents.acquire("ddl", "shop", [table], true);
  assert.throws(
    () => intents.acquire("w3", "shop", [k(3)], true, [table]),
    conflict("ddl", /table shop\.t is being altered by transaction ddl/),
  );
  assert.equal(intents.holds("w3"), false, "a refused transaction takes nothing");
  assert.equal(await intents.drained("shop", [table], "ddl", 20), false, "w1, w2 still hold it");
  let drained = false;
  const waiting = intents.drained("shop", [table], "ddl", 5000).then((d) => drained = d);
  intents.release("w1");
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(drained, false, "w2 still holds it");
  intents.release("w2");
  await waiting;
  assert.equal(drained, true);
  // Another table, and other databases, are not held up.
  intents.acquire("w4", "shop", [rowKey("u", [1n])], true, [tableKey("u")]);
  intents.acquire("w5", "other", [k(1)], true, [table]);
  intents.release("ddl");
  intents.acquire("w3", "shop", [k(3)], true, [table]);
});
