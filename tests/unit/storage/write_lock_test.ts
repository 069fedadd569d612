import assert from "node:assert/strict";
import { WriteLock } from "../../../src/storage/write_lock.ts";
import { MysqlError } from "../../../src/types/errors.ts";

Deno.test("WriteLock grants at once when free and is re-entrant for its holder", () => {
  const lock = new WriteLock({ timeoutMs: 1000, maxWaiters: 10 });
  const a = {};
  assert.equal(lock.acquire(a), undefined);
  assert.equal(lock.acquire(a), undefined);
  assert.equal(lock.holder, a);
  lock.release(a);
  assert.equal(lock.holder, null);
});

Deno.test("WriteLock hands the lock to waiters in FIFO order", async () => {
  const lock = new WriteLock({ timeoutMs: 1000, maxWaiters: 10 });
  const [a, b, c] = [{}, {}, {}];
  lock.acquire(a);
  const order: string[] = [];
  const wb = lock.acquire(b)!.then(() => order.push("b"));
  const wc = lock.acquire(c)!.then(() => order.push("c"));
  lock.release(a);
  await wb;
  assert.equal(lock.holder, b);
  lock.release(b);
  await wc;
  assert.deepEqual(order, ["b", "c"]);
  lock.release(c);
});

Deno.test("WriteLock times out a waiter with MySQL error 1205", async () => {
  const lock = new WriteLock({ timeoutMs: 20, maxWaiters: 10 });
  const [a, b] = [{}, {}];
  lock.acquire(a);
  await assert.rejects(
    lock.acquire(b)!,
    (err: unknown) => err instanceof MysqlError && err.code === 1205,
  );
  lock.release(a);
  assert.equal(lock.holder, null);
});

Deno.test("WriteLock refuses waiters beyond its bound", async () => {
  const lock = new WriteLock({ timeoutMs: 1000, maxWaiters: 1 });
  const [a, b, c] = [{}, {}, {}];
  lock.acquire(a);
  const wb = lock.acquire(b)!;
  await assert.rejects(
    lock.acquire(c)!,
    (err: unknown) => err instanceof MysqlError && err.code === 1205,
  );
  lock.release(a);
  await wb;
  lock.release(b);
});

Deno.test("WriteLock cancel rejects a closed connection's waits", async () => {
  const lock = new WriteLock({ timeoutMs: 1000, maxWaiters: 10 });
  const [a, b] = [{}, {}];
  lock.acquire(a);
  const wb = lock.acquire(b)!;
  lock.cancel(b);
  await assert.rejects(wb);
  lock.release(a);
  assert.equal(lock.holder, null);
});

Deno.test("WriteLock times each waiter out at its own deadline, not the first waiter's", async () => {
  const lock = new WriteLock({ timeoutMs: 60, maxWaiters: 10 });
  const [a, b, c] = [{}, {}, {}];
  lock.acquire(a);
  const wb = lock.acquire(b)!;
  await new Promise((r) => setTimeout(r, 30));
  const cStart = performance.now();
  const wc = lock.acquire(c)!;
  lock.release(a);
  await wb;
  assert.equal(lock.holder, b);
  await assert.rejects(wc, (err: unknown) => err instanceof MysqlError && err.code === 1205);
  assert.ok(performance.now() - cStart >= 55, "c waited its whole timeout");
  lock.release(b);
  assert.equal(lock.holder, null);
});
