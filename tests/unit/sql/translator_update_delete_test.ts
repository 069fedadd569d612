import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import { all, openDb, sqlOf, write } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const cfr = { database: "wp" };
const tr = new Translator();
const T = `CREATE TABLE t (id INTEGER PRIMARY KEY, g TEXT, v INT, name TEXT COLLATE NOCASE);
  INSERT INTO t VALUES (1,'a',1,'x'),(2,'c',2,'y'),(3,'c',3,'z'),(4,'c',4,'w'),(5,'b',5,'v')`;

function tx(sql: string, c = ctx): Statement {
  return tr.translate(sql, c);
}
const rows = (db: ReturnType<typeof openDb>, sql: string) => all(db, { sql, params: [] });

Deno.test("UPDATE touches only changed rows; its matched-count query counts every matched row", () => {
  const db = openDb(T);
  const st = tx("UPDATE t SET g = 'c' WHERE id <= 3");
  assert.equal(
    sqlOf(st),
    `UPDATE "t" SET "g" = ? WHERE ("id" <= ?) AND (NOT ("g" IS (?) COLLATE BINARY))`,
  );
  assert.ok(st.kind === "write");
  assert.equal(st.matchedQuery?.sql, `SELECT count(*) FROM "t" WHERE "id" <= ?`);
  assert.deepEqual(st.matchedQuery?.params, [3]);
  assert.deepEqual(all(db, st.matchedQuery!), [[3]]);
  assert.equal(write(db, st), 1);
  assert.equal(write(db, st), 0);
  assert.deepEqual(all(db, st.matchedQuery!), [[3]]);
  // CLIENT_FOUND_ROWS does not change the translation: the session reports the matched count.
  const matched = tx("UPDATE t SET g = 'c' WHERE id <= 3", cfr);
  assert.equal(sqlOf(matched), sqlOf(st));
  assert.deepEqual(matched.kind === "write" && matched.matchedQuery, st.matchedQuery);
});

Deno.test("UPDATE of a NOCASE column counts a case-only change", () => {
  const db = openDb(T);
  assert.equal(write(db, tx("UPDATE t SET name = 'X' WHERE id = 1")), 1);
  assert.equal(write(db, tx("UPDATE t SET name = 'X' WHERE id = 1")), 0);
  assert.deepEqual(rows(db, "SELECT name FROM t WHERE id = 1"), [["X"]]);
});

Deno.test("UPDATE SET is evaluated left to right, as in MySQL", () => {
  const db = openDb(T);
  const st = tx("UPDATE t SET v = v + 10, g = CONCAT(g, v) WHERE id = 1");
  assert.equal(
    sqlOf(st),
    `UPDATE "t" SET "v" = "v" + ?, "g" = concat("g", ("v" + ?)) WHERE ("id" = ?) AND ` +
      `(NOT ("v" IS ("v" + ?) COLLATE BINARY AND "g" IS (concat("g", ("v" + ?))) COLLATE BINARY))`,
  );
  write(db, st);
  assert.deepEqual(rows(db, "SELECT v, g FROM t WHERE id = 1"), [[11, "a11"]]);
  write(db, tx("UPDATE t AS x SET x.v = 0, x.g = x.v WHERE x.id = 2"));
  assert.deepEqual(rows(db, "SELECT v, g FROM t WHERE id = 2"), [[0, "0"]]);
});

Deno.test("UPDATE ... ORDER BY ... LIMIT goes through a rowid subquery", () => {
  const db = openDb(T);
  const st = tx("UPDATE t SET v = v + 100 WHERE g = 'c' ORDER BY id DESC LIMIT 2");
  assert.equal(
    sqlOf(st),
    `UPDATE "t" SET "v" = "v" + ? WHERE ("t".rowid IN (SELECT "t".rowid FROM "t" WHERE "g" = ? ORDER BY "id" DESC LIMIT ?)) ` +
      `AND (NOT ("v" IS ("v" + ?) COLLATE BINARY))`,
  );
  assert.equal(write(db, st), 2);
  assert.deepEqual(rows(db, "SELECT id FROM t WHERE v > 100 ORDER BY id"), [[3], [4]]);
  // LIMIT counts matched rows: the first matched row is unchanged, so nothing is affected.
  assert.equal(write(db, tx("UPDATE t SET g = 'a' ORDER BY id LIMIT 1")), 0);
});

Deno.test("multi-table UPDATE with JOIN and with a comma list", () => {
  const db = openDb(
    `${T}; CREATE TABLE s (tid INT, nv INT); INSERT INTO s VALUES (1, 50), (2, 60), (9, 99)`,
  );
  const st = tx("UPDATE t JOIN s ON s.tid = t.id SET t.v = s.nv WHERE s.nv > 55");
  assert.equal(
    sqlOf(st),
    `UPDATE "t" SET "v" = "__src"."__v0" FROM (SELECT "t".rowid AS "__rid", "s"."nv" AS "__v0" FROM "t" JOIN "s" ` +
      `ON "s"."tid" = "t"."id" WHERE "s"."nv" > ?) AS "__src" WHERE ("t".rowid = "__src"."__rid") AND ` +
      `(NOT ("t"."v" IS ("__src"."__v0") COLLATE BINARY))`,
  );
  assert.equal(write(db, st), 1);
  assert.equal(write(db, st), 0);
  assert.equal(write(db, tx("UPDATE t a, s b SET a.g = 'joined' WHERE b.tid = a.id")), 2);
  assert.deepEqual(rows(db, "SELECT id, v, g FROM t WHERE id <= 2 ORDER BY id"), [
    [1, 1, "joined"],
    [2, 60, "joined"],
  ]);
});

