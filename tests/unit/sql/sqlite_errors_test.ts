import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { toMysqlError } from "../../../src/sql/sqlite_errors.ts";

const ctx = { database: "shop" };

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail("expected SQLite to throw");
}

Deno.test("sqlite errors: a lock held by another connection is 1205, from exec() and from a statement", () => {
  const dir = Deno.makeTempDirSync();
  const path = join(dir, "t.db");
  const a = new DatabaseSync(path);
  const b = new DatabaseSync(path);
  try {
    a.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY)");
    a.exec("BEGIN IMMEDIATE");
    // exec() throws without a result code: only the message tells.
    const fromExec = toMysqlError(errorOf(() => b.exec("BEGIN IMMEDIATE")), ctx);
    assert.equal(fromExec.code, 1205, fromExec.message);
    const fromStatement = toMysqlError(
      errorOf(() => b.prepare("INSERT INTO t VALUES (1)").run()),
      ctx,
    );
    assert.equal(fromStatement.code, 1205, fromStatement.message);
  } finally {
    a.close();
    b.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("sqlite errors: a full disk is 1114 whether the error has a result code or only its message", () => {
  assert.equal(toMysqlError({ errcode: 13, message: "database or disk is full" }, ctx).code, 1114);
  const fromExec = Object.assign(new Error("database or disk is full"), {
    code: "ERR_SQLITE_ERROR",
  });
  const mapped = toMysqlError(fromExec, ctx);
  assert.equal(mapped.code, 1114);
  assert.equal(mapped.sqlState, "HY000");
});

Deno.test("sqlite errors: a duplicate key is 1062, an unknown table 1146 in the current database", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)");
  assert.equal(toMysqlError(errorOf(() => db.exec("INSERT INTO t VALUES (1)")), ctx).code, 1062);
  const missing = toMysqlError(errorOf(() => db.prepare("SELECT * FROM nope")), ctx);
  assert.equal(missing.code, 1146);
  assert.equal(missing.message, "Table 'shop.nope' doesn't exist");
  db.close();
});
