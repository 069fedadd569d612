/**
 * commitWrite's contract with the next writer: once a transaction has given the write lock
 * back (its rows go to the other nodes), nothing it does may touch the change capture the
 * next lock holder is using. The replicator here is a test double that lets another writer
 * start while the commit is on the wire and then fails the commit, as a remote conflict does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { commitWrite } from "../../../src/session/commit_write.ts";
import { testReplicator } from "./test_replicator.ts";
import { Database } from "../../../src/storage/database.ts";
import { MysqlError } from "../../../src/types/errors.ts";

Deno.test("a commit failing after the lock went back leaves the next writer's capture alone", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-commit-" });
  const db = new Database("shop", join(dir, "shop.db"), {
    connection: {},
    lock: { timeoutMs: 1000, maxWaiters: 10 },
  });
  try {
    db.writer.db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    db.schemaChanged();
    const first = {};
    const next = {};
    const replicator = testReplicator({
      prepare: () => ({
        inPlace: false,
        recordInPlace: () => {},
        finish: () => {},
        replicate: async () => {
          // The lock is free again: the next writer starts its transaction.
          assert.equal(db.lock.acquire(next), undefined);
          db.beginWrite();
          db.writer.db.exec("INSERT INTO t VALUES (2, 'next')");
          await Promise.resolve();
          throw new MysqlError(1213, "Deadlock found when trying to get lock");
        },
      }),
    });
    assert.equal(db.lock.acquire(first), undefined);
    db.beginWrite();
    db.writer.db.exec("INSERT INTO t VALUES (1, 'first')");
    await assert.rejects(
      commitWrite(db, [], {
        replicator,
        consistency: null,
        releaseLock: () => db.lock.release(first),
      }),
      (e: unknown) => e instanceof MysqlError && e.code === 1213,
    );
    assert.equal(db.capture.active, true, "the next writer's capture is still on");
    const rows = db.capture.take(() => 99n);
    assert.deepEqual(rows.map((r) => r.after), [[2n, "next"]]);
    assert.equal(db.writer.inTransaction, true, "the next writer's transaction is still open");
    db.writer.db.exec("ROLLBACK");
    db.lock.release(next);
  } finally {
    db.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
