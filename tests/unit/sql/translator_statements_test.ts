import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import { all, openDb, query } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const tr = new Translator();
const tx = (sql: string, c = ctx): Statement => tr.translate(sql, c);

function errorCode(sql: string): number {
  try {
    tx(sql);
  } catch (e) {
    if (e instanceof MysqlError) return e.code;
    throw e;
  }
  return 0;
}

Deno.test("SET NAMES / CHARACTER SET / CHARSET", () => {
  assert.deepEqual(tx("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_520_ci'"), {
    kind: "set",
    assignments: [{ target: "names", charset: "utf8mb4", collation: "utf8mb4_unicode_520_ci" }],
  });
  assert.deepEqual(tx("SET NAMES utf8"), {
    kind: "set",
    assignments: [{ target: "names", charset: "utf8", collation: null }],
  });
  assert.deepEqual(tx("SET CHARACTER SET latin1"), {
    kind: "set",
    assignments: [{ target: "names", charset: "latin1", collation: null }],
  });
  assert.deepEqual(tx("SET CHARSET 'utf8mb4'"), {
    kind: "set",
    assignments: [{ target: "names", charset: "utf8mb4", collation: null }],
  });
});

Deno.test("SET of user and system variables with every scope form", () => {
  const st = tx(
    "SET @a = 1 + 2, @@session.sql_mode = 'X', @@GLOBAL.max_connections = 10, SESSION wait_timeout = 5, " +
      "GLOBAL x = 1, y = 2, LOCAL z = 3, autocommit = 0, sql_mode = TRADITIONAL, @b := @a, time_zone = DEFAULT",
  );
  assert.ok(st.kind === "set");
  const summary = st.assignments.map((a) =>
    a.target === "user"
      ? `@${a.name}=${a.value.sql}`
      : a.target === "system"
      ? `${a.scope}.${a.name}=${a.value.sql}${a.toDefault ? " (default)" : ""}`
      : a.target
  );
  assert.deepEqual(summary, [
    "@a=SELECT ? + ?",
    "session.sql_mode=SELECT ?",
    "global.max_connections=SELECT ?",
    "session.wait_timeout=SELECT ?",
    "global.x=SELECT ?",
    "global.y=SELECT ?",
    "session.z=SELECT ?",
    "session.autocommit=SELECT ?",
    "session.sql_mode=SELECT 'TRADITIONAL'",
    "@b=SELECT ?",
    "session.time_zone=SELECT NULL (default)",
  ]);
  const db = openDb();
  const a = st.assignments[0]!;
  assert.ok(a.target === "user");
  assert.deepEqual(all(db, a.value), [[3]]);
  const b = st.assignments[9]!;
  assert.ok(b.target === "user");
  assert.deepEqual(b.value.params, [{ ref: "uservar", name: "a" }]);
});

Deno.test("SET TRANSACTION characteristics", () => {
  assert.deepEqual(tx("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"), {
    kind: "set",
    assignments: [{ target: "transaction", isolation: "READ-COMMITTED", readOnly: null }],
  });
  assert.deepEqual(tx("SET TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE"), {
    kind: "set",
    assignments: [{ target: "transaction", isolation: "SERIALIZABLE", readOnly: true }],
  });
});

Deno.test("transaction control statements", () => {
  assert.deepEqual(tx("START TRANSACTION"), { kind: "begin", readOnly: false });
  assert.deepEqual(tx("START TRANSACTION READ ONLY"), { kind: "begin", readOnly: true });
  assert.deepEqual(tx("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE"), {
    kind: "begin",
    readOnly: false,
  });
  assert.deepEqual(tx("BEGIN WORK"), { kind: "begin", readOnly: false });
  assert.deepEqual(tx("begin"), { kind: "begin", readOnly: false });
  assert.deepEqual(tx("COMMIT WORK AND NO CHAIN NO RELEASE"), { kind: "commit" });
  assert.deepEqual(tx("ROLLBACK"), { kind: "rollback" });
  assert.deepEqual(tx("ROLLBACK WORK TO SAVEPOINT sp1"), {
    kind: "rollback_to_savepoint",
    name: "sp1",
  });
  assert.deepEqual(tx("ROLLBACK TO `sp 2`"), { kind: "rollback_to_savepoint", name: "sp 2" });
  assert.deepEqual(tx("SAVEPOINT sp1"), { kind: "savepoint", name: "sp1" });
  assert.deepEqual(tx("RELEASE SAVEPOINT sp1;"), { kind: "release_savepoint", name: "sp1" });
});

