/**
 * Integer literals beyond JavaScript's safe range stay exact: int64 values are bigint
 * parameters (a negated literal included), larger ones their decimal text; hex and bit
 * literals in arithmetic are their integer value.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import type { SqlValue } from "../../../src/types/values.ts";
import { bindParams, paramsOf, sqlOf, write } from "./sqlite_harness.ts";

const ctx = { database: "d" };

function realDb(setup = ""): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  if (setup !== "") db.exec(setup);
  return db;
}

/** Runs a SELECT with integers read as bigint (the session's setting). */
function query(db: DatabaseSync, st: Statement): SqlValue[][] {
  if (st.kind !== "select") throw new Error(`Expected a select, got ${st.kind}`);
  const stmt = db.prepare(st.stmt.sql);
  stmt.setReadBigInts(true);
  // Columns of one statement may share a name (`?`): read rows as arrays.
  (stmt as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
  return stmt.all(...bindParams(st.stmt.params)) as unknown as SqlValue[][];
}

Deno.test("int64 extremes are exact bigint parameters, a negated literal included", () => {
  const tr = new Translator();
  const st = tr.translate(
    "SELECT -9223372036854775808, 9223372036854775807, -5, 9007199254740993",
    ctx,
  );
  assert.equal(sqlOf(st), "SELECT ?, ?, ?, ?");
  assert.deepEqual(paramsOf(st), [
    -9223372036854775808n,
    9223372036854775807n,
    -5,
    9007199254740993n,
  ]);
  assert.deepEqual(query(realDb(), st), [[
    -9223372036854775808n,
    9223372036854775807n,
    -5n,
    9007199254740993n,
  ]]);
  // The same shape bound from the cache negates the new literal.
  const again = tr.translate("SELECT -1, 2, -0, 3", ctx);
  assert.deepEqual(paramsOf(again), [-1, 2, 0, 3]);
});

Deno.test("integers beyond int64 are bound as their decimal text, stored exactly where text fits", () => {
  const tr = new Translator();
  const db = realDb("CREATE TABLE t (id INTEGER PRIMARY KEY, i INT, x TEXT, u)");
  const st = tr.translate(
    "INSERT INTO t (id, i, x, u) VALUES (1, 18446744073709551615, 18446744073709551615, 18446744073709551615)",
    ctx,
  );
  assert.deepEqual(paramsOf(st).slice(1), [
    "18446744073709551615",
    "18446744073709551615",
    "18446744073709551615",
  ]);
  write(db, st);
  // An INTEGER column cannot hold it: SQLite stores the nearest REAL (MySQL would need
  // BIGINT UNSIGNED); a text or untyped column keeps every digit.
  const row = db.prepare("SELECT typeof(i), i, x, typeof(u), u FROM t").all()[0]!;
  assert.deepEqual(Object.values(row), [
    "real",
    18446744073709552000,
    "18446744073709551615",
    "text",
    "18446744073709551615",
  ]);
  const neg = tr.translate("SELECT -18446744073709551615, 18446744073709551616 > 1", ctx);
  assert.deepEqual(query(realDb(), neg), [["-18446744073709551615", 1n]]);
  // LIMIT's "to the end" idiom still means every row.
  const limit = tr.translate("SELECT id FROM t LIMIT 0, 18446744073709551615", ctx);
  assert.deepEqual(query(db, limit), [[1n]]);
});

Deno.test("hex and bit literals in arithmetic are exact integers", () => {
  const tr = new Translator();
  const st = tr.translate(
    "SELECT 0x7FFFFFFFFFFFFFFF + 0, b'111' + 1, 0x41 + 0, 0xFFFFFFFFFFFFFFFF + 0",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    "SELECT 9223372036854775807 + ?, 7 + ?, 65 + ?, '18446744073709551615' + ?",
  );
  const [max, bits, a, huge] = query(realDb(), st)[0]!;
  assert.deepEqual([max, bits, a], [9223372036854775807n, 8n, 65n]);
  // Beyond int64 SQLite can only give the nearest double (MySQL: 18446744073709551615).
  assert.equal(huge, 18446744073709552000);
  // Outside arithmetic a hex literal stays a binary string.
  assert.equal(sqlOf(tr.translate("SELECT 0x41", ctx)), "SELECT x'41'");
});
