/**
 * Operators and functions. Statements that call the agreed helpers (mysql_division,
 * mysql_date_add, ...) run against the minimal stand-ins in sqlite_harness.ts.
 */
import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import { openDb, query, sqlOf } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const tr = new Translator();
const db = openDb(`
  CREATE TABLE t (id INTEGER PRIMARY KEY, g TEXT, v INT, name TEXT COLLATE NOCASE, d TEXT, body TEXT);
  INSERT INTO t VALUES (1,'a',10,'Alpha','2024-01-31','the quick fox'),(2,'a',20,'beta','2024-02-29','lazy dog'),
    (3,'b',30,'Gamma','2023-12-31','quick brown'),(4,'c',NULL,'delta_x','2024-03-31', NULL);`);

/** Translates, checks the SQLite text when given, runs, and returns the first row. */
function row(sql: string, expectedSql?: string): unknown[] {
  const st = tr.translate(sql, ctx);
  if (expectedSql !== undefined) assert.equal(sqlOf(st), expectedSql, sql);
  return query(db, st)[0]!;
}

Deno.test("|| and && are OR and AND; ! and NOT; XOR; <=>", () => {
  assert.deepEqual(
    row(
      "SELECT 1 || 0, 0 || 0, 1 && 0, !1, !0, NOT 1 = 2, 1 XOR 1, 1 XOR 0, NULL XOR 1, NULL <=> NULL, 1 <=> NULL",
    ),
    [1, 0, 0, 0, 1, 1, 0, 1, null, 1, 0],
  );
  assert.equal(
    sqlOf(tr.translate("SELECT !a = b, a XOR b, a <=> b FROM t", ctx)),
    `SELECT (NOT "a") = "b", mysql_xor("a", "b"), "a" IS "b" FROM "t"`,
  );
});

Deno.test("/ DIV MOD % and ^ keep MySQL's meaning", () => {
  assert.deepEqual(
    row(
      "SELECT 5/2, 1/0, 7 DIV 2, -7 DIV 2, 7 MOD 3, -7 % 3, MOD(7.5, 2), 5 ^ 3",
      "SELECT mysql_division(?, ?), mysql_division(?, ?), mysql_div(?, ?), mysql_div(?, ?), mysql_mod(?, ?), " +
        "mysql_mod(?, ?), mysql_mod(?, ?), mysql_bitxor(?, ?)",
    ),
    [2.5, null, 3, -3, 1, -1, 1.5, 6],
  );
});

Deno.test("operator precedence survives SQLite's different table", () => {
  // MySQL: & binds tighter than |; SQLite gives them the same precedence.
  assert.deepEqual(
    row(
      "SELECT 1 | 2 & 3, 2 + 3 * 4, 1 - - 1, 1--1",
      "SELECT ? | (? & ?), ? + (? * ?), ? - ?, ? - ?",
    ),
    [
      3,
      14,
      2,
      2,
    ],
  );
  assert.deepEqual(row("SELECT 1 = 1 = 1, 3 BETWEEN 1 AND 5 AND 1, 1 IN (1, 2) = 1"), [1, 1, 1]);
});

Deno.test("a string literal compared with a numeric expression compares as a number", () => {
  assert.deepEqual(
    row(
      "SELECT CAST('25' AS SIGNED) > '3', 10 = '10.0', LENGTH(g) BETWEEN '0' AND '5', v + 0 IN ('10', '99'), 'b' > 'a' FROM t WHERE id = 1",
      `SELECT mysql_cast(?, 'SIGNED') > mysql_cast(?, 'DOUBLE'), ? = mysql_cast(?, 'DOUBLE'), ` +
        `length("g") BETWEEN mysql_cast(?, 'DOUBLE') AND mysql_cast(?, 'DOUBLE'), ` +
        `("v" + ?) IN (mysql_cast(?, 'DOUBLE'), mysql_cast(?, 'DOUBLE')), ? COLLATE NOCASE > ? ` +
        `FROM "t" WHERE "id" = ?`,
    ),
    [1, 1, 1, 1, 1],
  );
  // Two strings without a column compare under MySQL's case-insensitive collation; a
  // column keeps its own (and its index lookups).
  assert.deepEqual(
    row(
      "SELECT 'abc' = 'ABC', 'a' IN ('B', 'A'), 'b' BETWEEN 'A' AND 'C', CONCAT(g, 'X') = 'AX', " +
        "BINARY 'a' = 'A' FROM t WHERE id = 1",
    ),
    [1, 1, 1, 1, 0],
  );
  assert.equal(
    sqlOf(tr.translate("SELECT id FROM t WHERE g = 'a' AND 'b' IN (g, 'x')", ctx)),
    `SELECT "id" FROM "t" WHERE ("g" = ?) AND (? IN ("g", ?))`,
  );
  // A column compares through its own affinity: nothing to add.
  assert.equal(
    sqlOf(tr.translate("SELECT id FROM t WHERE v > '15'", ctx)),
    `SELECT "id" FROM "t" WHERE "v" > ?`,
  );
});

