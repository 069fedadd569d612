/** DROP TABLE, RENAME TABLE, TRUNCATE and views. */
import assert from "node:assert/strict";
import { executeDdl } from "../../../../src/sql/ddl/mod.ts";
import { catalogContext, ddl, mysqlError, openTestDb, show } from "./_helpers.ts";

const run = (db: Parameters<typeof ddl>[0], sql: string) =>
  executeDdl(sql, { database: "wordpress", db });

Deno.test("DROP TABLE drops nothing when one table is missing; IF EXISTS leaves notes", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE a (x int); CREATE TABLE b (x int)");
    const e = mysqlError(() => run(t.db, "DROP TABLE a, nope"));
    assert.equal(e.code, 1051);
    assert.equal(e.message, "Unknown table 'wordpress.nope'");
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "SHOW TABLES").rows, [["a"], ["b"]]);
    const r = run(t.db, "DROP TABLE IF EXISTS a, nope, b");
    assert.deepEqual(r.warnings, [{
      level: "Note",
      code: 1051,
      message: "Unknown table 'wordpress.nope'",
    }]);
    assert.deepEqual(show(ctx, "SHOW TABLES").rows, []);
    assert.equal(t.db.prepare(`SELECT count(*) AS n FROM __marmot_mysql_schema`).get()?.n, 0);
  } finally {
    t.close();
  }
});

Deno.test("RENAME TABLE a TO b, c TO d moves tables, keys and foreign keys", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int PRIMARY KEY, pid int, KEY k (pid), FOREIGN KEY (pid) REFERENCES p (id))",
    );
    t.db.exec("INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1)");
    run(t.db, "RENAME TABLE p TO parent, c TO child");
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "SHOW TABLES").rows, [["child"], ["parent"]]);
    assert.match(show(ctx, "SHOW CREATE TABLE child").rows[0]![1]!, /REFERENCES `parent` \(`id`\)/);
    assert.throws(() => t.db.exec("INSERT INTO child VALUES (2, 99)"), /FOREIGN KEY/);
    assert.equal(mysqlError(() => run(t.db, "RENAME TABLE nope TO x")).code, 1146);
    assert.equal(mysqlError(() => run(t.db, "RENAME TABLE child TO parent")).code, 1050);
  } finally {
    t.close();
  }
});

Deno.test("TRUNCATE empties the table and resets AUTO_INCREMENT", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, v int)");
    t.db.exec("INSERT INTO t (v) VALUES (1), (2), (3)");
    assert.equal(run(t.db, "TRUNCATE TABLE t").affectedRows, 0);
    t.db.exec("INSERT INTO t (v) VALUES (4)");
    assert.deepEqual(t.db.prepare("SELECT id, v FROM t").all().map((r) => ({ ...r })), [{
      id: 1,
      v: 4,
    }]);
    assert.equal(mysqlError(() => run(t.db, "TRUNCATE nope")).code, 1146);
  } finally {
    t.close();
  }
});

Deno.test("CREATE [OR REPLACE] VIEW, SHOW CREATE VIEW, DROP VIEW", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (id int PRIMARY KEY, name varchar(20))");
    t.db.exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    run(t.db, 'CREATE VIEW v (ident, label) AS SELECT id, name FROM `t` WHERE name <> "b"');
    assert.deepEqual(t.db.prepare("SELECT * FROM v").all().map((r) => ({ ...r })), [{
      ident: 1,
      label: "a",
    }]);
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "SHOW FULL TABLES").rows, [["t", "BASE TABLE"], ["v", "VIEW"]]);
    const cv = show(ctx, "SHOW CREATE VIEW v");
    assert.deepEqual(cv.columns, [
      "View",
      "Create View",
      "character_set_client",
      "collation_connection",
    ]);
    assert.equal(
      cv.rows[0]![1],
      'CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER VIEW `v` (`ident`,`label`) AS SELECT id, name FROM `t` WHERE name <> "b"',
    );
    assert.deepEqual(show(ctx, "DESCRIBE v").rows.map((r) => [r[0], r[1]]), [["ident", "int"], [
      "label",
      "varchar(20)",
    ]]);
    assert.equal(mysqlError(() => run(t.db, "CREATE VIEW v AS SELECT 1")).code, 1050);
    run(t.db, "CREATE OR REPLACE VIEW v AS SELECT name FROM t");
    assert.deepEqual(t.db.prepare("SELECT * FROM v ORDER BY name").all().map((r) => r.name), [
      "a",
      "b",
    ]);
    assert.equal(mysqlError(() => run(t.db, "CREATE VIEW w AS SELECT * FROM missing")).code, 1146);
    assert.equal(mysqlError(() => run(t.db, "DROP VIEW t")).code, 1347);
    assert.equal(mysqlError(() => run(t.db, "DROP TABLE v")).code, 1051);
    run(t.db, "RENAME TABLE v TO v2");
    assert.deepEqual(show(ctx, "SHOW FULL TABLES").rows, [["t", "BASE TABLE"], ["v2", "VIEW"]]);
    const r = run(t.db, "DROP VIEW IF EXISTS v2, nope");
    assert.equal(r.warnings.length, 1);
    assert.deepEqual(show(ctx, "SHOW TABLES").rows, [["t"]]);
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE … SELECT copies rows with the source column types", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (id int PRIMARY KEY, name varchar(20) NOT NULL)");
    t.db.exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    const r = run(t.db, "CREATE TABLE t2 AS SELECT id, name, 'x' AS tag FROM t");
    assert.equal(r.affectedRows, 2);
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "DESCRIBE t2").rows.map((x) => [x[0], x[1], x[2]]), [
      ["id", "int", "NO"],
      ["name", "varchar(20)", "NO"],
      ["tag", "varchar(1)", "YES"],
    ]);
    assert.equal(t.db.prepare("SELECT count(*) AS n FROM t2").get()?.n, 2);
  } finally {
    t.close();
  }
});

Deno.test("View bodies go through the translator: MySQL functions, literals and column names", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (a int, b varchar(5))");
    t.db.exec("INSERT INTO t VALUES (1, 'q'), (2, 'r')");
    run(t.db, "CREATE VIEW v AS SELECT a+1, CONCAT(b, 'x') AS c, 'lit' FROM t WHERE b = 'q'");
    const cols = t.db.prepare("SELECT * FROM v").columns().map((c) => c.name);
    assert.deepEqual(cols, ["a+1", "c", "lit"]);
    assert.deepEqual(t.db.prepare("SELECT * FROM v").all().map((r) => ({ ...r })), [{
      "a+1": 2,
      c: "qx",
      lit: "lit",
    }]);
    assert.equal(mysqlError(() => run(t.db, "CREATE VIEW w AS SELECT @x")).code, 1351);
  } finally {
    t.close();
  }
});
