import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { all, openDb, paramsOf, query, sqlOf } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const tr = new Translator();

function select(sql: string, c = ctx): Extract<Statement, { kind: "select" }> {
  const st = tr.translate(sql, c);
  assert.equal(st.kind, "select");
  return st as Extract<Statement, { kind: "select" }>;
}

const POSTS = `
  CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, status TEXT, author INT, date TEXT);
  INSERT INTO posts VALUES (1,'a','publish',1,'2024-01-01'),(2,'b','draft',1,'2024-01-02'),
    (3,'c','publish',2,'2024-01-03'),(4,'d','publish',2,'2024-01-04'),(5,'e','publish',3,'2024-01-05');
  CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
  INSERT INTO users VALUES (1,'ann'),(2,'bob'),(3,'cy');`;

Deno.test("point select becomes parameterized SQLite with quoted identifiers", () => {
  const st = select("SELECT c FROM sbtest1 WHERE id=123");
  assert.equal(st.stmt.sql, `SELECT "c" FROM "sbtest1" WHERE "id" = ?`);
  assert.deepEqual(st.stmt.params, [123]);
  assert.deepEqual(st.columnNames, ["c"]);
  const db = openDb(
    `CREATE TABLE sbtest1 (id INTEGER PRIMARY KEY, c TEXT); INSERT INTO sbtest1 VALUES (123, 'x')`,
  );
  assert.deepEqual(query(db, st), [["x"]]);
});

Deno.test("column names are the alias, the column name, or the expression as written", () => {
  const st = select(
    "SELECT 1+1, COUNT(*), @@version_comment, NOW(), t.title, title AS `T`, 'lit', -2, (3) FROM posts t",
  );
  assert.deepEqual(st.columnNames, [
    "1+1",
    "COUNT(*)",
    "@@version_comment",
    "NOW()",
    "title",
    "T",
    "lit",
    "-2",
    "(3)",
  ]);
  assert.deepEqual(select("SELECT 7").columnNames, ["7"]);
  // Same shape, other literals: the cached template gives the new text.
  assert.deepEqual(select("SELECT 5").columnNames, ["5"]);
  assert.deepEqual(select("SELECT 'x' AS 'quoted alias', 1 + 22").columnNames, [
    "quoted alias",
    "1 + 22",
  ]);
  assert.deepEqual(select("SELECT 'y' AS 'other alias', 333 + 4").columnNames, [
    "other alias",
    "333 + 4",
  ]);
});

Deno.test("SELECT * leaves column names to SQLite", () => {
  assert.deepEqual(select("SELECT * FROM posts").columnNames, []);
  assert.deepEqual(select("SELECT p.*, 1 FROM posts p").columnNames, []);
});

Deno.test("backtick identifiers and double-quoted strings", () => {
  const st = select('SELECT `title` FROM `posts` WHERE `status` = "publish" ORDER BY `id` LIMIT 1');
  assert.equal(st.stmt.sql, `SELECT "title" FROM "posts" WHERE "status" = ? ORDER BY "id" LIMIT ?`);
  assert.deepEqual(st.stmt.params, ["publish", 1]);
  assert.deepEqual(query(openDb(POSTS), st), [["a"]]);
});

Deno.test("db.table qualifiers: stripped for the current database, reported otherwise", () => {
  const st = select(
    "SELECT wp.posts.title FROM wp.posts JOIN other.users u ON u.id = wp.posts.author",
  );
  assert.equal(
    st.stmt.sql,
    `SELECT "posts"."title" FROM "posts" JOIN "other"."users" AS "u" ON "u"."id" = "posts"."author"`,
  );
  assert.deepEqual(st.databases, ["other"]);
  const same = select(
    "SELECT wp.posts.title FROM wp.posts JOIN other.users u ON u.id = wp.posts.author",
    {
      database: "other",
    },
  );
  assert.equal(
    same.stmt.sql,
    `SELECT "wp"."posts"."title" FROM "wp"."posts" JOIN "users" AS "u" ON "u"."id" = "wp"."posts"."author"`,
  );
  assert.deepEqual(same.databases, ["wp"]);
});