Deno.test("LIKE gets MySQL's default escape character", () => {
  const st = tr.translate(
    String.raw`SELECT id FROM t WHERE name LIKE 'delta\_%' AND g NOT LIKE 'x|%' ESCAPE '|'`,
    ctx,
  );
  assert.equal(
    sqlOf(st),
    String.raw`SELECT "id" FROM "t" WHERE ("name" LIKE ? ESCAPE '\') AND ("g" NOT LIKE ? ESCAPE ?)`,
  );
  assert.deepEqual(query(db, st), [[4]]);
  assert.deepEqual(row(String.raw`SELECT 'a_b' LIKE 'a\_b', 'axb' LIKE 'a\_b', 'A%' LIKE 'a\%'`), [
    1,
    0,
    1,
  ]);
});

Deno.test("REGEXP, RLIKE and NOT REGEXP call regexp(pattern, value)", () => {
  const st = tr.translate(
    "SELECT id FROM t WHERE name REGEXP '^[ab]' AND g RLIKE 'a' AND d NOT REGEXP '^2023'",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT "id" FROM "t" WHERE ("name" REGEXP ?) AND ("g" RLIKE_PLACEHOLDER)`.replace(
      `("g" RLIKE_PLACEHOLDER)`,
      `("g" REGEXP ?) AND ("d" NOT REGEXP ?)`,
    ),
  );
  assert.deepEqual(query(db, st), [[1], [2]]);
});

Deno.test("BINARY and COLLATE decide case sensitivity", () => {
  assert.deepEqual(
    row(
      "SELECT name = 'alpha', BINARY name = 'alpha', name COLLATE utf8mb4_bin = 'alpha', 'A' = 'a' COLLATE utf8mb4_general_ci FROM t WHERE id = 1",
      `SELECT "name" = ?, "name" COLLATE BINARY = ?, "name" COLLATE BINARY = ?, ? = ? COLLATE NOCASE FROM "t" WHERE "id" = ?`,
    ),
    [1, 0, 0, 1],
  );
  assert.deepEqual(row("SELECT CAST(name AS BINARY) = 'Alpha' FROM t WHERE id = 1"), [1]);
});

Deno.test("CAST and CONVERT call mysql_cast with a normalized type", () => {
  const st = tr.translate(
    "SELECT CAST(v AS SIGNED), CAST(v AS UNSIGNED INTEGER), CAST(v AS CHAR(1)), CONVERT(v, CHAR), CAST(v AS DECIMAL(10,2)), " +
      "CAST(d AS DATE), CAST(d AS DATETIME(3)), CAST(v AS DOUBLE), CAST(v AS FLOAT), CAST(v AS JSON), CAST(v AS DECIMAL), " +
      "CONVERT(name USING utf8mb4) FROM t WHERE id = 2",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT mysql_cast("v", 'SIGNED'), mysql_cast("v", 'UNSIGNED'), mysql_cast("v", 'CHAR(1)'), mysql_cast("v", 'CHAR'), ` +
      `mysql_cast("v", 'DECIMAL(10,2)'), mysql_cast("d", 'DATE'), mysql_cast("d", 'DATETIME(3)'), mysql_cast("v", 'DOUBLE'), ` +
      `mysql_cast("v", 'FLOAT'), mysql_cast("v", 'JSON'), mysql_cast("v", 'DECIMAL(10,0)'), ` +
      `mysql_convert_charset("name", 'utf8mb4') FROM "t" WHERE "id" = ?`,
  );
  assert.deepEqual(query(db, st)[0]!.slice(0, 4), [20, 20, "2", "20"]);
  // The cast's numbers are part of the type, so another length is another translation.
  assert.match(sqlOf(tr.translate("SELECT CAST(v AS CHAR(5)) FROM t", ctx)), /'CHAR\(5\)'/);
});

