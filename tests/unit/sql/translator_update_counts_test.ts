/**
 * UPDATE's two numbers ("Rows matched: M  Changed: C"): the statements touch only rows whose
 * values change, and `matchedQuery` counts the rows matched, single- and multi-table. An
 * UPDATE of columns of several tables computes every new value from the original rows.
 * Expected results were checked on MariaDB 10.11.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import type { SqlValue } from "../../../src/types/values.ts";
import { all, write } from "./sqlite_harness.ts";

type Write = Extract<Statement, { kind: "write" }>;

const ctx = { database: "shop" };
const tr = new Translator();

function realDb(setup: string): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  db.exec(setup);
  return db;
}

function update(sql: string, c = ctx): Write {
  const st = tr.translate(sql, c);
  assert.ok(st.kind === "write" && st.op === "update");
  return st;
}

/** Runs an UPDATE as the session does: matched count first, then the statements. */
function run(db: DatabaseSync, st: Write): { matched: number; changed: number } {
  assert.ok(st.matchedQuery !== undefined, "every UPDATE has a matched-count query");
  const matched = Number(all(db, st.matchedQuery)[0]![0]);
  return { matched, changed: write(db, st) };
}

const rows = (db: DatabaseSync, sql: string): SqlValue[][] => all(db, { sql, params: [] });

const T = `CREATE TABLE t (id INTEGER PRIMARY KEY, g TEXT, v INT);
  INSERT INTO t VALUES (1, 'a', 1), (2, 'c', 2), (3, 'c', 3), (4, 'c', 4), (5, 'b', 5)`;

Deno.test("single-table UPDATE: matched and changed, with CLIENT_FOUND_ROWS or not", () => {
  {
    const db = realDb(T);
    const st = update("UPDATE t SET g = CONCAT('c', '') WHERE id <= 3", ctx);
    assert.equal(st.matchedQuery!.sql, `SELECT count(*) FROM "t" WHERE "id" <= ?`);
    assert.deepEqual(run(db, st), { matched: 3, changed: 1 });
    assert.deepEqual(run(db, st), { matched: 3, changed: 0 });
  }
});

Deno.test("UPDATE ... ORDER BY ... LIMIT counts at most LIMIT matched rows", () => {
  const db = realDb(T);
  const st = update("UPDATE t AS x SET x.g = 'c' WHERE x.v > 1 ORDER BY x.id DESC LIMIT 3");
  assert.equal(
    st.matchedQuery!.sql,
    `SELECT count(*) FROM (SELECT 1 FROM "t" AS "x" WHERE "x"."v" > ? LIMIT ?)`,
  );
  assert.deepEqual(st.matchedQuery!.params, [1, 3]);
  // Rows 5, 4, 3 are matched; only 5 changes.
  assert.deepEqual(run(db, st), { matched: 3, changed: 1 });
  assert.deepEqual(run(db, update("UPDATE t SET v = v WHERE id >= 4")), { matched: 2, changed: 0 });
});

Deno.test("multi-table UPDATE of one table counts each target row once", () => {
  const db = realDb(`${T}; CREATE TABLE s (tid INT, nv INT);
    INSERT INTO s VALUES (1, 10), (1, 10), (2, 2), (9, 9)`);
  const st = update("UPDATE t JOIN s ON s.tid = t.id SET t.v = s.nv");
  assert.equal(
    st.matchedQuery!.sql,
    `SELECT count(DISTINCT "t".rowid) FROM "t" JOIN "s" ON "s"."tid" = "t"."id"`,
  );
  // Row 1 joins twice but is one matched row; row 2 is matched but keeps its value.
  assert.deepEqual(run(db, st), { matched: 2, changed: 1 });
  assert.deepEqual(rows(db, "SELECT id, v FROM t WHERE id <= 2 ORDER BY id"), [[1, 10], [2, 2]]);
});

const SHOP = `CREATE TABLE customers (id INTEGER PRIMARY KEY, credit INT);
  CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INT, amount INT, status TEXT);
  INSERT INTO customers VALUES (1, 0), (2, 5), (3, 0);
  INSERT INTO orders VALUES (10, 1, 20, 'new'), (11, 1, 15, 'new'), (12, 2, 5, 'new'),
    (13, 3, 50, 'credited')`;

