/**
 * `columnTypes`: MySQL's result type of select items the expression decides. Expected types
 * and scales are what MariaDB 10.11 reports for the same expressions (column type and
 * decimals in the result metadata), with MySQL 8's JSON type for JSON functions.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import type { ExpressionType, Statement, TranslateContext } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { query } from "./sqlite_harness.ts";

const ctx = { database: "shop" };

function realDb(setup = ""): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  if (setup !== "") db.exec(setup);
  return db;
}

function types(st: Statement): Array<ExpressionType | undefined> | undefined {
  assert.ok(st.kind === "select");
  return st.columnTypes;
}

const I: ExpressionType = { kind: "integer" };
/** BIGINT UNSIGNED. */
const U: ExpressionType = { kind: "integer", unsigned: true };
/** `+`, `-` or `*` of integers, checked for overflow. */
const A: ExpressionType = { kind: "integer", arithmetic: true };
const D = (scale: number): ExpressionType => ({ kind: "decimal", scale });
/** A scale that counts an operand of unknown type as an integer. */
const G = (scale: number): ExpressionType => ({ kind: "decimal", scale, guessedScale: true });
const F: ExpressionType = { kind: "double" };
const S: ExpressionType = { kind: "string" };
/** A binary string (charset binary). */
const B: ExpressionType = { kind: "string", binary: true };

const CASES: Array<[string, ExpressionType | undefined]> = [
  ["1", I],
  ["-5", I],
  ["1.25", D(2)],
  ["-1.5", D(1)],
  ["1e0", F],
  ["'x'", S],
  ["NULL", undefined],
  ["18446744073709551615", U],
  ["-18446744073709551615", D(0)],
  ["-9223372036854775808", I],
  ["-9223372036854775808 - 1", A],
  ["1 + 2", A],
  ["2 * -3", A],
  ["18446744073709551615 - 1", { ...A, unsigned: true }],
  ["1 << 2", U],
  ["~0", U],
  ["5 & 3", U],
  ["18446744073709551616", D(0)],
  ["2.0*3", D(1)],
  ["1.5*1.25", D(3)],
  ["1.5+1.25", D(2)],
  ["1-2.5", D(1)],
  ["5/2", D(4)],
  ["1.0/3", D(5)],
  ["1/3.00", D(4)],
  ["10/4/2", D(8)],
  ["5 DIV 2", I],
  ["7 % 2", I],
  ["MOD(7, 2)", I],
  ["7 % 2.5", D(1)],
  ["1 + '1'", F],
  ["1 = 1", I],
  ["COUNT(*)", I],
  ["SUM(5)", D(0)],
  ["SUM(1.25)", D(2)],
  ["SUM(1.5e0)", F],
  ["AVG(5)", D(4)],
  ["AVG(2.5)", D(5)],
  ["AVG(1.25)", D(6)],
  ["ROUND(1.255, 2)", D(2)],
  ["ROUND(1.5, 3)", D(3)],
  ["ROUND(1.55)", D(0)],
  ["ROUND(15, -1)", I],
  ["ROUND(5, 2)", I],
  ["ROUND(2.5e0, 1)", F],
  ["TRUNCATE(1.555, 1)", D(1)],
  ["FLOOR(1.5)", I],
  ["FLOOR(2.5e0)", F],
  ["ABS(-2.25)", D(2)],
  ["GREATEST(1, 2.5)", D(1)],
  ["IF(1, 1.5, 2)", D(1)],
  ["IF(1, 'a', 2)", S],
  ["IF(1, 1, 2.5e0)", F],
  ["COALESCE(NULL, 1.25)", D(2)],
  ["IFNULL(NULL, 'x')", S],
  ["CASE WHEN 1 THEN 1 ELSE 1.25 END", D(2)],
  ["CAST(1 AS SIGNED)", I],
  ["CAST(1 AS UNSIGNED)", U],
  ["CAST(1 AS UNSIGNED) - 1", { ...A, unsigned: true }],
  ["CAST(1 AS DECIMAL(10,3))", D(3)],
  ["CAST(1 AS CHAR)", S],
  ["CAST('x' AS BINARY)", B],
  ["BINARY 'x'", B],
  ["UNHEX('41')", B],
  ["CHAR(65)", B],
  ["CONVERT('x' USING binary)", B],
  ["CONVERT('x' USING utf8mb4)", S],
  ["CAST('2024-01-01' AS DATE)", { kind: "date" }],
  ["CAST('2024-01-01' AS DATETIME)", { kind: "datetime" }],
  ["CAST('10:00' AS TIME)", { kind: "time" }],
  ["CONCAT(1, 2)", S],
  ["UPPER('x')", S],
  ["DATE_FORMAT('2024-01-01', '%Y')", S],
  ["LENGTH('x')", I],
  ["NOW()", { kind: "datetime" }],
  ["SYSDATE()", { kind: "datetime" }],
  ["FROM_UNIXTIME(1)", { kind: "datetime" }],
  ["CURDATE()", { kind: "date" }],
  ["DATE('2024-01-01 10:00')", { kind: "date" }],
  ["CURTIME()", { kind: "time" }],
  ["JSON_OBJECT('a', 1)", { kind: "json" }],
  [`JSON_EXTRACT('{"a": 1}', '$.a')`, { kind: "json" }],
  [`'{"a": 1}' ->> '$.a'`, S],
];