Deno.test("information_schema tables keep their qualifier and are reported", () => {
  const st = select("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'wp'");
  assert.equal(
    st.stmt.sql,
    `SELECT "TABLE_NAME" FROM "information_schema"."tables" WHERE "TABLE_SCHEMA" = ?`,
  );
  assert.deepEqual(st.informationSchema, ["tables"]);
  const inside = select("SELECT table_name FROM tables", {
    database: "information_schema",
  });
  assert.equal(inside.stmt.sql, `SELECT "table_name" FROM "information_schema"."tables"`);
  assert.deepEqual(inside.informationSchema, ["tables"]);
  // The same text in an ordinary database is an ordinary table.
  assert.equal(
    select("SELECT table_name FROM tables").stmt.sql,
    `SELECT "table_name" FROM "tables"`,
  );
});

Deno.test("LIMIT offset, count and the huge-count idiom", () => {
  const db = openDb(POSTS);
  const st = select("SELECT id FROM posts ORDER BY id LIMIT 1, 2");
  assert.equal(st.stmt.sql, `SELECT "id" FROM "posts" ORDER BY "id" LIMIT ? OFFSET ?`);
  assert.deepEqual(query(db, st), [[2], [3]]);
  const rest = select("SELECT id FROM posts ORDER BY id LIMIT 3, 18446744073709551615");
  assert.deepEqual(paramsOf(rest), [-1, 3]);
  assert.deepEqual(query(db, rest), [[4], [5]]);
  assert.deepEqual(query(db, select("SELECT id FROM posts ORDER BY id LIMIT 2 OFFSET 3")), [[4], [
    5,
  ]]);
});

Deno.test("locking clauses, index hints and select modifiers are removed", () => {
  const db = openDb(POSTS);
  const forms = [
    "SELECT id FROM posts WHERE id = 1 FOR UPDATE",
    "SELECT id FROM posts WHERE id = 1 LOCK IN SHARE MODE",
    "SELECT id FROM posts WHERE id = 1 FOR SHARE NOWAIT",
    "SELECT id FROM posts WHERE id = 1 FOR UPDATE OF posts SKIP LOCKED",
    "SELECT id FROM posts USE INDEX (PRIMARY) WHERE id = 1",
    "SELECT id FROM posts FORCE INDEX FOR JOIN (a, b) IGNORE KEY FOR ORDER BY (c) WHERE id = 1",
    "SELECT HIGH_PRIORITY STRAIGHT_JOIN SQL_SMALL_RESULT SQL_BIG_RESULT SQL_BUFFER_RESULT SQL_NO_CACHE id FROM posts WHERE id = 1",
    "SELECT SQL_CACHE ALL id FROM posts WHERE id = 1",
  ];
  for (const sql of forms) {
    const st = select(sql);
    assert.equal(st.stmt.sql, `SELECT "id" FROM "posts" WHERE "id" = ?`, sql);
    assert.deepEqual(query(db, st), [[1]]);
  }
  assert.equal(select("SELECT id FROM posts FOR UPDATE").locking, true);
  assert.equal(
    select("SELECT DISTINCTROW status FROM posts").stmt.sql,
    `SELECT DISTINCT "status" FROM "posts"`,
  );
});

Deno.test("FROM DUAL is dropped", () => {
  const st = select("SELECT 1 + 1 AS two FROM DUAL");
  assert.equal(st.stmt.sql, `SELECT ? + ? AS "two"`);
  assert.deepEqual(query(openDb(), st), [[2]]);
});

