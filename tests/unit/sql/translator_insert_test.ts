import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import { all, openDb, sqlOf, write } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const tr = new Translator();
const OPTIONS = `CREATE TABLE wp_options (option_id INTEGER PRIMARY KEY AUTOINCREMENT,
  option_name TEXT NOT NULL UNIQUE, option_value TEXT NOT NULL, autoload TEXT NOT NULL DEFAULT 'yes')`;

function tx(sql: string, c = ctx): Statement {
  return tr.translate(sql, c);
}

Deno.test("INSERT IGNORE becomes INSERT OR IGNORE", () => {
  const db = openDb(
    `${OPTIONS}; INSERT INTO wp_options (option_name, option_value) VALUES ('k1', 'v')`,
  );
  const st = tx(
    "INSERT IGNORE INTO wp_options (option_name, option_value) VALUES ('k1', 'other'), ('k2', 'v2')",
  );
  assert.equal(
    sqlOf(st),
    `INSERT OR IGNORE INTO "wp_options" ("option_name", "option_value") VALUES (?, ?), (?, ?)`,
  );
  assert.equal(write(db, st), 1);
  assert.deepEqual(
    all(db, { sql: "SELECT option_name, option_value FROM wp_options ORDER BY 1", params: [] }),
    [
      ["k1", "v"],
      ["k2", "v2"],
    ],
  );
});

Deno.test("REPLACE becomes INSERT OR REPLACE with op 'replace'", () => {
  const db = openDb(
    `${OPTIONS}; INSERT INTO wp_options (option_name, option_value) VALUES ('k1', 'v')`,
  );
  const st = tx("REPLACE INTO wp_options (option_name, option_value) VALUES ('k1', 'new')");
  assert.equal(
    sqlOf(st),
    `INSERT OR REPLACE INTO "wp_options" ("option_name", "option_value") VALUES (?, ?)`,
  );
  assert.equal(st.kind === "write" && st.op, "replace");
  write(db, st);
  assert.deepEqual(
    all(db, { sql: "SELECT option_name, option_value FROM wp_options", params: [] }),
    [["k1", "new"]],
  );
  assert.equal(sqlOf(tx("REPLACE t SET a = 1")), `INSERT OR REPLACE INTO "t" ("a") VALUES (?)`);
});

Deno.test("ON DUPLICATE KEY UPDATE with VALUES(): insert, changing update, no-op update", () => {
  const db = openDb(OPTIONS);
  const sql =
    "INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('x', '1', 'yes') " +
    "ON DUPLICATE KEY UPDATE option_name = VALUES(option_name), option_value = VALUES(option_value), autoload = VALUES(autoload)";
  const st = tx(sql);
  assert.equal(st.kind === "write" && st.upsert, true);
  assert.equal(
    sqlOf(st),
    `INSERT INTO "wp_options" ("option_name", "option_value", "autoload") VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET ` +
      `"option_name" = excluded."option_name", "option_value" = excluded."option_value", "autoload" = excluded."autoload" ` +
      `WHERE NOT ("option_name" IS (excluded."option_name") COLLATE BINARY AND "option_value" IS (excluded."option_value") COLLATE BINARY ` +
      `AND "autoload" IS (excluded."autoload") COLLATE BINARY)`,
  );
  assert.equal(write(db, st), 1, "inserted");
  assert.equal(write(db, st), 0, "unchanged: MySQL reports 0");
  assert.equal(write(db, tx(sql.replace("'1'", "'2'"))), 1, "updated (the session reports 2)");
  assert.deepEqual(all(db, { sql: "SELECT option_value FROM wp_options", params: [] }), [["2"]]);
});

Deno.test("ON DUPLICATE KEY UPDATE skips updates that change nothing (the session counts them)", () => {
  const db = openDb("CREATE TABLE t (a INT PRIMARY KEY)");
  const st = tx("INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)");
  assert.equal(
    sqlOf(st),
    `INSERT INTO "t" ("a") VALUES (?) ON CONFLICT DO UPDATE SET "a" = excluded."a" ` +
      `WHERE NOT ("a" IS (excluded."a") COLLATE BINARY)`,
  );
  assert.equal(write(db, st), 1);
  assert.equal(write(db, st), 0);
});

Deno.test("ON DUPLICATE KEY UPDATE with arithmetic on the old row and the MySQL 8 row alias", () => {
  const db = openDb("CREATE TABLE c (k TEXT PRIMARY KEY, n INT, m INT)");
  const bump = tx(
    "INSERT INTO c (k, n, m) VALUES ('a', 1, 5) AS new ON DUPLICATE KEY UPDATE n = n + new.n, m = new.m",
  );
  assert.equal(
    sqlOf(bump),
    `INSERT INTO "c" ("k", "n", "m") VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET "n" = "n" + excluded."n", ` +
      `"m" = excluded."m" WHERE NOT ("n" IS ("n" + excluded."n") COLLATE BINARY AND "m" IS (excluded."m") COLLATE BINARY)`,
  );
  write(db, bump);
  write(db, bump);
  const aliased = tx(
    "INSERT INTO c (k, n, m) VALUES ('a', 10, 7) AS r(x, y, z) ON DUPLICATE KEY UPDATE n = n + r.y",
  );
  write(db, aliased);
  assert.deepEqual(all(db, { sql: "SELECT k, n, m FROM c", params: [] }), [["a", 12, 5]]);
});