Deno.test("multi-table UPDATE keeps LEFT JOIN semantics", () => {
  const db = openDb(`${T}; CREATE TABLE s (tid INT, nv INT); INSERT INTO s VALUES (1, 50)`);
  const st = tx("UPDATE t LEFT JOIN s ON s.tid = t.id SET t.v = COALESCE(s.nv, 0) WHERE t.id <= 2");
  assert.equal(write(db, st), 2);
  assert.deepEqual(rows(db, "SELECT id, v FROM t WHERE id <= 2 ORDER BY id"), [[1, 50], [2, 0]]);
});

Deno.test("multi-table UPDATE with LIMIT or ORDER BY is MySQL error 1221", () => {
  assert.throws(
    () => tx("UPDATE t, s SET t.v = 1 LIMIT 1"),
    (e: unknown) => e instanceof MysqlError && e.code === 1221,
  );
  assert.throws(
    () => tx("UPDATE t, s SET t.v = 1 ORDER BY t.id"),
    (e: unknown) => e instanceof MysqlError && e.code === 1221,
  );
});

Deno.test("DELETE ... ORDER BY ... LIMIT goes through a rowid subquery", () => {
  const db = openDb(T);
  const st = tx("DELETE FROM t WHERE g = 'c' ORDER BY id LIMIT 2");
  assert.equal(
    sqlOf(st),
    `DELETE FROM "t" WHERE "t".rowid IN (SELECT "t".rowid FROM "t" WHERE "g" = ? ORDER BY "id" LIMIT ?)`,
  );
  assert.equal(write(db, st), 2);
  assert.deepEqual(rows(db, "SELECT id FROM t ORDER BY id"), [[1], [4], [5]]);
  assert.equal(write(db, tx("DELETE FROM t LIMIT 1")), 1);
  assert.equal(write(db, tx("DELETE FROM t AS x WHERE x.id = 5")), 1);
});

Deno.test("multi-table DELETE of one table: DELETE t1 FROM t1 JOIN t2", () => {
  const db = openDb(`${T}; CREATE TABLE s (tid INT); INSERT INTO s VALUES (2), (3)`);
  const st = tx("DELETE t FROM t JOIN s ON s.tid = t.id WHERE t.v > 2");
  assert.equal(
    sqlOf(st),
    `DELETE FROM "t" WHERE rowid IN (SELECT "t".rowid FROM "t" JOIN "s" ON "s"."tid" = "t"."id" WHERE "t"."v" > ?)`,
  );
  assert.equal(write(db, st), 1);
  assert.equal(write(db, tx("DELETE FROM x USING t AS x JOIN s ON s.tid = x.id")), 1);
  assert.deepEqual(rows(db, "SELECT id FROM t ORDER BY id"), [[1], [4], [5]]);
});

Deno.test("WordPress delete_expired_transients: two aliases of one table in one DELETE", () => {
  const db = openDb(
    `CREATE TABLE wp_options (option_id INTEGER PRIMARY KEY, option_name TEXT UNIQUE, option_value TEXT);
    INSERT INTO wp_options (option_name, option_value) VALUES
      ('_transient_a', 'x'), ('_transient_timeout_a', '100'),
      ('_transient_b', 'y'), ('_transient_timeout_b', '9999999999'), ('siteurl', 'http://x')`,
  );
  const st = tx(String.raw`DELETE a, b FROM wp_options a, wp_options b
    WHERE a.option_name LIKE '\_transient\_%' AND a.option_name NOT LIKE '\_transient\_timeout\_%'
    AND b.option_name = CONCAT('_transient_timeout_', SUBSTRING(a.option_name, 12)) AND b.option_value < 1700000000`);
  assert.equal(st.kind === "write" && st.stmts.length, 1);
  assert.equal(write(db, st), 2);
  assert.deepEqual(rows(db, "SELECT option_name FROM wp_options ORDER BY option_id"), [
    ["_transient_b"],
    ["_transient_timeout_b"],
    ["siteurl"],
  ]);
});

Deno.test("multi-table DELETE of two tables fixes both row sets before deleting", () => {
  const db = openDb(`${T}; CREATE TABLE s (id INTEGER PRIMARY KEY, tid INT);
    INSERT INTO s VALUES (10, 2), (11, 3), (12, 9)`);
  const st = tx("DELETE t, s FROM t JOIN s ON s.tid = t.id WHERE t.g = 'c'");
  assert.ok(st.kind === "write");
  assert.deepEqual(st.tables, ["t", "s"]);
  assert.deepEqual(st.stmts.map((s) => s.countChanges ?? true), [false, false, true, true, false]);
  assert.equal(write(db, st), 4);
  assert.deepEqual(rows(db, "SELECT id FROM t ORDER BY id"), [[1], [4], [5]]);
  assert.deepEqual(rows(db, "SELECT id FROM s ORDER BY id"), [[12]]);
  // The scratch table is gone, so the statement runs again.
  assert.equal(write(db, st), 0);
});

Deno.test("multi-table DELETE naming a table that is not in FROM is MySQL error 1109", () => {
  assert.throws(
    () => tx("DELETE q FROM t JOIN s ON s.id = t.id"),
    (e: unknown) => e instanceof MysqlError && e.code === 1109,
  );
});
