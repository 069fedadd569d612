/**
 * Errors a MySQL user expects: internal tables (`__marmot*`, `sqlite_*`) do not exist for
 * DML (1146), incomplete or misspelt statements are syntax errors (1064) rather than
 * "not supported" (1235), and a table of an unknown database is left for the session.
 */
import assert from "node:assert/strict";
import { type TranslateContext, Translator } from "../../../src/sql/translator.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import { openDb, query } from "./sqlite_harness.ts";

const ctx: TranslateContext = { database: "shop" };
const tr = new Translator();

function error(sql: string, c = ctx): MysqlError {
  try {
    tr.translate(sql, c);
  } catch (e) {
    if (e instanceof MysqlError) return e;
    throw e;
  }
  assert.fail(`no error for ${sql}`);
}

Deno.test("internal tables are unreachable from SELECT, INSERT, UPDATE, DELETE and REPLACE", () => {
  const cases: Array<[string, string]> = [
    ["SELECT * FROM __marmot_meta", "shop.__marmot_meta"],
    ["SELECT * FROM `__MARMOT_versions` v", "shop.__MARMOT_versions"],
    ["SELECT * FROM sqlite_master", "shop.sqlite_master"],
    ["SELECT name FROM other.SQLITE_SCHEMA", "other.SQLITE_SCHEMA"],
    ["SELECT * FROM t WHERE id IN (SELECT id FROM __marmot_x)", "shop.__marmot_x"],
    ["SELECT shop.sqlite_sequence.seq FROM t", "shop.sqlite_sequence"],
    ["INSERT INTO __marmot_intents VALUES (1)", "shop.__marmot_intents"],
    ["INSERT INTO t SELECT * FROM sqlite_temp_master", "shop.sqlite_temp_master"],
    ["REPLACE INTO sqlite_sequence (name, seq) VALUES ('t', 0)", "shop.sqlite_sequence"],
    ["UPDATE __marmot_meta SET v = 1", "shop.__marmot_meta"],
    ["UPDATE t JOIN __marmot_y y ON y.id = t.id SET t.a = 1", "shop.__marmot_y"],
    ["DELETE FROM sqlite_stat1", "shop.sqlite_stat1"],
    ["DELETE t FROM t JOIN db2.__marmot_z z ON z.id = t.id", "db2.__marmot_z"],
  ];
  for (const [sql, name] of cases) {
    const e = error(sql);
    assert.equal(e.code, 1146, sql);
    assert.equal(e.sqlState, "42S02", sql);
    assert.equal(e.message, `Table '${name}' doesn't exist`, sql);
  }
  // With no database selected MySQL asks for one first.
  assert.equal(error("SELECT * FROM __marmot_meta", { ...ctx, database: null }).code, 1046);
});

Deno.test("names that only resemble internal tables still work", () => {
  const db = openDb("CREATE TABLE marmot_sqlite_ (a INT); INSERT INTO marmot_sqlite_ VALUES (1)");
  assert.deepEqual(query(db, tr.translate("SELECT a FROM marmot_sqlite_", ctx)), [[1]]);
  // A common table expression is the statement's own name, not a table.
  const cte = tr.translate("WITH sqlite_x AS (SELECT 2 AS a) SELECT a FROM sqlite_x", ctx);
  assert.deepEqual(query(db, cte), [[2]]);
  // Columns named like internal tables are columns.
  assert.deepEqual(
    query(db, tr.translate("SELECT a AS sqlite_x, a AS __marmot FROM marmot_sqlite_", ctx)),
    [[1, 1]],
  );
});