Deno.test("SQL_CALC_FOUND_ROWS adds the total as the last column (plain, GROUP BY, DISTINCT, UNION)", () => {
  const db = openDb(POSTS);
  const plain = select(
    "SELECT SQL_CALC_FOUND_ROWS posts.id FROM posts WHERE status = 'publish' ORDER BY posts.date DESC LIMIT 0, 2",
  );
  assert.equal(plain.calcFoundRows, true);
  assert.deepEqual(plain.columnNames, ["id"]);
  assert.equal(
    plain.stmt.sql,
    `SELECT "posts"."id", count(*) OVER () FROM "posts" WHERE "status" = ? ORDER BY "posts"."date" DESC LIMIT ? OFFSET ?`,
  );
  assert.deepEqual(query(db, plain), [[5, 4], [4, 4]]);
  const grouped = select(
    "SELECT SQL_CALC_FOUND_ROWS author, COUNT(*) FROM posts GROUP BY author ORDER BY author LIMIT 1",
  );
  assert.deepEqual(query(db, grouped), [[1, 2, 3]]);
  const distinct = select(
    "SELECT SQL_CALC_FOUND_ROWS DISTINCT author FROM posts ORDER BY author LIMIT 2",
  );
  assert.deepEqual(query(db, distinct), [[1, 3], [2, 3]]);
  const union = select(
    "SELECT SQL_CALC_FOUND_ROWS id FROM posts WHERE author = 1 UNION SELECT id FROM posts WHERE author = 3 ORDER BY id LIMIT 2",
  );
  assert.deepEqual(query(db, union), [[1, 3], [2, 3]]);
});

Deno.test("SQL_CALC_FOUND_ROWS past the last page: the count query gives the total", () => {
  const db = openDb(POSTS);
  const st = select(
    "SELECT SQL_CALC_FOUND_ROWS id FROM posts WHERE status = 'publish' LIMIT 10, 10",
  );
  assert.deepEqual(query(db, st), []);
  assert.deepEqual(all(db, st.foundRowsQuery!), [[4]]);
});

Deno.test("SELECT ... INTO @a, @b names the user variables", () => {
  const st = select("SELECT id, title INTO @pid, @ptitle FROM posts WHERE id = 2");
  assert.deepEqual(st.into, ["pid", "ptitle"]);
  assert.equal(st.stmt.sql, `SELECT "id", "title" FROM "posts" WHERE "id" = ?`);
  assert.deepEqual(select("SELECT id FROM posts WHERE id = 2 INTO @x").into, ["x"]);
});

Deno.test("@v := expr sets the variable per row; its statement reads user variables live", () => {
  const st = select("SELECT @n := @n + 1, @label FROM posts");
  assert.equal(
    st.stmt.sql,
    `SELECT mysql_setvar('n', mysql_getvar('n') + ?), mysql_getvar('label') FROM "posts"`,
  );
  // Without an assignment a variable is a parameter bound at execution.
  assert.deepEqual(select("SELECT @n + 1").stmt.params[0], { ref: "uservar", name: "n" });
  // LAST_INSERT_ID(expr) makes LAST_INSERT_ID() in the same statement read the value it set.
  assert.equal(
    select("SELECT LAST_INSERT_ID(5), LAST_INSERT_ID()").stmt.sql,
    "SELECT last_insert_id(?), mysql_last_insert_id()",
  );
});

Deno.test("WITH ROLLUP adds a super-aggregate row after each group, in MySQL's order", () => {
  const db = openDb(POSTS);
  const one = select("SELECT status, COUNT(*) FROM posts GROUP BY status WITH ROLLUP");
  assert.deepEqual(one.columnNames, ["status", "COUNT(*)"]);
  assert.deepEqual(query(db, one), [["draft", 1], ["publish", 4], [null, 5]]);
  const two = select(
    "SELECT status, author, COUNT(*) AS n, GROUPING(status, author) AS g FROM posts " +
      "WHERE id > 1 GROUP BY status, author WITH ROLLUP",
  );
  assert.deepEqual(query(db, two), [
    ["draft", 1, 1, 0],
    ["draft", null, 1, 1],
    ["publish", 2, 2, 0],
    ["publish", 3, 1, 0],
    ["publish", null, 3, 1],
    [null, null, 4, 3],
  ]);
  // A select alias in GROUP BY and HAVING; an ORDER BY sorts the NULL rows first; LIMIT.
  const having = select(
    "SELECT status AS s, SUM(author) AS total FROM posts GROUP BY s WITH ROLLUP " +
      "HAVING total > 1 ORDER BY total LIMIT 2",
  );
  assert.deepEqual(query(db, having), [["publish", 8], [null, 9]]);
  // Aggregates still read the rolled-up column; no rows give no super-aggregate row.
  const nested = select(
    "SELECT author, MAX(author) FROM posts WHERE id < 4 GROUP BY author WITH ROLLUP",
  );
  assert.deepEqual(query(db, nested), [[1, 1], [2, 2], [null, 2]]);
  const empty = select("SELECT author, COUNT(*) FROM posts WHERE id > 9 GROUP BY 1 WITH ROLLUP");
  assert.deepEqual(query(db, empty), []);
});

