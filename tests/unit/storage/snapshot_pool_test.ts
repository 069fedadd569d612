import assert from "node:assert/strict";
import { join } from "node:path";
import { Database } from "../../../src/storage/database.ts";
import type { Connection } from "../../../src/storage/connection.ts";

const options = {
  connection: {},
  lock: { timeoutMs: 1000, maxWaiters: 10 },
  idleSnapshots: 2,
  maxIdleSnapshots: 6,
};

async function takeMany(db: Database, n: number): Promise<Connection[]> {
  const out: Connection[] = [];
  for (let i = 0; i < n; i++) out.push(await db.takeSnapshot());
  return out;
}

Deno.test("snapshot connections are reused, not closed and opened again, up to a bound", async () => {
  const dir = Deno.makeTempDirSync();
  const db = new Database("s", join(dir, "s.db"), options);
  db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)");
  // More concurrent read transactions than idleSnapshots: before, every release past it
  // closed a connection and the next take opened one, and Deno's node:sqlite never frees the
  // SQL functions a closed connection registered (the heap grew with every one).
  const first = await takeMany(db, 5);
  for (const c of first) db.releaseSnapshot(c);
  for (let round = 0; round < 3; round++) {
    const again = await takeMany(db, 5);
    assert.deepEqual(new Set(again), new Set(first), "a snapshot connection was opened anew");
    for (const c of again) {
      assert.equal((c.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 1);
      db.releaseSnapshot(c);
    }
  }
  // Past maxIdleSnapshots, released connections are closed.
  const many = await takeMany(db, 9);
  for (const c of many) db.releaseSnapshot(c);
  assert.equal(many.filter((c) => c.db.isOpen).length, 6);
  await db.close();
  Deno.removeSync(dir, { recursive: true });
});