Deno.test("literal, arithmetic, aggregate, CAST and function result types follow MySQL", () => {
  const tr = new Translator();
  const db = realDb();
  for (const [expr, expected] of CASES) {
    const st = tr.translate(`SELECT ${expr}`, ctx);
    assert.deepEqual(types(st)?.[0], expected, expr);
    query(db, st); // the translation runs with the real functions
  }
  // One statement with all of them: one type per column, in order.
  const all = tr.translate(`SELECT ${CASES.map(([e]) => e).join(", ")}`, ctx);
  assert.deepEqual(types(all), CASES.map(([, t]) => t));
});

Deno.test("values computed by SQLite agree with the types' scales", () => {
  const tr = new Translator();
  // (1.0/3 is not here: mysql_division rounds to 4 decimals whatever the dividend's scale,
  // MySQL gives 0.33333.)
  const row = query(realDb(), tr.translate("SELECT 5/2, 7/3, 2.0*3, ROUND(1.255, 2)", ctx))[0]!;
  assert.deepEqual(row.map(Number), [2.5, 2.3333, 6, 1.26]);
});

Deno.test("without a schema, SUM, AVG and / of a column are DECIMAL of a guessed scale", () => {
  const tr = new Translator();
  const db = realDb(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT, c TEXT); INSERT INTO t VALUES (1, 2, 'x')",
  );
  const point = tr.translate("SELECT c FROM t WHERE id = 1", ctx);
  assert.equal(types(point), undefined);
  const star = tr.translate("SELECT *, 1 FROM t", ctx);
  assert.equal(types(star), undefined);
  const mixed = tr.translate(
    "SELECT c, k + 1, COUNT(*), SUM(k), AVG(k), MAX(k), k / 2 FROM t",
    ctx,
  );
  assert.deepEqual(types(mixed), [undefined, undefined, I, G(0), G(4), undefined, G(4)]);
  assert.deepEqual(query(db, mixed), [["x", 3, 1, 2, 2, 2, 1]]);
});

Deno.test("result types survive the cache: each binding's literals decide the scale", () => {
  const tr = new Translator();
  assert.deepEqual(types(tr.translate("SELECT 1.5", ctx)), [D(1)]);
  assert.deepEqual(types(tr.translate("SELECT 1.25", ctx)), [D(2)]);
  assert.deepEqual(types(tr.translate("SELECT 7", ctx)), [I]);
  assert.deepEqual(types(tr.translate("SELECT 7e1", ctx)), [F]);
  assert.deepEqual(types(tr.translate("SELECT 5/2, ROUND(1.255, 2)", ctx)), [D(4), D(2)]);
  assert.deepEqual(types(tr.translate("SELECT 5.00/2, ROUND(1.255, 1)", ctx)), [D(6), D(1)]);
  // One template per shape; a number with an exponent (a DOUBLE) is a shape of its own.
  assert.equal(tr.cacheSize, 3);
  // Types that no literal decides are the same for every binding.
  assert.deepEqual(types(tr.translate("SELECT COUNT(*) FROM t WHERE a = 1", ctx)), [I]);
  assert.deepEqual(types(tr.translate("SELECT COUNT(*) FROM t WHERE a = 2.5", ctx)), [I]);
});

Deno.test("UNION members merge their types; placeholders are unknown", () => {
  const tr = new Translator();
  assert.deepEqual(types(tr.translate("SELECT 1 UNION SELECT 2.5", ctx)), [D(1)]);
  assert.deepEqual(types(tr.translate("SELECT 1, 'a' UNION ALL SELECT NULL, 'b'", ctx)), [I, S]);
  const prepared = tr.translatePrepared("SELECT ?, ? / 2, COUNT(?)", ctx).statement;
  assert.deepEqual(types(prepared), [undefined, G(4), I]);
  // SQL_CALC_FOUND_ROWS' hidden column is not typed: one type per visible column.
  const found = tr.translate("SELECT SQL_CALC_FOUND_ROWS 1.5 FROM t LIMIT 1", ctx);
  assert.deepEqual(types(found), [D(1)]);
});

/** Schema facts of `db` for the translator: column names and declared types. */
function schemaOf(db: DatabaseSync): NonNullable<TranslateContext["schema"]> {
  const info = (table: string) =>
    db.prepare("SELECT name, type FROM pragma_table_info(?)").all(table) as Array<
      { name: string; type: string }
    >;
  return {
    version: 1,
    autoIncrementColumn: () => null,
    columns: (table) => {
      const names = info(table).map((c) => c.name);
      return names.length === 0 ? null : names;
    },
    declaredType: (table, column) =>
      info(table).find((c) => c.name.toLowerCase() === column.toLowerCase())?.type ?? null,
  };
}