Deno.test("HAVING without GROUP BY: a filter joins WHERE, an aggregate makes one group", () => {
  const db = openDb(POSTS);
  const filter = select(
    "SELECT DISTINCT status FROM posts WHERE id > 0 HAVING status NOT LIKE 'd%' ORDER BY status",
  );
  assert.equal(
    filter.stmt.sql,
    `SELECT DISTINCT "status" FROM "posts" WHERE ("id" > ?) AND ("status" NOT LIKE ? ESCAPE '\\') ORDER BY "status"`,
  );
  assert.deepEqual(query(db, filter), [["publish"]]);
  assert.deepEqual(query(db, select("SELECT 'T' FROM posts HAVING COUNT(*) > 1")), [["T"]]);
  assert.deepEqual(query(db, select("SELECT COUNT(*) FROM posts HAVING COUNT(*) > 1")), [[5]]);
});

Deno.test("a bare name in HAVING is the select alias before the column of that name", () => {
  const db = openDb(POSTS);
  // Connector/J's getTables: CASE ... AS TABLE_TYPE filtered by HAVING TABLE_TYPE IN (...).
  const filter = select(
    "SELECT id, CASE WHEN status = 'publish' THEN 'LIVE' ELSE status END AS status FROM posts " +
      "WHERE id < 4 HAVING status IN ('LIVE') ORDER BY id",
  );
  assert.deepEqual(query(db, filter), [[1, "LIVE"], [3, "LIVE"]]);
  const grouped = select(
    "SELECT author AS a, COUNT(*) AS id FROM posts GROUP BY author HAVING id > 1 ORDER BY a",
  );
  assert.deepEqual(query(db, grouped), [[1, 2], [2, 2]]);
  // A subquery in HAVING keeps its own names.
  const sub = select(
    "SELECT id, 'x' AS title FROM posts HAVING id IN (SELECT id FROM posts WHERE title = 'c')",
  );
  assert.deepEqual(query(db, sub), [[3, "x"]]);
});

Deno.test("ORDER BY a bare name resolves through the select list (no ambiguity error)", () => {
  const db = openDb(
    `${POSTS}; ALTER TABLE posts ADD COLUMN name TEXT; UPDATE posts SET name = 'p' || id`,
  );
  const st = select(
    "SELECT users.name FROM users JOIN posts ON posts.author = users.id WHERE posts.id < 4 ORDER BY name DESC",
  );
  assert.match(st.stmt.sql, /ORDER BY "users"\."name" DESC$/);
  assert.deepEqual(query(db, st), [["bob"], ["ann"], ["ann"]]);
});

Deno.test("ORDER BY / GROUP BY positions stay positions across cached variants", () => {
  const db = openDb(POSTS);
  const byFirst = select("SELECT author, id FROM posts ORDER BY 1 DESC, 2 LIMIT 2");
  assert.equal(byFirst.stmt.sql, `SELECT "author", "id" FROM "posts" ORDER BY 1 DESC, 2 LIMIT ?`);
  assert.deepEqual(query(db, byFirst), [[3, 5], [2, 3]]);
  const bySecond = select("SELECT author, id FROM posts ORDER BY 2 DESC, 1 LIMIT 2");
  assert.equal(bySecond.stmt.sql, `SELECT "author", "id" FROM "posts" ORDER BY 2 DESC, 1 LIMIT ?`);
  assert.deepEqual(query(db, bySecond), [[3, 5], [2, 4]]);
  const grouped = select("SELECT author, COUNT(*) FROM posts GROUP BY 1 ORDER BY 1");
  assert.deepEqual(query(db, grouped), [[1, 2], [2, 2], [3, 1]]);
});