Deno.test("INTERVAL arithmetic calls mysql_date_add / mysql_date_sub", () => {
  const st = tr.translate(
    "SELECT DATE_ADD(d, INTERVAL 1 MONTH), DATE_SUB(d, INTERVAL 1 DAY), d + INTERVAL 1 YEAR, INTERVAL 2 DAY + d, " +
      "d - INTERVAL 1 MONTH, ADDDATE(d, 3), SUBDATE(d, INTERVAL 1 DAY), TIMESTAMPADD(MONTH, 1, d) FROM t WHERE id = 1",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT mysql_date_add("d", ?, 'MONTH'), mysql_date_sub("d", ?, 'DAY'), mysql_date_add("d", ?, 'YEAR'), ` +
      `mysql_date_add("d", ?, 'DAY'), mysql_date_sub("d", ?, 'MONTH'), mysql_date_add("d", ?, 'DAY'), ` +
      `mysql_date_sub("d", ?, 'DAY'), mysql_timestampadd('MONTH', ?, "d") FROM "t" WHERE "id" = ?`,
  );
  assert.deepEqual(query(db, st)[0], [
    "2024-02-29",
    "2024-01-30",
    "2025-01-31",
    "2024-02-02",
    "2023-12-31",
    "2024-02-03",
    "2024-01-30",
    "2024-02-29",
  ]);
  assert.match(
    sqlOf(tr.translate("SELECT NOW() - INTERVAL '1:30' HOUR_MINUTE", ctx)),
    /mysql_date_sub\(now\(\), \?, 'HOUR_MINUTE'\)/,
  );
});

Deno.test("EXTRACT and TIMESTAMPDIFF call their helpers; SQL_TSI_ units are accepted", () => {
  assert.deepEqual(
    row(
      "SELECT EXTRACT(YEAR FROM d), EXTRACT(MONTH FROM d), TIMESTAMPDIFF(DAY, '2024-01-01', d), TIMESTAMPDIFF(SQL_TSI_DAY, d, d) FROM t WHERE id = 2",
      `SELECT mysql_extract('YEAR', "d"), mysql_extract('MONTH', "d"), mysql_timestampdiff('DAY', ?, "d"), ` +
        `mysql_timestampdiff('DAY', "d", "d") FROM "t" WHERE "id" = ?`,
    ),
    [2024, 2, 59, 0],
  );
});

Deno.test("temporal keywords become the functions helper's now()/curdate()/curtime()", () => {
  assert.equal(
    sqlOf(
      tr.translate(
        "SELECT CURRENT_TIMESTAMP, CURRENT_TIMESTAMP(), NOW(6), LOCALTIME, LOCALTIMESTAMP(), CURRENT_DATE, CURDATE(), CURRENT_TIME(3), UTC_TIMESTAMP",
        ctx,
      ),
    ),
    "SELECT now(), now(), now(?), now(), now(), curdate(), curdate(), curtime(?), utc_timestamp()",
  );
  assert.deepEqual(row("SELECT CURRENT_TIMESTAMP, CURRENT_DATE"), [
    "2024-01-31 12:00:00",
    "2024-01-31",
  ]);
});

Deno.test("GROUP_CONCAT: separator, ORDER BY, DISTINCT with separator, several expressions", () => {
  const st = tr.translate(
    "SELECT g, GROUP_CONCAT(v ORDER BY v DESC SEPARATOR ''), GROUP_CONCAT(DISTINCT g ORDER BY g SEPARATOR ';'), GROUP_CONCAT(g, '-', v) FROM t GROUP BY g ORDER BY g",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT "g", group_concat("v", ? ORDER BY "v" DESC), ` +
      `substr(replace(group_concat(DISTINCT CAST(x'01' AS TEXT) || ("g") ORDER BY "g"), ',' || CAST(x'01' AS TEXT), ?), 2), ` +
      `group_concat("g" || ? || "v", ',') FROM "t" GROUP BY "g" ORDER BY "g"`,
  );
  assert.deepEqual(query(db, st), [["a", "2010", "a", "a-10,a-20"], ["b", "30", "b", "b-30"], [
    "c",
    null,
    "c",
    null,
  ]]);
  assert.deepEqual(row("SELECT GROUP_CONCAT(DISTINCT g ORDER BY g DESC SEPARATOR ' | ') FROM t"), [
    "c | b | a",
  ]);
  assert.deepEqual(row("SELECT GROUP_CONCAT(DISTINCT g) FROM t"), ["a,b,c"]);
});

Deno.test("COUNT(DISTINCT a, b) counts tuples without NULLs", () => {
  assert.deepEqual(row("SELECT COUNT(DISTINCT g, v), COUNT(DISTINCT g) FROM t"), [3, 3]);
});