Deno.test("ON DUPLICATE KEY UPDATE assignments see earlier assignments, as in MySQL", () => {
  const db = openDb(
    "CREATE TABLE c (k TEXT PRIMARY KEY, n INT, m INT); INSERT INTO c VALUES ('a', 1, 0)",
  );
  write(
    db,
    tx("INSERT INTO c (k, n) VALUES ('a', 0) ON DUPLICATE KEY UPDATE n = n + 1, m = n * 10"),
  );
  assert.deepEqual(all(db, { sql: "SELECT n, m FROM c", params: [] }), [[2, 20]]);
});

Deno.test("INSERT ... SELECT ... ON DUPLICATE KEY UPDATE avoids SQLite's ON ambiguity", () => {
  const db = openDb(
    "CREATE TABLE c (k TEXT PRIMARY KEY, n INT); INSERT INTO c VALUES ('a', 1); CREATE TABLE s (k TEXT, n INT); INSERT INTO s VALUES ('a', 5), ('b', 6)",
  );
  const st = tx(
    "INSERT INTO c (k, n) SELECT k, n FROM s ON DUPLICATE KEY UPDATE n = c.n + VALUES(n)",
  );
  assert.equal(
    sqlOf(st),
    `INSERT INTO "c" ("k", "n") SELECT * FROM (SELECT "k", "n" FROM "s") WHERE true ON CONFLICT DO UPDATE SET ` +
      `"n" = "c"."n" + excluded."n" WHERE NOT ("n" IS ("c"."n" + excluded."n") COLLATE BINARY)`,
  );
  assert.equal(write(db, st), 2);
  assert.deepEqual(all(db, { sql: "SELECT k, n FROM c ORDER BY k", params: [] }), [["a", 6], [
    "b",
    6,
  ]]);
});

Deno.test("INSERT ... SET becomes a column list with VALUES", () => {
  const db = openDb(OPTIONS);
  const st = tx("INSERT INTO wp_options SET option_name = 'a', option_value = CONCAT('x', 'y')");
  assert.equal(
    sqlOf(st),
    `INSERT INTO "wp_options" ("option_name", "option_value") VALUES (?, concat(?, ?))`,
  );
  write(db, st);
  assert.deepEqual(
    all(db, { sql: "SELECT option_name, option_value, autoload FROM wp_options", params: [] }),
    [[
      "a",
      "xy",
      "yes",
    ]],
  );
});

Deno.test("INSERT ... SELECT and multi-row VALUES", () => {
  const db = openDb("CREATE TABLE a (x INT, y TEXT); CREATE TABLE b (x INT, y TEXT)");
  assert.equal(write(db, tx("INSERT INTO a VALUES (1, 'one'), (2, 'two'), (3, 'three')")), 3);
  const st = tx("INSERT INTO b (x, y) SELECT x, UPPER(y) FROM a WHERE x > 1");
  assert.equal(
    sqlOf(st),
    `INSERT INTO "b" ("x", "y") SELECT "x", upper("y") FROM "a" WHERE "x" > ?`,
  );
  assert.equal(write(db, st), 2);
  assert.equal(sqlOf(tx("INSERT INTO b (SELECT * FROM a)")), `INSERT INTO "b" SELECT * FROM "a"`);
  assert.equal(sqlOf(tx("INSERT INTO b TABLE a")), `INSERT INTO "b" SELECT * FROM "a"`);
  assert.equal(sqlOf(tx("INSERT b VALUE (1, 'x')")), `INSERT INTO "b" VALUES (?, ?)`);
});

Deno.test("empty VALUES and DEFAULT become DEFAULT VALUES or left-out columns", () => {
  const db = openDb(
    "CREATE TABLE d (id INTEGER PRIMARY KEY, a TEXT DEFAULT 'da', b INT DEFAULT 7)",
  );
  assert.equal(sqlOf(tx("INSERT INTO d () VALUES ()")), `INSERT INTO "d" DEFAULT VALUES`);
  assert.equal(sqlOf(tx("INSERT INTO d VALUES ()")), `INSERT INTO "d" DEFAULT VALUES`);
  const two = tx("INSERT INTO d () VALUES (), ()");
  assert.equal(two.kind === "write" && two.stmts.length, 2);
  assert.equal(write(db, two), 2);
  const mixed = tx("INSERT INTO d (a, b) VALUES ('x', DEFAULT), ('y', DEFAULT), (DEFAULT, 1)");
  assert.deepEqual(mixed.kind === "write" && mixed.stmts.map((s) => s.sql), [
    `INSERT INTO "d" ("a") VALUES (?), (?)`,
    `INSERT INTO "d" ("b") VALUES (?)`,
  ]);
  assert.equal(write(db, mixed), 3);
  assert.deepEqual(all(db, { sql: "SELECT a, b FROM d ORDER BY id", params: [] }), [
    ["da", 7],
    ["da", 7],
    ["x", 7],
    ["y", 7],
    ["da", 1],
  ]);
});

Deno.test("a row with the wrong number of values is MySQL error 1136", () => {
  assert.throws(
    () => tx("INSERT INTO t (a, b) VALUES (1, 2), (3)"),
    (e: unknown) => e instanceof MysqlError && e.code === 1136 && e.message.endsWith("at row 2"),
  );
});

Deno.test("writes report the table and the database they change", () => {
  const st = tx("INSERT INTO Other.Posts (a) VALUES (1)");
  assert.ok(st.kind === "write");
  assert.equal(st.database, "Other");
  assert.deepEqual(st.tables, ["posts"]);
  assert.equal(sqlOf(st), `INSERT INTO "Posts" ("a") VALUES (?)`);
  const here = tx("INSERT INTO wp.posts (a) VALUES (1)");
  assert.ok(here.kind === "write");
  assert.equal(here.database, "wp");
  assert.equal(sqlOf(here), `INSERT INTO "posts" ("a") VALUES (?)`);
});