Deno.test("UNION members with their own ORDER BY / LIMIT become subqueries", () => {
  const db = openDb(POSTS);
  const st = select(
    "(SELECT id FROM posts ORDER BY id LIMIT 1) UNION ALL (SELECT id FROM posts ORDER BY id DESC LIMIT 1)",
  );
  assert.equal(
    st.stmt.sql,
    `SELECT * FROM (SELECT "id" FROM "posts" ORDER BY "id" LIMIT ?) UNION ALL SELECT * FROM (SELECT "id" FROM "posts" ORDER BY "id" DESC LIMIT ?)`,
  );
  assert.deepEqual(query(db, st), [[1], [5]]);
  assert.deepEqual(query(db, select("(SELECT id FROM posts WHERE id = 2) ORDER BY id")), [[2]]);
});

Deno.test("derived tables: column lists and MySQL's expression names", () => {
  const db = openDb(POSTS);
  const st = select("SELECT d.n FROM (SELECT id * 10 FROM posts WHERE id = 1) AS d(n)");
  assert.deepEqual(query(db, st), [[10]]);
  const named = select("SELECT d.`COUNT(*)` FROM (SELECT COUNT(*) FROM posts) d");
  assert.deepEqual(query(db, named), [[5]]);
  const cte = select(
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r",
  );
  assert.deepEqual(query(db, cte), [[1], [2], [3]]);
});

Deno.test("join forms: STRAIGHT_JOIN, LEFT/RIGHT, NATURAL, USING, comma, parentheses", () => {
  const db = openDb(POSTS);
  const count = (sql: string) => query(db, select(sql)).length;
  assert.equal(count("SELECT p.id FROM posts p STRAIGHT_JOIN users u ON u.id = p.author"), 5);
  assert.equal(
    count(
      "SELECT u.id FROM users u LEFT OUTER JOIN posts p ON p.author = u.id AND p.status = 'draft'",
    ),
    3,
  );
  assert.equal(count("SELECT p.id FROM posts p RIGHT JOIN users u ON u.id = p.author"), 5);
  assert.equal(count("SELECT * FROM posts JOIN users USING (id)"), 3);
  assert.equal(count("SELECT * FROM posts NATURAL JOIN users"), 3);
  assert.equal(count("SELECT p.id FROM posts p, users u WHERE u.id = p.author"), 5);
  assert.equal(
    count("SELECT p.id FROM (posts p JOIN users u ON u.id = p.author) WHERE u.name = 'bob'"),
    2,
  );
});

Deno.test("session references become parameters", () => {
  const st = select(
    "SELECT DATABASE(), SCHEMA(), USER(), CURRENT_USER, CURRENT_USER(), CONNECTION_ID(), " +
      "LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT(), VERSION(), @@version, @@GLOBAL.max_connections, @x",
  );
  assert.equal(st.stmt.sql, `SELECT ${Array(13).fill("?").join(", ")}`);
  assert.deepEqual(st.stmt.params, [
    { ref: "function", name: "database" },
    { ref: "function", name: "database" },
    { ref: "function", name: "user" },
    { ref: "function", name: "current_user" },
    { ref: "function", name: "current_user" },
    { ref: "function", name: "connection_id" },
    { ref: "function", name: "last_insert_id" },
    { ref: "function", name: "found_rows" },
    { ref: "function", name: "row_count" },
    { ref: "function", name: "version" },
    { ref: "sysvar", name: "version", scope: "session" },
    { ref: "sysvar", name: "max_connections", scope: "global" },
    { ref: "uservar", name: "x" },
  ]);
  const set = select("SELECT LAST_INSERT_ID(42)");
  assert.equal(set.stmt.sql, "SELECT last_insert_id(?)");
  assert.deepEqual(query(openDb(), set), [[42]]);
  assert.equal(sqlOf(select("SELECT @@session.autocommit")), "SELECT ?");
});
