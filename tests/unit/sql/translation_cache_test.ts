import assert from "node:assert/strict";
import { normalize } from "../../../src/sql/normalizer.ts";
import { tokenize } from "../../../src/sql/tokenizer.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { openDb, query, sqlOf } from "./sqlite_harness.ts";
import { splitStatements } from "../../../src/sql/split_statements.ts";

const ctx = { database: "wp" };
const key = (sql: string) => normalize(sql, tokenize(sql, { versionId: 80032 }));

Deno.test("normalization replaces string and number literals with markers", () => {
  const n = key("SELECT c FROM t WHERE id = 123 AND name = 'it\\'s' AND h = 0x1F");
  assert.equal(n.key, "SELECT c FROM t WHERE id = \0n AND name = \0s AND h = 0x1F");
  assert.deepEqual(n.values, [123, "it's"]);
  assert.deepEqual(key("SELECT 9007199254740993, 1.5, 18446744073709551615").values, [
    9007199254740993n,
    1.5,
    "18446744073709551615",
  ]);
  assert.deepEqual(key("SELECT _binary'ab'").values, [new Uint8Array([97, 98])]);
});

Deno.test("a cache hit binds the new statement's literals without parsing", () => {
  const tr = new Translator();
  const db = openDb(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, c TEXT); INSERT INTO t VALUES (1, 'one'), (2, 'two')",
  );
  const first = tr.translate("SELECT c FROM t WHERE id = 1", ctx);
  assert.equal(tr.cacheSize, 1);
  const second = tr.translate("SELECT c FROM t WHERE id = 2", ctx);
  assert.equal(tr.cacheSize, 1);
  assert.equal(sqlOf(first), sqlOf(second));
  assert.deepEqual(query(db, first), [["one"]]);
  assert.deepEqual(query(db, second), [["two"]]);
  tr.translate("select c from t where id = 3", ctx);
  assert.equal(tr.cacheSize, 2);
});

Deno.test("cached column names follow the literals of each statement", () => {
  const tr = new Translator();
  const a = tr.translate("SELECT 1 + 2, 'x', CONCAT('a', 'bc') AS k, v * 10 FROM t", ctx);
  const b = tr.translate("SELECT 100 + 2000, 'other', CONCAT('zz', 'y') AS k, v * 3 FROM t", ctx);
  assert.equal(tr.cacheSize, 1);
  assert.ok(a.kind === "select" && b.kind === "select");
  assert.deepEqual(a.columnNames, ["1 + 2", "x", "k", "v * 10"]);
  assert.deepEqual(b.columnNames, ["100 + 2000", "other", "k", "v * 3"]);
});

Deno.test("translations that depend on more than the text are cached per variant", () => {
  const tr = new Translator();
  const other = { database: "other" };
  assert.equal(sqlOf(tr.translate("SELECT a FROM wp.t", ctx)), `SELECT "a" FROM "t"`);
  assert.equal(sqlOf(tr.translate("SELECT a FROM wp.t", other)), `SELECT "a" FROM "wp"."t"`);
  assert.match(sqlOf(tr.translate("SELECT a, b FROM t ORDER BY 1", ctx)), /ORDER BY 1$/);
  assert.match(sqlOf(tr.translate("SELECT a, b FROM t ORDER BY 2", ctx)), /ORDER BY 2$/);
  assert.match(sqlOf(tr.translate("SELECT x AS 'n1' FROM t", ctx)), /AS "n1"/);
  assert.match(sqlOf(tr.translate("SELECT x AS 'n2' FROM t", ctx)), /AS "n2"/);
  // A plain (unqualified) query in information_schema reads the catalog tables.
  const is = { database: "information_schema" };
  assert.equal(
    sqlOf(tr.translate("SELECT a FROM tables", is)),
    `SELECT "a" FROM "information_schema"."tables"`,
  );
  assert.equal(sqlOf(tr.translate("SELECT a FROM tables", ctx)), `SELECT "a" FROM "tables"`);
});

Deno.test("the cache is bounded and keeps the most recently used entries", () => {
  const tr = new Translator({ cacheSize: 3 });
  for (let i = 0; i < 10; i++) tr.translate(`SELECT c${i} FROM t`, ctx);
  assert.equal(tr.cacheSize, 3);
  const small = new Translator({ cacheSize: 2 });
  small.translate("SELECT a FROM t", ctx);
  small.translate("SELECT b FROM t", ctx);
  small.translate("SELECT a FROM t", ctx);
  small.translate("SELECT c FROM t", ctx); // evicts b, the least recently used
  assert.equal(small.cacheSize, 2);
});

Deno.test("huge statements are translated but not cached; beyond SQLite's parameter limit literals are inlined", () => {
  const tr = new Translator();
  const rows = Array.from({ length: 17000 }, (_, i) => `(${i}, 'v${i}')`).join(",");
  const st = tr.translate(`INSERT INTO t (a, b) VALUES ${rows}`, ctx);
  assert.equal(tr.cacheSize, 0);
  assert.ok(st.kind === "write");
  assert.equal(st.stmts[0]!.params.length, 0);
  assert.match(st.stmts[0]!.sql, /VALUES \(0, 'v0'\), \(1, 'v1'\)/);
  const db = openDb("CREATE TABLE t (a INT, b TEXT)");
  db.prepare(st.stmts[0]!.sql).run();
  assert.equal((db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 17000);
});

Deno.test("splitStatements splits on top-level semicolons only", () => {
  assert.deepEqual(
    splitStatements(
      "SELECT 1; SELECT 'a;b'; SELECT `x;y` FROM t; -- c;\nSELECT \"q;\" /* ; */ ;; # x;\n  ;",
    ),
    ["SELECT 1", "SELECT 'a;b'", "SELECT `x;y` FROM t", '-- c;\nSELECT "q;" /* ; */'],
  );
  assert.deepEqual(splitStatements("  ;  -- only a comment\n; /* c */"), []);
  assert.deepEqual(splitStatements("/*!40101 SET NAMES utf8 */;"), ["/*!40101 SET NAMES utf8 */"]);
  assert.deepEqual(splitStatements("SELECT 'it\\'s;'; SELECT 2"), ["SELECT 'it\\'s;'", "SELECT 2"]);
  assert.deepEqual(splitStatements("SELECT 'unterminated; SELECT 2"), [
    "SELECT 'unterminated; SELECT 2",
  ]);
});