Deno.test("incomplete and unknown statements are syntax errors (1064), valid unsupported ones 1235", () => {
  for (
    const sql of [
      "DROP",
      "DROP TABLE",
      "DROP TABLE IF EXISTS",
      "DROP TEMPORARY",
      "DROP FOO x",
      "DROP INDEX i",
      "CREATE",
      "CREATE TABLE",
      "CREATE INDEX i",
      "CREATE WIDGET w",
      "ALTER",
      "ALTER TABLE",
      "ALTER NONSENSE",
      "RENAME",
      "RENAME TABLE",
      "TRUNCATE",
      "START",
      "START NOTHING",
      "SHOW",
      "DESCRIBE",
      "LOCK",
      "UNLOCK",
      "FLUSH",
      "KILL",
      "USE",
      "SET",
      "SAVEPOINT",
      "DO",
      "SELECT",
      "INSERT",
      "UPDATE",
      "DELETE",
      "DROP;",
    ]
  ) {
    const e = error(sql);
    assert.equal(e.code, 1064, sql);
    assert.equal(e.sqlState, "42000", sql);
  }
  assert.match(error("DROP").message, /near '' at line 1$/);
  assert.match(error("DROP FOO x").message, /near 'FOO x' at line 1$/);
  for (
    const sql of [
      "DROP PROCEDURE p",
      "DROP TRIGGER tr",
      "CREATE FUNCTION f() RETURNS INT RETURN 1",
      "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1",
      "ALTER EVENT e DISABLE",
      "START SLAVE",
    ]
  ) {
    assert.equal(error(sql).code, 1235, sql);
  }
  // One-word statements that are complete.
  for (const sql of ["BEGIN", "COMMIT", "ROLLBACK", "COMMIT;"]) tr.translate(sql, ctx);
});

Deno.test("a table of another database is left qualified for the session to resolve", () => {
  const st = tr.translate("SELECT * FROM nowhere.t", ctx);
  assert.ok(st.kind === "select");
  assert.equal(st.stmt.sql, `SELECT * FROM "nowhere"."t"`);
  assert.deepEqual(st.databases, ["nowhere"]);
  const w = tr.translate("INSERT INTO nowhere.t (a) VALUES (1)", ctx);
  assert.ok(w.kind === "write");
  // A write runs in the written table's database: the session resolves `database`.
  assert.equal(w.database, "nowhere");
  assert.equal(w.stmts[0]!.sql, `INSERT INTO "t" ("a") VALUES (?)`);
  // Its unqualified tables stay the session database's (attached there), CTEs stay names.
  const copy = tr.translate(
    "INSERT INTO archive.t SELECT * FROM t WHERE id IN (SELECT id FROM u)",
    ctx,
  );
  assert.ok(copy.kind === "write");
  assert.equal(copy.database, "archive");
  assert.equal(
    copy.stmts[0]!.sql,
    `INSERT INTO "t" SELECT * FROM "shop"."t" WHERE "id" IN (SELECT "id" FROM "shop"."u")`,
  );
  assert.deepEqual(copy.databases, ["shop"]);
  const cte = tr.translate("INSERT INTO archive.t WITH c AS (SELECT 1) SELECT * FROM c", ctx);
  assert.ok(cte.kind === "write");
  assert.equal(cte.stmts[0]!.sql, `INSERT INTO "t" WITH "c" AS (SELECT ?) SELECT * FROM "c"`);
});

Deno.test("a write to another database reads the session database's tables (attached)", () => {
  const db = openDb(`CREATE TABLE t (id INT, v TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');
    ATTACH ':memory:' AS shop; CREATE TABLE shop.t (id INT, v TEXT); INSERT INTO shop.t VALUES (2, 'new')`);
  // The session runs the write in `archive` (here the main schema) with `shop` attached.
  const st = tr.translate("UPDATE archive.t JOIN t AS s ON s.id = t.id SET t.v = s.v", ctx);
  assert.ok(st.kind === "write");
  for (const s of st.stmts) db.prepare(s.sql).run();
  assert.deepEqual(
    query(db, tr.translate("SELECT id, v FROM t ORDER BY id", { ...ctx, database: null })),
    [
      [1, "x"],
      [2, "new"],
    ],
  );
});