Deno.test("USE and CREATE / DROP DATABASE", () => {
  assert.deepEqual(tx("USE `my db`"), { kind: "use", database: "my db" });
  assert.deepEqual(
    tx(
      "CREATE DATABASE IF NOT EXISTS shop DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    ),
    {
      kind: "create_database",
      name: "shop",
      ifNotExists: true,
    },
  );
  assert.deepEqual(tx("CREATE SCHEMA s2"), {
    kind: "create_database",
    name: "s2",
    ifNotExists: false,
  });
  assert.deepEqual(tx("DROP SCHEMA IF EXISTS shop"), {
    kind: "drop_database",
    name: "shop",
    ifExists: true,
  });
  assert.deepEqual(tx("DROP DATABASE shop"), {
    kind: "drop_database",
    name: "shop",
    ifExists: false,
  });
});

Deno.test("DDL is classified and handed on with the tables it touches", () => {
  const ddl = (sql: string) => {
    const st = tx(sql);
    assert.equal(st.kind, "ddl", sql);
    return st as Extract<Statement, { kind: "ddl" }>;
  };
  assert.deepEqual(ddl("CREATE TABLE IF NOT EXISTS `Posts` (id INT) /*!40101 ENGINE=InnoDB */"), {
    kind: "ddl",
    sql: "CREATE TABLE IF NOT EXISTS `Posts` (id INT) ENGINE=InnoDB",
    database: "wp",
    tables: ["posts"],
  });
  assert.deepEqual(ddl("CREATE TEMPORARY TABLE tmp (a INT)").tables, ["tmp"]);
  assert.deepEqual(ddl("ALTER TABLE shop.items ADD COLUMN x INT").database, "shop");
  assert.deepEqual(ddl("DROP TABLE IF EXISTS a, b").tables, ["a", "b"]);
  assert.deepEqual(ddl("DROP TEMPORARY TABLE tmp").tables, ["tmp"]);
  assert.deepEqual(ddl("CREATE UNIQUE INDEX i ON t (a)").tables, ["t"]);
  assert.deepEqual(ddl("CREATE FULLTEXT INDEX i ON t (a)").tables, ["t"]);
  assert.deepEqual(ddl("DROP INDEX i ON t").tables, ["t"]);
  assert.deepEqual(ddl("CREATE OR REPLACE VIEW v AS SELECT 1").tables, ["v"]);
  assert.deepEqual(ddl("CREATE VIEW v2 AS SELECT 1").tables, ["v2"]);
  assert.deepEqual(ddl("DROP VIEW IF EXISTS v, v2").tables, ["v", "v2"]);
  assert.deepEqual(ddl("RENAME TABLE a TO b, c TO d").tables, ["a", "b", "c", "d"]);
  assert.deepEqual(ddl("TRUNCATE TABLE t").tables, ["t"]);
  assert.deepEqual(ddl("TRUNCATE t").tables, ["t"]);
  assert.equal(ddl("DROP TABLE t;").sql, "DROP TABLE t");
});

Deno.test("SHOW, DESCRIBE and EXPLAIN of a table go to the catalog", () => {
  assert.deepEqual(tx("SHOW FULL COLUMNS FROM `wp_posts` -- comment"), {
    kind: "show",
    sql: "SHOW FULL COLUMNS FROM `wp_posts`",
  });
  assert.deepEqual(tx("DESCRIBE wp_posts"), { kind: "show", sql: "DESCRIBE wp_posts" });
  assert.deepEqual(tx("DESC wp_posts"), { kind: "show", sql: "DESC wp_posts" });
  assert.deepEqual(tx("EXPLAIN wp_posts"), { kind: "show", sql: "EXPLAIN wp_posts" });
  assert.deepEqual(tx("SHOW TABLES LIKE 'wp\\_%'"), {
    kind: "show",
    sql: "SHOW TABLES LIKE 'wp\\_%'",
  });
});

Deno.test("EXPLAIN of a statement is SQLite's query plan", () => {
  const st = tx("EXPLAIN FORMAT=TRADITIONAL SELECT id FROM t WHERE id = 1");
  assert.ok(st.kind === "select");
  assert.equal(st.stmt.sql, `EXPLAIN QUERY PLAN SELECT "id" FROM "t" WHERE "id" = ?`);
  assert.deepEqual(st.columnNames, ["id", "parent", "notused", "detail"]);
  const rows = query(openDb("CREATE TABLE t (id INTEGER PRIMARY KEY)"), st);
  assert.match(String(rows[0]![3]), /SEARCH t USING INTEGER PRIMARY KEY/);
  const upd = tx("EXPLAIN UPDATE t SET id = 2 WHERE id = 1");
  assert.ok(upd.kind === "select");
  assert.match(upd.stmt.sql, /^EXPLAIN QUERY PLAN UPDATE "t"/);
});

Deno.test("accepted no-ops", () => {
  for (
    const sql of [
      "LOCK TABLES t WRITE, u READ",
      "UNLOCK TABLES",
      "FLUSH PRIVILEGES",
      "FLUSH TABLES WITH READ LOCK",
      "GRANT ALL ON wp.* TO 'u'@'%'",
      "REVOKE ALL ON wp.* FROM 'u'@'%'",
      "CREATE USER 'u'@'%' IDENTIFIED BY 'p'",
      "ALTER USER 'u'@'%' IDENTIFIED BY 'q'",
      "DROP USER 'u'@'%'",
      "SET PASSWORD FOR 'u'@'%' = 'x'",
      "ALTER DATABASE wp CHARACTER SET utf8mb4",
      "/*!40000 ALTER TABLE `wp_posts` DISABLE KEYS */",
    ]
  ) {
    assert.deepEqual(tx(sql), { kind: "noop" }, sql);
  }
});

Deno.test("DO evaluates its expressions and discards them", () => {
  const st = tx("DO 1 + 1, SLEEP(0)");
  assert.ok(st.kind === "noop");
  assert.equal(st.evaluate?.sql, "SELECT ? + ?, sleep(?)");
});

Deno.test("ANALYZE / OPTIMIZE / CHECK / REPAIR TABLE answer with MySQL's result set", () => {
  const st = tx("OPTIMIZE TABLE t, missing");
  assert.ok(st.kind === "select");
  assert.deepEqual(st.columnNames, ["Table", "Op", "Msg_type", "Msg_text"]);
  assert.deepEqual(query(openDb("CREATE TABLE t (a INT)"), st), [
    ["wp.t", "optimize", "status", "OK"],
    ["wp.missing", "optimize", "Error", "Table 'wp.missing' doesn't exist"],
  ]);
  assert.equal(errorCode("ANALYZE TABLE t"), 0);
  assert.equal(errorCode("CHECKSUM TABLE t, t2 QUICK"), 0);
});

Deno.test("KILL [CONNECTION | QUERY] takes an expression for the id", () => {
  const kill = tr.translate("KILL QUERY CONNECTION_ID() + 1", ctx);
  assert.equal(kill.kind, "kill");
  if (kill.kind === "kill") assert.equal(kill.queryOnly, true);
  const plain = tr.translate("KILL 5", ctx);
  assert.equal(plain.kind === "kill" && plain.queryOnly, false);
  assert.equal(errorCode("KILL"), 1064);
});

Deno.test("LOAD DATA LOCAL INFILE reads its options; without LOCAL it is refused (1290)", () => {
  const st = tr.translate(
    "LOAD DATA LOCAL INFILE '/tmp/x.csv' REPLACE INTO TABLE db2.t CHARACTER SET utf8mb4 " +
      "FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' " +
      "LINES STARTING BY '>' TERMINATED BY '\\r\\n' IGNORE 2 ROWS (a, `b c`)",
    ctx,
  );
  assert.deepEqual(st, {
    kind: "load_data",
    load: {
      file: "/tmp/x.csv",
      database: "db2",
      table: "t",
      duplicates: "replace",
      columns: ["a", "b c"],
      fieldsTerminatedBy: ",",
      enclosedBy: '"',
      escapedBy: "",
      linesStartingBy: ">",
      linesTerminatedBy: "\r\n",
      ignoreLines: 2,
    },
  });
  const plain = tr.translate("LOAD DATA LOCAL INFILE 'f' INTO TABLE t", ctx);
  assert.equal(plain.kind === "load_data" && plain.load.duplicates, "ignore");
  assert.equal(errorCode("LOAD DATA INFILE '/etc/passwd' INTO TABLE t"), 1290);
});

Deno.test("PREPARE / EXECUTE / DEALLOCATE PREPARE name the statement and its source", () => {
  assert.deepEqual(tr.translate("PREPARE Stmt1 FROM 'SELECT ?'", ctx), {
    kind: "sql_prepare",
    name: "stmt1",
    source: { text: "SELECT ?" },
  });
  assert.deepEqual(tr.translate("PREPARE s FROM @sql", ctx), {
    kind: "sql_prepare",
    name: "s",
    source: { variable: "sql" },
  });
  assert.deepEqual(tr.translate("EXECUTE s USING @a, @B", ctx), {
    kind: "sql_execute",
    name: "s",
    using: ["a", "b"],
  });
  assert.deepEqual(tr.translate("DROP PREPARE s", ctx), { kind: "sql_deallocate", name: "s" });
  assert.equal(errorCode("EXECUTE s USING 1"), 1064);
});

Deno.test("unsupported statements give error 1235, garbage gives 1064", () => {
  for (
    const sql of [
      "XA START 'x'",
      "LOAD XML LOCAL INFILE 'f' INTO TABLE t",
      "LOAD DATA LOCAL INFILE 'f' INTO TABLE t (a, @b) SET c = @b",
      "CALL p()",
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a = 1",
      "HANDLER t OPEN",
    ]
  ) {
    assert.equal(errorCode(sql), 1235, sql);
  }
  assert.equal(errorCode("selec 1"), 1064);
  assert.equal(errorCode("SELECT * FROM t WHERE"), 1064);
  assert.equal(errorCode(""), 1065);
  assert.equal(errorCode("  -- nothing\n"), 1065);
});

Deno.test("syntax errors quote the statement from the failing token, like MySQL", () => {
  try {
    tx("SELECT a FROM t WHERE a = = 1");
    assert.fail("no error");
  } catch (e) {
    assert.ok(e instanceof MysqlError);
    assert.equal(e.code, 1064);
    assert.equal(e.sqlState, "42000");
    assert.equal(
      e.message,
      "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version " +
        "for the right syntax to use near '= 1' at line 1",
    );
  }
});

Deno.test("valid MySQL the parser does not handle is 1235, not a syntax error", () => {
  assert.equal(errorCode("SELECT * FROM t WHERE v > ALL (SELECT v FROM u)"), 1235);
  assert.equal(errorCode("SELECT a FROM t INTO OUTFILE '/tmp/x'"), 1235);
  assert.equal(
    errorCode("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) j"),
    1235,
  );
});

Deno.test("JSON_VALUE's clauses parse in MySQL's order only", () => {
  assert.equal(errorCode("SELECT JSON_VALUE('{}', '$.a' RETURNING SIGNED NULL ON EMPTY)"), 0);
  assert.equal(errorCode("SELECT JSON_VALUE('{}', '$.a' DEFAULT 1 ON EMPTY ERROR ON ERROR)"), 0);
  assert.equal(errorCode("SELECT JSON_VALUE('{}', '$.a' NULL ON ERROR NULL ON EMPTY)"), 1064);
  assert.equal(errorCode("SELECT JSON_VALUE('{}', '$.a' ERROR ON ERROR ERROR ON ERROR)"), 1064);
  assert.equal(errorCode("SELECT JSON_VALUE('{}', '$.a' ON EMPTY)"), 1064);
});

Deno.test("absurd nesting is a MySQL parse error, not a crash", () => {
  const deep = "SELECT " + "(".repeat(100000) + "1" + ")".repeat(100000);
  assert.equal(errorCode(deep), 1064);
  const long = "SELECT " + "1 + ".repeat(5000);
  assert.equal(errorCode(long), 1064);
});

Deno.test("prepared statements: ? are numbered placeholders", () => {
  const { statement, paramCount } = tr.translatePrepared(
    "SELECT c FROM t WHERE id = ? AND k BETWEEN ? AND ? LIMIT ?",
    ctx,
  );
  assert.equal(paramCount, 4);
  assert.ok(statement.kind === "select");
  assert.equal(
    statement.stmt.sql,
    `SELECT "c" FROM "t" WHERE ("id" = ?) AND ("k" BETWEEN ? AND ?) LIMIT ?`,
  );
  assert.deepEqual(
    statement.stmt.params,
    [0, 1, 2, 3].map((index) => ({ ref: "placeholder", index })),
  );
  const db = openDb(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT, c TEXT); INSERT INTO t VALUES (1, 5, 'x'), (2, 6, 'y')",
  );
  assert.deepEqual(query(db, statement, { placeholders: [2, 1, 9, 10] }), [["y"]]);
  const ins = tr.translatePrepared("INSERT INTO t (id, k, c) VALUES (?, ?, ?)", ctx);
  assert.equal(ins.paramCount, 3);
  assert.equal(tr.translatePrepared("SET @a = ?", ctx).paramCount, 1);
  // A `?` in COM_QUERY text is a syntax error, as in MySQL.
  assert.equal(errorCode("SELECT ?"), 1064);
});
