/** ALTER TABLE: every form keeps the rows and the keys, and fails like MySQL. */
import assert from "node:assert/strict";
import type { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../../src/sql/ddl/mod.ts";
import { catalogContext, ddl, mysqlError, openTestDb, show } from "./_helpers.ts";

function setup() {
  const t = openTestDb();
  ddl(
    t.db,
    `CREATE TABLE t (
      id bigint(20) unsigned NOT NULL auto_increment,
      name varchar(50) NOT NULL default '',
      qty int(11) NOT NULL default '0',
      note text,
      PRIMARY KEY (id),
      UNIQUE KEY name (name),
      KEY qty (qty)
    ) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
  );
  t.db.exec("INSERT INTO t (name, qty, note) VALUES ('a', 1, 'x'), ('b', 2, NULL), ('c', 3, 'z')");
  return { ...t, ctx: catalogContext({ wordpress: t.db }) };
}

function alter(db: DatabaseSync, sql: string) {
  return executeDdl(sql, { database: "wordpress", db });
}

function rows(db: DatabaseSync, sql = "SELECT * FROM t ORDER BY id") {
  return db.prepare(sql).all().map((r) => ({ ...r }));
}

function keys(ctx: ReturnType<typeof catalogContext>, table = "t") {
  return show(ctx, `SHOW INDEX FROM ${table}`).rows.map((r) => `${r[2]}:${r[4]}`);
}

function fields(ctx: ReturnType<typeof catalogContext>, table = "t") {
  return show(ctx, `SHOW COLUMNS FROM ${table}`).rows.map((r) => `${r[0]} ${r[1]}`);
}

Deno.test("ALTER TABLE ADD COLUMN at the end, FIRST and AFTER keeps rows and keys", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t ADD COLUMN flag tinyint(1) NOT NULL DEFAULT 1");
    alter(db, "ALTER TABLE t ADD first_col varchar(5) FIRST, ADD after_name int AFTER name");
    assert.deepEqual(fields(ctx), [
      "first_col varchar(5)",
      "id bigint(20) unsigned",
      "name varchar(50)",
      "after_name int",
      "qty int(11)",
      "note text",
      "flag tinyint(1)",
    ]);
    assert.deepEqual(
      rows(db, "SELECT id, name, qty, flag, first_col, after_name FROM t ORDER BY id"),
      [
        { id: 1, name: "a", qty: 1, flag: 1, first_col: null, after_name: null },
        { id: 2, name: "b", qty: 2, flag: 1, first_col: null, after_name: null },
        { id: 3, name: "c", qty: 3, flag: 1, first_col: null, after_name: null },
      ],
    );
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name", "qty:qty"]);
    // the unique key still works (and is still case-insensitive)
    assert.throws(() => db.exec("INSERT INTO t (name) VALUES ('A')"), /UNIQUE/);
    // AUTO_INCREMENT continues after the rebuild
    db.exec("INSERT INTO t (name) VALUES ('d')");
    assert.equal(db.prepare("SELECT max(id) AS m FROM t").get()?.m, 4);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE DROP COLUMN removes it from keys and drops emptied keys", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t DROP COLUMN qty, DROP note");
    assert.deepEqual(fields(ctx), ["id bigint(20) unsigned", "name varchar(50)"]);
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name"]);
    assert.deepEqual(rows(db), [{ id: 1, name: "a" }, { id: 2, name: "b" }, { id: 3, name: "c" }]);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t DROP COLUMN nope")).code, 1091);
    alter(db, "ALTER TABLE t DROP name");
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t DROP id")).code, 1090);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE MODIFY and CHANGE convert values and keep data", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t MODIFY qty bigint(20) NOT NULL DEFAULT 5 COMMENT 'how many'");
    alter(db, "ALTER TABLE t CHANGE COLUMN note remark varchar(100) NOT NULL DEFAULT 'none'");
    const full = show(ctx, "SHOW FULL COLUMNS FROM t").rows;
    assert.deepEqual(full.map((r) => [r[0], r[1], r[3], r[5], r[8]]), [
      ["id", "bigint(20) unsigned", "NO", null, ""],
      ["name", "varchar(50)", "NO", "", ""],
      ["qty", "bigint(20)", "NO", "5", "how many"],
      ["remark", "varchar(100)", "NO", "none", ""],
    ]);
    // a NULL in a column made NOT NULL takes the column default, as MySQL's non-strict ALTER
    assert.deepEqual(rows(db, "SELECT id, remark FROM t ORDER BY id"), [
      { id: 1, remark: "x" },
      { id: 2, remark: "none" },
      { id: 3, remark: "z" },
    ]);
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name", "qty:qty"]);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t CHANGE nope x int")).code, 1054);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t CHANGE qty name int")).code, 1060);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE RENAME COLUMN and RENAME TO keep keys; the old name is gone", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t RENAME COLUMN qty TO quantity");
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name", "qty:quantity"]);
    alter(db, "ALTER TABLE t RENAME TO items");
    assert.deepEqual(keys(ctx, "items"), ["PRIMARY:id", "name:name", "qty:quantity"]);
    assert.deepEqual(show(ctx, "SHOW TABLES").rows, [["items"]]);
    assert.equal(rows(db, "SELECT count(*) AS n FROM items")[0]!.n, 3);
    // a new table may reuse the old name and its key names
    ddl(db, "CREATE TABLE t (id int PRIMARY KEY, name varchar(5), UNIQUE KEY name (name))");
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name"]);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE items RENAME TO t")).code, 1050);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE ADD/DROP INDEX, UNIQUE and PRIMARY KEY", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t ADD INDEX name_qty (name, qty), DROP INDEX qty, ADD KEY (note(10))");
    assert.deepEqual(keys(ctx), [
      "PRIMARY:id",
      "name:name",
      "name_qty:name",
      "name_qty:qty",
      "note:note",
    ]);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t ADD INDEX name_qty (qty)")).code, 1061);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t DROP INDEX nope")).code, 1091);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t ADD PRIMARY KEY (name)")).code, 1068);
    db.exec("INSERT INTO t (name, qty) VALUES ('d', 1)");
    const dup = mysqlError(() => alter(db, "ALTER TABLE t ADD UNIQUE KEY uq_qty (qty)"));
    assert.equal(dup.code, 1062);
    assert.match(dup.message, /Duplicate entry '1' for key 't.uq_qty'/);
    // CREATE INDEX / DROP INDEX statements
    executeDdl("CREATE UNIQUE INDEX uq_note ON t (note(20))", { database: "wordpress", db });
    executeDdl("DROP INDEX name_qty ON t", { database: "wordpress", db });
    assert.deepEqual(keys(ctx), ["PRIMARY:id", "name:name", "uq_note:note", "note:note"]);
    // index names are per table: another table may use the same key name
    ddl(db, "CREATE TABLE u (id int, note text, KEY note (note(5)))");
    assert.deepEqual(keys(ctx, "u"), ["note:note"]);
    assert.deepEqual(rows(db, "SELECT count(*) AS n FROM t"), [{ n: 4 }]);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE DROP PRIMARY KEY and ADD PRIMARY KEY on a non-auto table", () => {
  const { db, ctx, close } = setup();
  try {
    ddl(db, "CREATE TABLE r (a int NOT NULL, b int NOT NULL, c varchar(5), PRIMARY KEY (a, b))");
    db.exec("INSERT INTO r VALUES (1, 1, 'x'), (1, 2, 'y')");
    alter(db, "ALTER TABLE r DROP PRIMARY KEY, ADD PRIMARY KEY (a, b, c)");
    assert.deepEqual(keys(ctx, "r"), ["PRIMARY:a", "PRIMARY:b", "PRIMARY:c"]);
    assert.deepEqual(show(ctx, "SHOW COLUMNS FROM r").rows.map((x) => x[2]), ["NO", "NO", "NO"]);
    assert.deepEqual(rows(db, "SELECT * FROM r ORDER BY b"), [{ a: 1, b: 1, c: "x" }, {
      a: 1,
      b: 2,
      c: "y",
    }]);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t DROP PRIMARY KEY")).code, 1075);
  } finally {
    close();
  }
});

Deno.test("ALTER COLUMN SET/DROP DEFAULT and table options", () => {
  const { db, ctx, close } = setup();
  try {
    alter(
      db,
      "ALTER TABLE t ALTER COLUMN qty SET DEFAULT 7, ALTER name DROP DEFAULT, COMMENT = 'stock', AUTO_INCREMENT = 100",
    );
    assert.deepEqual(show(ctx, "SHOW COLUMNS FROM t").rows.map((r) => [r[0], r[4]]), [
      ["id", null],
      ["name", null],
      ["qty", "7"],
      ["note", null],
    ]);
    db.exec("INSERT INTO t (name) VALUES ('n')");
    assert.deepEqual(rows(db, "SELECT id, qty FROM t WHERE name = 'n'"), [{ id: 100, qty: 7 }]);
    const create = show(ctx, "SHOW CREATE TABLE t").rows[0]![1]!;
    assert.match(
      create,
      /\) ENGINE=InnoDB AUTO_INCREMENT=101 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci COMMENT='stock'$/,
    );
    // AUTO_INCREMENT below the current maximum moves to MAX+1, as in MySQL
    alter(db, "ALTER TABLE t AUTO_INCREMENT = 2");
    db.exec("INSERT INTO t (name) VALUES ('m')");
    assert.deepEqual(rows(db, "SELECT id FROM t WHERE name = 'm'"), [{ id: 101 }]);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE on a missing table, a view, or bad syntax", () => {
  const { db, close } = setup();
  try {
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE nope ADD x int")).code, 1146);
    ddl(db, "CREATE VIEW v AS SELECT id FROM t");
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE v ADD x int")).code, 1347);
    const e = mysqlError(() => alter(db, "ALTER TABLE t ADD COLUMN"));
    assert.equal(e.code, 1064);
    assert.equal(e.sqlState, "42000");
    // a failed ALTER leaves table and rows untouched
    assert.equal(
      mysqlError(() => alter(db, "ALTER TABLE t ADD x int, ADD UNIQUE (qty), DROP COLUMN nope"))
        .code,
      1091,
    );
    assert.equal(rows(db, "SELECT count(*) AS n FROM t")[0]!.n, 3);
  } finally {
    close();
  }
});

Deno.test("ALTER TABLE CONVERT TO CHARACTER SET changes every text column", () => {
  const { db, ctx, close } = setup();
  try {
    alter(db, "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    const full = show(ctx, "SHOW FULL COLUMNS FROM t").rows;
    assert.deepEqual(full.map((r) => r[2]), [null, "utf8mb4_bin", null, "utf8mb4_bin"]);
    // _bin collations compare case-sensitively: 'A' is now distinct from 'a'
    db.exec("INSERT INTO t (name) VALUES ('A')");
    assert.equal(rows(db, "SELECT count(*) AS n FROM t WHERE name = 'a'")[0]!.n, 1);
  } finally {
    close();
  }
});

Deno.test("a column a CHECK constraint uses cannot be dropped or renamed (3959) until the check goes", () => {
  const { db, ctx } = setup();
  try {
    alter(db, "ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (`qty` > 0 AND abs(qty) < 100)");
    const dropped = mysqlError(() => alter(db, "ALTER TABLE t DROP COLUMN qty"));
    assert.equal(dropped.code, 3959);
    assert.equal(
      dropped.message,
      "Check constraint 'qty_positive' uses column 'qty', hence column cannot be dropped or renamed.",
    );
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t RENAME COLUMN qty TO n")).code, 3959);
    assert.equal(mysqlError(() => alter(db, "ALTER TABLE t CHANGE qty n int")).code, 3959);
    alter(db, "ALTER TABLE t MODIFY qty bigint NOT NULL, DROP COLUMN note");
    alter(db, "ALTER TABLE t DROP CHECK qty_positive, DROP COLUMN qty");
    assert.deepEqual(fields(ctx), ["id bigint(20) unsigned", "name varchar(50)"]);
  } finally {
    db.close();
  }
});