Deno.test("UPDATE of columns of two tables: each table's rows updated once from the original join", () => {
  const db = realDb(SHOP);
  const st = update(
    "UPDATE customers c JOIN orders o ON o.customer_id = c.id " +
      "SET c.credit = c.credit + 1, o.status = 'credited' WHERE o.amount >= 10",
  );
  assert.deepEqual(st.tables, ["customers", "orders"]);
  assert.deepEqual(st.stmts.map((s) => s.sql), [
    `DROP TABLE IF EXISTS temp."__marmot_multi_update"`,
    `CREATE TEMP TABLE "__marmot_multi_update" AS SELECT "c".rowid AS "__r0", "o".rowid AS "__r1", ` +
    `"c"."credit" + ? AS "__v0", ? AS "__v1" FROM "customers" AS "c" JOIN "orders" AS "o" ` +
    `ON "o"."customer_id" = "c"."id" WHERE "o"."amount" >= ?`,
    `UPDATE "customers" AS "c" SET "credit" = "__src"."__v0" FROM temp."__marmot_multi_update" AS "__src" ` +
    `WHERE ("c".rowid = "__src"."__r0") AND (NOT ("c"."credit" IS ("__src"."__v0") COLLATE BINARY))`,
    `UPDATE "orders" AS "o" SET "status" = "__src"."__v1" FROM temp."__marmot_multi_update" AS "__src" ` +
    `WHERE ("o".rowid = "__src"."__r1") AND (NOT ("o"."status" IS ("__src"."__v1") COLLATE BINARY))`,
    `DROP TABLE temp."__marmot_multi_update"`,
  ]);
  assert.deepEqual(st.stmts.map((s) => s.countChanges ?? true), [false, false, true, true, false]);
  assert.equal(
    st.matchedQuery!.sql,
    `SELECT count(DISTINCT "c".rowid) + count(DISTINCT "o".rowid) FROM "customers" AS "c" ` +
      `JOIN "orders" AS "o" ON "o"."customer_id" = "c"."id" WHERE "o"."amount" >= ?`,
  );
  // MariaDB: Rows matched: 5  Changed: 4; customer 1 gets +1 once although two orders match.
  assert.deepEqual(run(db, st), { matched: 5, changed: 4 });
  assert.deepEqual(rows(db, "SELECT id, credit FROM customers ORDER BY id"), [[1, 1], [2, 5], [
    3,
    1,
  ]]);
  assert.deepEqual(rows(db, "SELECT id, status FROM orders ORDER BY id"), [
    [10, "credited"],
    [11, "credited"],
    [12, "new"],
    [13, "credited"],
  ]);
  // The scratch table is gone: the statement runs again (orders no longer change).
  assert.deepEqual(run(db, st), { matched: 5, changed: 2 });
});

Deno.test("assignments to two tables all read the original rows (a swap works)", () => {
  const db = realDb(`CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);
    CREATE TABLE b (id INTEGER PRIMARY KEY, y TEXT);
    INSERT INTO a VALUES (1, 'from a'); INSERT INTO b VALUES (1, 'from b')`);
  const st = update("UPDATE a, b SET a.x = b.y, b.y = UPPER(a.x) WHERE a.id = b.id");
  assert.deepEqual(run(db, st), { matched: 2, changed: 2 });
  assert.deepEqual(rows(db, "SELECT x FROM a"), [["from b"]]);
  assert.deepEqual(rows(db, "SELECT y FROM b"), [["FROM A"]]);
});

Deno.test("one table assigned under two names is not supported", () => {
  assert.throws(
    () => update("UPDATE t AS p JOIN t AS q ON q.id = p.id + 1 SET p.v = 1, q.v = 2"),
    (e: unknown) => e instanceof MysqlError && e.code === 1235,
  );
});

Deno.test("EXPLAIN of a two-table UPDATE shows the plan of its join", () => {
  const db = realDb(SHOP);
  const st = tr.translate(
    "EXPLAIN UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.credit = 0, o.status = 'x'",
    ctx,
  );
  assert.ok(st.kind === "select");
  assert.match(
    st.stmt.sql,
    /^EXPLAIN QUERY PLAN CREATE TEMP TABLE "__marmot_multi_update" AS SELECT/,
  );
  const details = all(db, st.stmt).map((r) => String(r[3]));
  assert.deepEqual(details, ["SCAN o", "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"]);
});
