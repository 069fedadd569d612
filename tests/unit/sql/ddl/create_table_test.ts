/** CREATE TABLE: the SQLite schema it produces and MySQL's errors. */
import assert from "node:assert/strict";
import { executeDdl } from "../../../../src/sql/ddl/mod.ts";
import { catalogContext, ddl, mysqlError, openTestDb, show, wordpressSchema } from "./_helpers.ts";

const ctxOf = (db: Parameters<typeof ddl>[0]) => ({ database: "wordpress", db });

Deno.test("CREATE TABLE gives SQLite the right affinity, NOCASE for _ci, AUTOINCREMENT rowid", () => {
  const t = openTestDb();
  try {
    ddl(t.db, wordpressSchema());
    const sql = String(
      t.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'wp_options'").get()?.sql,
    );
    assert.match(sql, /"option_id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL/);
    assert.match(
      sql,
      /"option_name" VARCHAR\(191\) NOT NULL ON CONFLICT REPLACE DEFAULT '' COLLATE NOCASE/,
    );
    const idx = t.db.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'wp_postmeta' ORDER BY name",
    ).all();
    assert.deepEqual(idx.map((r) => r.name), ["wp_postmeta__meta_key", "wp_postmeta__post_id"]);
    // DATETIME keeps text, DECIMAL-like and integer columns convert numeric text; BINARY(n)
    // holds bytes (its stored form, see coercion_test.ts)
    ddl(t.db, "CREATE TABLE a (d datetime, b binary(3), n int, j json, y year)");
    t.db.exec("INSERT INTO a VALUES ('20240101', '007', '42', '{}', '2024')");
    const types = t.db.prepare(
      "SELECT typeof(d) AS d, typeof(b) AS b, typeof(n) AS n, typeof(j) AS j, typeof(y) AS y FROM a",
    ).get();
    assert.deepEqual({ ...types }, { d: "text", b: "blob", n: "integer", j: "text", y: "integer" });
  } finally {
    t.close();
  }
});

Deno.test("sysbench's CREATE TABLE with an executable comment and CREATE INDEX", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE sbtest1(\n  id INTEGER NOT NULL AUTO_INCREMENT,\n  k INTEGER DEFAULT '0' NOT NULL,\n  c CHAR(120) DEFAULT '' NOT NULL,\n  pad CHAR(60) DEFAULT '' NOT NULL,\n  PRIMARY KEY (id)\n) /*! ENGINE = innodb */",
    );
    executeDdl("CREATE INDEX k_1 ON sbtest1(k)", ctxOf(t.db));
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "DESCRIBE sbtest1").rows, [
      ["id", "int", "NO", "PRI", null, "auto_increment"],
      ["k", "int", "NO", "MUL", "0", ""],
      ["c", "char(120)", "NO", "", "", ""],
      ["pad", "char(60)", "NO", "", "", ""],
    ]);
    t.db.exec("INSERT INTO sbtest1 (k, c, pad) VALUES (1, 'a', 'b'), (2, 'c', 'd')");
    assert.equal(t.db.prepare("SELECT max(id) AS m FROM sbtest1").get()?.m, 2);
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE errors: exists, duplicate column/key, keys, syntax", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (id int PRIMARY KEY)");
    const cases: Array<[string, number]> = [
      ["CREATE TABLE t (a int)", 1050],
      ["CREATE TABLE T (a int)", 1050],
      ["CREATE TABLE x (a int, A int)", 1060],
      ["CREATE TABLE x (a int, b int, KEY k (a), KEY k (b))", 1061],
      ["CREATE TABLE x (a int PRIMARY KEY, b int, PRIMARY KEY (b))", 1068],
      ["CREATE TABLE x (a int AUTO_INCREMENT)", 1075],
      ["CREATE TABLE x (a int AUTO_INCREMENT PRIMARY KEY, b int AUTO_INCREMENT, KEY (b))", 1075],
      ["CREATE TABLE x (a int, KEY (b))", 1072],
      ["CREATE TABLE x (a text, KEY (a))", 1170],
      ["CREATE TABLE x (a int DEFAULT 'abc')", 1067],
      ["CREATE TABLE x (a int NOT NULL DEFAULT NULL)", 1067],
      ["CREATE TABLE x (a enum('p','q') DEFAULT 'r')", 1067],
      ["CREATE TABLE x (a varchar(10) CHARACTER SET nope)", 1115],
      ["CREATE TABLE x (a varchar(10) COLLATE nope_ci)", 1273],
      ["CREATE TABLE x (a char(300))", 1074],
      ["CREATE TABLE x (a decimal(70,2))", 1426],
      ["CREATE TABLE x (a varchar)", 1064],
      ["CREATE TABLE x (a int,)", 1064],
      ["CREATE TABLE x LIKE nope", 1146],
      ["CREATE TABLE __marmot_x (a int)", 1103],
      ["CREATE TABLE sqlite_x (a int)", 1103],
      ["CREATE TABLE other.x (a int)", 1235],
    ];
    for (const [sql, code] of cases) {
      const e = mysqlError(() => executeDdl(sql, ctxOf(t.db)));
      assert.equal(e.code, code, `${sql} -> ${e.code} ${e.message}`);
    }
    // nothing half-created
    const names = t.db.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
    ).all();
    assert.deepEqual(names.map((r) => r.name), ["__marmot_mysql_schema", "t"]);
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE IF NOT EXISTS on an existing table leaves a 1050 note", () => {
  const t = openTestDb();
  try {
    ddl(t.db, "CREATE TABLE t (id int)");
    const r = executeDdl("CREATE TABLE IF NOT EXISTS t (other int)", ctxOf(t.db));
    assert.deepEqual(r.warnings, [{
      level: "Note",
      code: 1050,
      message: "Table 't' already exists",
    }]);
    assert.deepEqual(
      show(catalogContext({ wordpress: t.db }), "SHOW COLUMNS FROM t").rows.map((x) => x[0]),
      ["id"],
    );
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE AUTO_INCREMENT=N starts the counter at N", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, v int, PRIMARY KEY (id)) ENGINE=InnoDB AUTO_INCREMENT=1000",
    );
    t.db.exec("INSERT INTO t (v) VALUES (1), (2)");
    assert.deepEqual(t.db.prepare("SELECT id FROM t ORDER BY id").all().map((r) => r.id), [
      1000,
      1001,
    ]);
    const status = show(catalogContext({ wordpress: t.db }), "SHOW TABLE STATUS LIKE 't'");
    assert.equal(status.rows[0]![10], "1002");
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE LIKE copies columns, keys and options but not rows", () => {
  const t = openTestDb();
  try {
    ddl(t.db, wordpressSchema());
    t.db.exec("INSERT INTO wp_options (option_name, option_value) VALUES ('a', 'b')");
    ddl(t.db, "CREATE TABLE wp_options_copy LIKE wp_options");
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(
      show(ctx, "SHOW FULL COLUMNS FROM wp_options_copy").rows,
      show(ctx, "SHOW FULL COLUMNS FROM wp_options").rows,
    );
    assert.deepEqual(
      show(ctx, "SHOW INDEX FROM wp_options_copy").rows.map((r) => r.slice(1)),
      show(ctx, "SHOW INDEX FROM wp_options").rows.map((
        r,
      ) => [r[1], r[2], r[3], r[4], r[5], "0", ...r.slice(7)]),
    );
    assert.equal(t.db.prepare("SELECT count(*) AS n FROM wp_options_copy").get()?.n, 0);
  } finally {
    t.close();
  }
});

