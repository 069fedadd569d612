/**
 * runDdl against a replicator that reports a conflict the first time, as a peer does while it
 * still holds the table for a DDL committed just before (DROP TABLE then CREATE TABLE from one
 * client on a busy cluster). The replicator is a test double: a real conflict needs a peer
 * caught between PREPARE and COMMIT.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runDdl } from "../../../src/session/schema_statements.ts";
import type { Replicator } from "../../../src/session/replicator.ts";
import { testReplicator } from "./test_replicator.ts";
import { Database } from "../../../src/storage/database.ts";
import { ER, MysqlError } from "../../../src/types/errors.ts";

function replicatorFailing(times: number, code: number, sent: string[][]): Replicator {
  let failures = 0;
  return testReplicator({
    retryAfterConflict: (err, attempt) =>
      Promise.resolve(err instanceof MysqlError && err.code === ER.LOCK_DEADLOCK && attempt < 16),
    prepare: (_db, changes) => ({
      inPlace: false,
      recordInPlace: () => {},
      finish: () => {},
      replicate: () => {
        sent.push(changes.ddl.map((d) => d.sql));
        if (failures++ < times) {
          return Promise.reject(new MysqlError(code, "Deadlock found when trying to get lock"));
        }
        return Promise.resolve();
      },
    }),
  });
}

function withDatabase(fn: (db: Database) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = Deno.makeTempDirSync({ prefix: "marmot-ddl-" });
    const db = new Database("shop", join(dir, "shop.db"), {
      connection: {},
      lock: { timeoutMs: 1000, maxWaiters: 10 },
    });
    try {
      await fn(db);
    } finally {
      await db.close();
      Deno.removeSync(dir, { recursive: true });
    }
  };
}

const CREATE = { sql: "CREATE TABLE t (id INT PRIMARY KEY)", tables: ["t"] };

Deno.test(
  "a DDL statement that met a conflicting DDL on a peer runs again instead of failing with 1213",
  withDatabase(async (db) => {
    const sent: string[][] = [];
    const replicator = replicatorFailing(2, ER.LOCK_DEADLOCK, sent);
    const outcome = await runDdl(CREATE, db, { owner: {}, replicator, consistency: null });
    assert.equal(outcome.ok.affectedRows, 0);
    assert.equal(sent.length, 3, "tried once and retried twice");
    assert.ok(sent.every((ddl) => ddl.length === 1 && /CREATE TABLE/i.test(ddl[0]!)));
    assert.equal(db.lock.acquire({}), undefined, "the write lock was given back");
  }),
);

Deno.test(
  "a DDL statement's other failures are not retried",
  withDatabase(async (db) => {
    const sent: string[][] = [];
    const replicator = replicatorFailing(1, ER.UNKNOWN_ERROR, sent);
    await assert.rejects(
      runDdl(CREATE, db, { owner: {}, replicator, consistency: null }),
      (e: unknown) => e instanceof MysqlError && e.code === ER.UNKNOWN_ERROR,
    );
    assert.equal(sent.length, 1);
  }),
);