Deno.test("expressions of table columns take the columns' declared types, as MySQL's do", () => {
  const db = realDb(
    "CREATE TABLE p (id INT, price DECIMAL(10,2), qty INT, ratio DOUBLE, name VARCHAR(20), " +
      "at DATETIME TEXT, num NUMERIC); " +
      "INSERT INTO p VALUES (1, 0.1, 2, 0.5, 'a', '2024-01-02 03:04:05', 1.5), " +
      "(2, 19.99, 3, 1.5, 'b', '2024-01-03 00:00:00', 2)",
  );
  const shop = { database: "shop", schema: schemaOf(db) };
  const tr = new Translator();
  const st = tr.translate(
    "SELECT price * 3, SUM(price), AVG(price), MIN(price), IFNULL(price, 0), price + qty, " +
      "qty * 2, SUM(qty), ratio * 2, CONCAT(name, 'x'), MAX(at), price / 3, qty / 2, " +
      "SUM(num), price FROM p GROUP BY id",
    shop,
  );
  assert.deepEqual(types(st), [
    D(2),
    D(2),
    D(6),
    D(2),
    D(2),
    D(2),
    A,
    D(0),
    F,
    S,
    { kind: "datetime" },
    D(6),
    D(4),
    G(0),
    undefined, // a plain column: the catalog describes it
  ]);
  // Division rounds to the dividend's scale + 4 whatever decimals the stored value shows
  // (0.1 alone would give 5).
  const rows = query(db, tr.translate("SELECT price / 3, (price * qty) / 3 FROM p", shop));
  assert.deepEqual(rows.map((r) => r.map(Number)), [[0.033333, 0.066667], [6.663333, 19.99]]);
  // A string operand makes it DOUBLE, unrounded.
  const double = query(db, tr.translate("SELECT price / '3' FROM p WHERE id = 1", shop));
  assert.deepEqual(double, [[0.1 / 3]]);
  // Aliases, joins and qualified names resolve; an ambiguous bare name stays unknown.
  const joined = tr.translate(
    "SELECT a.price * 2, b.qty + 1, price - 1, id + 1 FROM p AS a JOIN p AS b ON a.id = b.id",
    shop,
  );
  assert.deepEqual(types(joined), [D(2), A, undefined, undefined]);
});

Deno.test("a derived table's columns have the types of its select list, for each binding", () => {
  const db = realDb(
    "CREATE TABLE p (id INT, price DECIMAL(10,2)); INSERT INTO p VALUES (1, 0.1), (2, 0.5)",
  );
  const shop = { database: "shop", schema: schemaOf(db) };
  const tr = new Translator();
  const counted = tr.translate(
    "SELECT AVG(cnt), SUM(cnt) FROM (SELECT COUNT(*) cnt FROM p GROUP BY id) s",
    shop,
  );
  assert.deepEqual(types(counted), [D(4), D(0)]);
  const divided = tr.translate("SELECT t.a / 3, a FROM (SELECT price AS a FROM p) t", shop);
  assert.deepEqual(types(divided), [D(6), D(2)]);
  assert.deepEqual(query(db, divided).map((r) => r.map(Number)), [[0.033333, 0.1], [
    0.166667,
    0.5,
  ]]);
  // One template, the literal of each binding deciding the scale.
  assert.deepEqual(types(tr.translate("SELECT x * 2 FROM (SELECT 1.5 AS x) t", shop)), [D(1)]);
  assert.deepEqual(types(tr.translate("SELECT x * 2 FROM (SELECT 1.25 AS x) t", shop)), [D(2)]);
  assert.deepEqual(
    types(tr.translate("SELECT AVG(x) FROM (SELECT 1 x UNION ALL SELECT 2) t", shop)),
    [D(4)],
  );
});

Deno.test("DECIMAL arithmetic compares exactly; DOUBLE arithmetic as doubles", () => {
  const tr = new Translator();
  const db = realDb("CREATE TABLE p (id INT, price DECIMAL(10,2)); INSERT INTO p VALUES (1, 0.1)");
  const shop = { database: "shop", schema: schemaOf(db) };
  const row = (sql: string) => query(db, tr.translate(sql, shop))[0]!.map(Number);
  assert.deepEqual(row("SELECT 0.1 + 0.2 = 0.3, 0.1 + 0.2 > 0.3, 0.3 - 0.1 = 0.2"), [1, 0, 1]);
  assert.deepEqual(row("SELECT 0.1e0 + 0.2e0 = 0.3e0"), [0]); // MySQL's DOUBLE: not equal
  assert.deepEqual(row("SELECT COUNT(*) FROM p WHERE price * 3 = 0.3"), [1]);
  assert.deepEqual(row("SELECT 9007199254740993 + 0 = 9007199254740993"), [1]);
});