Deno.test("Inline keys, foreign keys, checks and generated columns", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      `CREATE TABLE parent (id int PRIMARY KEY, code varchar(10) UNIQUE);
       CREATE TABLE child (
         id int NOT NULL AUTO_INCREMENT,
         pid int,
         qty int CHECK (qty >= 0),
         total int AS (qty * 2) STORED,
         PRIMARY KEY (id),
         CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE
       )`,
    );
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "SHOW INDEX FROM child").rows.map((r) => `${r[2]}:${r[4]}`), [
      "PRIMARY:id",
      "fk_parent:pid",
    ]);
    assert.deepEqual(
      show(ctx, "SHOW INDEX FROM parent").rows.map((r) => `${r[1]}:${r[2]}:${r[4]}`),
      ["0:PRIMARY:id", "0:code:code"],
    );
    const create = show(ctx, "SHOW CREATE TABLE child").rows[0]![1]!;
    assert.match(create, /`total` int GENERATED ALWAYS AS \(qty \* 2\) STORED/);
    assert.match(
      create,
      /CONSTRAINT `fk_parent` FOREIGN KEY \(`pid`\) REFERENCES `parent` \(`id`\) ON DELETE CASCADE/,
    );
    assert.match(create, /CONSTRAINT `child_chk_1` CHECK \(qty >= 0\)/);
    t.db.exec("INSERT INTO parent VALUES (1, 'x')");
    t.db.exec("INSERT INTO child (pid, qty) VALUES (1, 3)");
    assert.equal(t.db.prepare("SELECT total FROM child").get()?.total, 6);
    assert.throws(() => t.db.exec("INSERT INTO child (pid, qty) VALUES (1, -1)"), /CHECK/);
    assert.throws(() => t.db.exec("INSERT INTO child (pid, qty) VALUES (9, 1)"), /FOREIGN KEY/);
    t.db.exec("DELETE FROM parent WHERE id = 1");
    assert.equal(t.db.prepare("SELECT count(*) AS n FROM child").get()?.n, 0);
  } finally {
    t.close();
  }
});

Deno.test("The hidden catalog table and our triggers never show", () => {
  const t = openTestDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE t (id int, ts timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
    );
    const ctx = catalogContext({ wordpress: t.db });
    assert.deepEqual(show(ctx, "SHOW FULL TABLES").rows, [["t", "BASE TABLE"]]);
    assert.deepEqual(show(ctx, "SHOW TRIGGERS").rows, []);
    assert.deepEqual(show(ctx, "SHOW TABLE STATUS").rows.map((r) => r[0]), ["t"]);
    assert.equal(mysqlError(() => show(ctx, "SHOW COLUMNS FROM __marmot_mysql_schema")).code, 1146);
    assert.equal(mysqlError(() => show(ctx, "SHOW CREATE TABLE sqlite_sequence")).code, 1146);
  } finally {
    t.close();
  }
});