Deno.test("MATCH ... AGAINST calls mysql_match on the concatenated columns", () => {
  const st = tr.translate(
    "SELECT id FROM t WHERE MATCH(name, body) AGAINST('quick' IN BOOLEAN MODE) ORDER BY id",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT "id" FROM "t" WHERE mysql_match(concat_ws(' ', "name", "body"), ?, 1) ORDER BY "id"`,
  );
  assert.deepEqual(query(db, st), [[1], [3]]);
  assert.match(
    sqlOf(tr.translate("SELECT MATCH(body) AGAINST('fox') FROM t", ctx)),
    /mysql_match\("body", \?, 0\)/,
  );
});

Deno.test("literals: TRUE/FALSE, escapes, hex and bit values, NULL bytes", () => {
  assert.deepEqual(
    row(String.raw`SELECT TRUE, FALSE, TRUE + 1, 'it\'s', 'a\nb', "q\"q", 'x' 'y'`),
    [1, 0, 2, "it's", "a\nb", 'q"q', "xy"],
  );
  assert.deepEqual(row("SELECT 0x41 + 0, b'0101' + 0, HEX(x'4142'), b'1'"), [65, 5, "4142", 1]);
  assert.deepEqual(row(String.raw`SELECT LENGTH('a\0b'), 'a\0b' = 'a\0b'`), [1, 1]);
});

Deno.test("CASE, IN lists, row IN, subqueries, EXISTS", () => {
  assert.deepEqual(
    row(
      "SELECT CASE WHEN v > 15 THEN 'big' ELSE 'small' END, CASE g WHEN 'a' THEN 1 END, (g, v) IN (('a', 10), ('b', 1)), " +
        "id IN (SELECT id FROM t WHERE v = 10), EXISTS (SELECT 1 FROM t WHERE v > 100), v = ANY (SELECT v FROM t WHERE id < 3) FROM t WHERE id = 1",
    ),
    ["small", 1, 1, 1, 0, 1],
  );
});

Deno.test("functions pass through in lower case; SQLite keywords are quoted", () => {
  assert.equal(
    sqlOf(
      tr.translate(
        "SELECT IFNULL(v, 0), COALESCE(v, 1), LEFT(name, 2), REPLACE(name, 'a', 'b'), IF(v, 1, 2), INSERT(name, 1, 1, 'x'), ISNULL(v) FROM t",
        ctx,
      ),
    ),
    `SELECT ifnull("v", ?), coalesce("v", ?), "left"("name", ?), "replace"("name", ?, ?), "if"("v", ?, ?), mysql_insert("name", ?, ?, ?), mysql_isnull("v") FROM "t"`,
  );
  assert.deepEqual(
    row("SELECT REPLACE(name, 'a', 'o'), IF(v > 15, 'y', 'n') FROM t WHERE id = 3"),
    ["Gommo", "y"],
  );
  assert.deepEqual(
    row(
      "SELECT TRIM('  x  '), TRIM(LEADING 'x' FROM 'xxy'), TRIM(TRAILING FROM 'y  '), SUBSTRING('abcdef' FROM 2 FOR 3), POSITION('b' IN 'abc')"
        .replace(", POSITION('b' IN 'abc')", ""),
    ),
    [
      "x",
      "y",
      "y",
      "bcd",
    ],
  );
});

Deno.test("TRIM with a removal string calls mysql_trim", () => {
  assert.equal(
    sqlOf(
      tr.translate(
        "SELECT TRIM(LEADING 'xy' FROM name), TRIM(BOTH FROM name), TRIM('z' FROM name) FROM t",
        ctx,
      ),
    ),
    `SELECT mysql_trim("name", ?, 'LEADING'), trim("name"), mysql_trim("name", ?, 'BOTH') FROM "t"`,
  );
  assert.deepEqual(
    row("SELECT TRIM(LEADING 'xy' FROM 'xyxyaxy'), TRIM(TRAILING 'xy' FROM 'axyxy')"),
    ["axy", "a"],
  );
});

Deno.test("REGEXP BINARY is case-sensitive through regexp_binary", () => {
  const st = tr.translate(
    "SELECT name REGEXP BINARY '^a', CAST(name AS BINARY) NOT REGEXP '^A' FROM t WHERE id = 1",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT regexp_binary(?, "name"), NOT regexp_binary(?, "name") FROM "t" WHERE "id" = ?`,
  );
  assert.deepEqual(query(db, st), [[0, 0]]);
});

Deno.test("JSON operators and MEMBER OF call the MySQL JSON helpers", () => {
  assert.equal(
    sqlOf(
      tr.translate(
        "SELECT doc->'$.a', doc->>'$.b', JSON_EXTRACT(doc, '$.c', '$.d'), 3 MEMBER OF (doc->'$.list') FROM j",
        ctx,
      ),
    ),
    `SELECT mysql_json_extract("doc", ?), json_unquote(mysql_json_extract("doc", ?)), mysql_json_extract("doc", ?, ?), ` +
      `mysql_member_of(?, mysql_json_extract("doc", ?)) FROM "j"`,
  );
});

Deno.test("window functions keep their OVER clause", () => {
  const st = tr.translate(
    "SELECT id, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v DESC), SUM(v) OVER w FROM t WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY id",
    ctx,
  );
  assert.equal(
    sqlOf(st),
    `SELECT "id", row_number() OVER (PARTITION BY "g" ORDER BY "v" DESC), sum("v") OVER "w" FROM "t" ` +
      `WINDOW "w" AS (ORDER BY "id" ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY "id"`,
  );
  assert.deepEqual(query(db, st), [[1, 2, 10], [2, 1, 30], [3, 1, 50], [4, 1, 30]]);
});
