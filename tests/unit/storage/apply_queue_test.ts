/**
 * ApplyQueue on a real Database (SQLite file, write lock, versioned applier): transactions
 * that wait together are written in one SQLite transaction, each caller gets its own outcome,
 * the queue is bounded, and it waits for the write lock like every writer.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { ApplyQueue } from "../../../src/storage/apply_queue.ts";
import type { CommittedTxn } from "../../../src/storage/committed_txn.ts";
import { Database } from "../../../src/storage/database.ts";
import { ER, MysqlError } from "../../../src/types/errors.ts";
import { rowKey } from "../../../src/types/row_change.ts";
import { committed, DATABASE, TestNode, ts } from "../replication/node_fixture.ts";

const SCHEMA = [
  "CREATE TABLE counters (id INT PRIMARY KEY, n INT)",
  "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20))",
  "CREATE TABLE order_items (id INT PRIMARY KEY, order_id INT, sku VARCHAR(10), " +
  "FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE)",
];

interface Fixture {
  /** Where the transactions come from. */
  origin: TestNode;
  /** The node applying them. */
  db: Database;
  /** SQLite transactions begun on the write connection so far. */
  begins(): number;
  rows(sql: string): unknown[][];
}

async function withQueue(
  fn: (f: Fixture) => Promise<void>,
  lock = { timeoutMs: 5_000, maxWaiters: 100 },
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-queue-" });
  const origin = new TestNode().ddl(...SCHEMA);
  const db = new Database(DATABASE, join(dir, "shop.db"), {
    connection: { onOpen: (c) => registerMysqlFunctions(c) },
    lock,
    runDdl: (c, sql, database) => void executeDdl(sql, { database, db: c }),
  });
  for (const sql of SCHEMA) executeDdl(sql, { database: DATABASE, db: db.writer.db });
  db.schemaChanged();
  const conn = db.applyConnection.db;
  let begins = 0;
  const exec = conn.exec.bind(conn);
  conn.exec = (sql: string) => {
    if (/^\s*BEGIN/i.test(sql)) begins++;
    return exec(sql);
  };
  try {
    await fn({
      origin,
      db,
      begins: () => begins,
      rows: (sql) => db.reader.db.prepare(sql).all().map((r) => Object.values(r)),
    });
  } finally {
    db.close();
    origin.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

let wall = 1_700_000_000_000;

/** A transaction setting counter `id` to `n`, as the origin captured it. */
function setCounter(origin: TestNode, id: number, n: number): CommittedTxn {
  return committed(ts(++wall), origin.write(`REPLACE INTO counters VALUES (${id}, ${n})`));
}

/** Resolves after the event loop had a few turns. */
function turns(): Promise<void> {
  return new Promise((r) => setTimeout(r, 20));
}

Deno.test("ApplyQueue writes transactions that arrive together in few SQLite transactions", async () => {
  await withQueue(async ({ origin, db, begins, rows }) => {
    const txns = Array.from({ length: 100 }, (_, i) => setCounter(origin, i, i * 10));
    const outcomes = await Promise.all(txns.map((t) => db.applyQueue.apply(t)));
    assert.deepEqual(outcomes, txns.map(() => "applied"));
    assert.equal(begins(), 1, `${begins()} SQLite transactions for 100 applies`);
    assert.deepEqual(rows("SELECT count(*), sum(n) FROM counters"), [[100, 49_500]]);
    assert.deepEqual(rows("SELECT count(*) FROM __marmot_commit_log"), [[100]]);
  });
});

Deno.test("ApplyQueue writes the applies of one event-loop turn in one batch, after a writer that took the lock in that turn", async () => {
  await withQueue(async ({ origin, db, begins, rows }) => {
    const first = db.applyQueue.apply(setCounter(origin, 1, 1));
    const session = {};
    assert.equal(db.lock.acquire(session), undefined, "the lock is still free in this turn");
    const rest = [2, 3].map((id) => db.applyQueue.apply(setCounter(origin, id, 1)));
    await turns();
    assert.equal(begins(), 0, "the batch waits for the writer");
    db.lock.release(session);
    await Promise.all([first, ...rest]);
    assert.equal(begins(), 1);
    assert.deepEqual(rows("SELECT count(*) FROM counters"), [[3]]);
    assert.equal(db.lock.holder, null);
  });
});

Deno.test("ApplyQueue waits for a writer holding the lock, then writes everything that queued in one batch", async () => {
  await withQueue(async ({ origin, db, begins, rows }) => {
    const session = {};
    assert.equal(db.lock.acquire(session), undefined);
    const pending = Array.from(
      { length: 30 },
      (_, i) => db.applyQueue.apply(setCounter(origin, i, 1)),
    );
    let settled = 0;
    for (const p of pending) p.then(() => settled++, () => settled++);
    await turns();
    assert.equal(settled, 0);
    assert.equal(begins(), 0);
    assert.deepEqual(rows("SELECT count(*) FROM counters"), [[0]]);
    db.lock.release(session);
    await Promise.all(pending);
    assert.equal(begins(), 1);
    assert.deepEqual(rows("SELECT count(*) FROM counters"), [[30]]);
    assert.equal(db.lock.holder, null);
  });
});

Deno.test("ApplyQueue splits a long queue into batches of maxBatch", async () => {
  await withQueue(async ({ origin, db, begins }) => {
    const queue = new ApplyQueue(db, { maxPending: 100, maxBatch: 10 });
    const session = {};
    db.lock.acquire(session);
    const pending = Array.from({ length: 25 }, (_, i) => queue.apply(setCounter(origin, i, i)));
    db.lock.release(session);
    await Promise.all(pending);
    assert.equal(begins(), 3);
  });
});

Deno.test("ApplyQueue answers each transaction of a batch with its own outcome", async () => {
  await withQueue(async ({ origin, db, rows }) => {
    const session = {};
    db.lock.acquire(session);
    const good = setCounter(origin, 1, 1);
    const bad = committed(ts(++wall), [{
      table: "nowhere",
      op: "insert",
      key: rowKey("nowhere", [1n]),
      columns: ["id"],
      before: null,
      after: [1n],
    }]);
    const other = setCounter(origin, 2, 2);
    const results = Promise.allSettled([good, bad, good, other].map((t) => db.applyQueue.apply(t)));
    db.lock.release(session);
    const answers = (await results).map((r) =>
      r.status === "fulfilled" ? r.value : `error: ${(r.reason as Error).message}`
    );
    assert.deepEqual(answers.map((a) => a.replace(/^error: .*nowhere.*$/, "error: nowhere")), [
      "applied",
      "error: nowhere",
      "duplicate",
      "applied",
    ]);
    assert.deepEqual(rows("SELECT id, n FROM counters ORDER BY id"), [[1, 1], [2, 2]]);
  });
});

Deno.test("ApplyQueue refuses with 1205 beyond maxPending and applies what it accepted", async () => {
  await withQueue(async ({ origin, db, rows }) => {
    const queue = new ApplyQueue(db, { maxPending: 3, maxBatch: 256 });
    const session = {};
    db.lock.acquire(session);
    const accepted = [1, 2, 3].map((i) => queue.apply(setCounter(origin, i, i)));
    await assert.rejects(
      queue.apply(setCounter(origin, 4, 4)),
      (e: unknown) => e instanceof MysqlError && e.code === ER.LOCK_WAIT_TIMEOUT,
    );
    db.lock.release(session);
    assert.deepEqual(await Promise.all(accepted), ["applied", "applied", "applied"]);
    assert.deepEqual(rows("SELECT id FROM counters ORDER BY id"), [[1], [2], [3]]);
    assert.equal(await queue.apply(setCounter(origin, 5, 5)), "applied");
  });
});

Deno.test("ApplyQueue rejects a batch whose lock wait timed out and goes on with the next", async () => {
  await withQueue(async ({ origin, db, rows }) => {
    const session = {};
    db.lock.acquire(session);
    await assert.rejects(
      db.applyQueue.apply(setCounter(origin, 1, 1)),
      (e: unknown) => e instanceof MysqlError && e.code === ER.LOCK_WAIT_TIMEOUT,
    );
    db.lock.release(session);
    assert.equal(await db.applyQueue.apply(setCounter(origin, 2, 2)), "applied");
    assert.deepEqual(rows("SELECT id FROM counters"), [[2]]);
  }, { timeoutMs: 50, maxWaiters: 10 });
});

Deno.test("ApplyQueue: a reserved (decided) transaction outlasts lock wait timeouts; the others in its batch fail", async () => {
  await withQueue(async ({ origin, db, rows }) => {
    const session = {};
    db.lock.acquire(session);
    const reservation = db.applyQueue.reserve();
    const decided = reservation.apply(setCounter(origin, 1, 1));
    const remote = db.applyQueue.apply(setCounter(origin, 2, 2));
    await assert.rejects(
      remote,
      (e: unknown) => e instanceof MysqlError && e.code === ER.LOCK_WAIT_TIMEOUT,
    );
    await new Promise((r) => setTimeout(r, 200)); // several lock wait timeouts
    db.lock.release(session);
    assert.equal(await decided, "applied");
    assert.deepEqual(rows("SELECT id FROM counters"), [[1]]);
  }, { timeoutMs: 50, maxWaiters: 10 });
});

Deno.test("ApplyQueue.settled waits for the applies reserved or queued before it, not later ones", async () => {
  await withQueue(async ({ origin, db }) => {
    assert.equal(db.applyQueue.settled(), undefined, "nothing outstanding");
    const reserved = db.applyQueue.reserve();
    const cancelled = db.applyQueue.reserve();
    const queued = db.applyQueue.apply(setCounter(origin, 1, 1));
    let settled = false;
    const before = db.applyQueue.settled()!.then(() => settled = true);
    const later = db.applyQueue.reserve();
    await queued;
    await turns();
    assert.equal(settled, false, "a reservation not yet applied holds it");
    cancelled.cancel();
    await reserved.apply(setCounter(origin, 2, 2));
    await before;
    assert.equal(settled, true);
    assert.notEqual(db.applyQueue.settled(), undefined, "the later reservation is outstanding");
    later.cancel();
    await turns();
    assert.equal(db.applyQueue.settled(), undefined);
  });
});

Deno.test("ApplyQueue refuses a reservation beyond maxPending", async () => {
  await withQueue(({ db }) => {
    const queue = new ApplyQueue(db, { maxPending: 2, maxBatch: 256 });
    const held = [queue.reserve(), queue.reserve()];
    assert.throws(
      () => queue.reserve(),
      (e: unknown) => e instanceof MysqlError && e.code === ER.LOCK_WAIT_TIMEOUT,
    );
    for (const r of held) r.cancel();
    return Promise.resolve();
  });
});

Deno.test("ApplyQueue applies rows of tables tied by foreign keys as the origin left them", async () => {
  await withQueue(async ({ origin, db, rows }) => {
    // order_items sorts before orders: the child row is applied before its parent.
    const placed = origin.write(
      "INSERT INTO orders VALUES (1, 'ann'); INSERT INTO order_items VALUES (10, 1, 'pen'), (11, 1, 'ink')",
    );
    assert.equal(await db.applyQueue.apply(committed(ts(++wall), placed)), "applied");
    // An update of the parent row must not cascade to its items on the node applying it.
    const renamed = origin.write("UPDATE orders SET customer = 'bob' WHERE id = 1");
    assert.equal(await db.applyQueue.apply(committed(ts(++wall), renamed)), "applied");
    const renumbered = origin.write("UPDATE order_items SET id = 12 WHERE id = 11");
    assert.equal(await db.applyQueue.apply(committed(ts(++wall), renumbered)), "applied");
    assert.deepEqual(rows("SELECT * FROM orders"), [[1, "bob"]]);
    assert.deepEqual(rows("SELECT * FROM order_items ORDER BY id"), [[10, 1, "pen"], [
      12,
      1,
      "ink",
    ]]);
    // A replicated ALTER TABLE that rebuilds the parent table keeps the items.
    const alter = "ALTER TABLE orders MODIFY customer VARCHAR(30)";
    const ddl = committed(ts(++wall), [], { ddl: [{ sql: alter, tables: ["orders"] }] });
    assert.equal(await db.applyQueue.apply(ddl), "applied");
    assert.deepEqual(rows("SELECT count(*) FROM order_items"), [[2]]);
    // A delete at the origin cascades there; the items' deletes travel with it.
    const cancelled = origin.write("DELETE FROM orders WHERE id = 1");
    assert.equal(cancelled.length, 3);
    assert.equal(await db.applyQueue.apply(committed(ts(++wall), cancelled)), "applied");
    assert.deepEqual(rows("SELECT count(*) FROM order_items"), [[0]]);
    // Foreign keys are still enforced for the node's own writers afterwards.
    assert.throws(
      () => db.writer.db.exec("INSERT INTO order_items VALUES (99, 42, 'x')"),
      /FOREIGN KEY/,
    );
  });
});

Deno.test("ApplyQueue applies a large transaction in slices: timers run meanwhile, later ones wait", async () => {
  await withQueue(async ({ origin, db, begins, rows }) => {
    const values = Array.from({ length: 10_000 }, (_, i) => `(${i}, ${i})`).join(", ");
    const large = committed(ts(++wall), origin.write(`INSERT INTO counters VALUES ${values}`));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let inFlightSeenApplied: boolean | null = null;
    const check = setTimeout(() => inFlightSeenApplied = db.applier.hasApplied(large.txnId), 1);
    try {
      const first = db.applyQueue.apply(large);
      const after = db.applyQueue.apply(setCounter(origin, 20_000, 1));
      assert.deepEqual(await Promise.all([first, after]), ["applied", "applied"]);
    } finally {
      clearInterval(timer);
      clearTimeout(check);
    }
    assert.ok(ticks >= 3, `timers ran ${ticks} times during the apply`);
    assert.equal(inFlightSeenApplied, false, "not reported applied before it commits");
    assert.equal(db.applier.hasApplied(large.txnId), true);
    assert.equal(begins(), 2, "the large one alone, then the next");
    assert.deepEqual(rows("SELECT count(*), sum(n) FROM counters"), [[10_001, 49_995_001]]);
  });
});

Deno.test("ApplyQueue: a file closed while a large transaction pauses fails that apply, nothing else", async () => {
  await withQueue(async ({ origin, db }) => {
    const values = Array.from({ length: 10_000 }, (_, i) => `(${i}, ${i})`).join(", ");
    const large = committed(ts(++wall), origin.write(`INSERT INTO counters VALUES ${values}`));
    const applying = db.applyQueue.apply(large);
    await new Promise((r) => setTimeout(r, 1));
    db.close(); // as DROP DATABASE does
    await assert.rejects(applying);
    assert.equal(db.lock.holder, null, "the write lock is free again");
  });
});
