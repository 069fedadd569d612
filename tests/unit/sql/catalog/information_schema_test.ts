/** INFORMATION_SCHEMA tables materialised on a connection and queried with plain SQL. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { materializeInformationSchema } from "../../../../src/sql/catalog/mod.ts";
import { MysqlError } from "../../../../src/types/errors.ts";
import { catalogContext, ddl, openTestDb, wordpressSchema } from "../ddl/_helpers.ts";

function setup() {
  const t = openTestDb();
  ddl(t.db, wordpressSchema());
  const other = new DatabaseSync(":memory:");
  ddl(
    other,
    "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, pid int, CONSTRAINT fk_p FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE)",
  );
  const ctx = catalogContext({ wordpress: t.db, shop: other });
  return { ...t, other, ctx };
}

const all = (db: DatabaseSync, sql: string) => db.prepare(sql).all().map((r) => Object.values(r));

Deno.test("INFORMATION_SCHEMA.COLUMNS answers DBeaver's query with WHERE and ORDER BY", () => {
  const { db, ctx, close } = setup();
  try {
    materializeInformationSchema(db, ["columns"], ctx);
    const rows = all(
      db,
      "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, " +
        "CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME, " +
        "COLUMN_TYPE, COLUMN_KEY, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'wordpress' " +
        "AND TABLE_NAME = 'wp_comments' ORDER BY ORDINAL_POSITION LIMIT 9",
    );
    // From MariaDB 10.11, except COLUMN_DEFAULT: MariaDB quotes literals ('0', ''), MySQL 8 does not.
    const c = "utf8mb4";
    const k = "utf8mb4_unicode_520_ci";
    assert.deepEqual(rows, [
      [
        "comment_ID",
        1,
        null,
        "NO",
        "bigint",
        null,
        null,
        20,
        0,
        null,
        null,
        null,
        "bigint(20) unsigned",
        "PRI",
        "auto_increment",
      ],
      [
        "comment_post_ID",
        2,
        "0",
        "NO",
        "bigint",
        null,
        null,
        20,
        0,
        null,
        null,
        null,
        "bigint(20) unsigned",
        "MUL",
        "",
      ],
      [
        "comment_author",
        3,
        null,
        "NO",
        "tinytext",
        255,
        255,
        null,
        null,
        null,
        c,
        k,
        "tinytext",
        "",
        "",
      ],
      [
        "comment_author_email",
        4,
        "",
        "NO",
        "varchar",
        100,
        400,
        null,
        null,
        null,
        c,
        k,
        "varchar(100)",
        "MUL",
        "",
      ],
      [
        "comment_author_url",
        5,
        "",
        "NO",
        "varchar",
        200,
        800,
        null,
        null,
        null,
        c,
        k,
        "varchar(200)",
        "",
        "",
      ],
      [
        "comment_author_IP",
        6,
        "",
        "NO",
        "varchar",
        100,
        400,
        null,
        null,
        null,
        c,
        k,
        "varchar(100)",
        "",
        "",
      ],
      [
        "comment_date",
        7,
        "0000-00-00 00:00:00",
        "NO",
        "datetime",
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        "datetime",
        "",
        "",
      ],
      [
        "comment_date_gmt",
        8,
        "0000-00-00 00:00:00",
        "NO",
        "datetime",
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        "datetime",
        "MUL",
        "",
      ],
      [
        "comment_content",
        9,
        null,
        "NO",
        "text",
        65535,
        65535,
        null,
        null,
        null,
        c,
        k,
        "text",
        "",
        "",
      ],
    ]);
    const count =
      all(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'shop'")[0]![0];
    assert.equal(count, 3);
  } finally {
    close();
  }
});

Deno.test("INFORMATION_SCHEMA.TABLES sums sizes and joins with COLUMNS; hidden tables never appear", () => {
  const { db, ctx, close } = setup();
  try {
    db.exec("INSERT INTO wp_options (option_name, option_value) VALUES ('a', 'x'), ('b', 'y')");
    materializeInformationSchema(db, ["tables", "columns"], ctx);
    const names = all(
      db,
      "SELECT TABLE_NAME FROM information_schema.tables WHERE TABLE_SCHEMA = 'wordpress' ORDER BY TABLE_NAME",
    ).map((r) => r[0]);
    assert.equal(names.length, 12);
    assert.ok(
      !names.some((n) => String(n).startsWith("__marmot") || String(n).startsWith("sqlite")),
    );
    const opt = all(
      db,
      "SELECT TABLE_TYPE, ENGINE, TABLE_ROWS, AUTO_INCREMENT, TABLE_COLLATION FROM information_schema.TABLES WHERE table_name = 'wp_options'",
    );
    assert.deepEqual(opt, [["BASE TABLE", "InnoDB", 2, 3, "utf8mb4_unicode_520_ci"]]);
    // WordPress Site Health: SUM(DATA_LENGTH + INDEX_LENGTH)
    const size = Number(
      all(
        db,
        "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'wordpress'",
      )[0]![0],
    );
    assert.ok(size >= 12 * 16384);
    const joined = all(
      db,
      "SELECT t.TABLE_NAME, count(c.COLUMN_NAME) AS n FROM information_schema.TABLES t JOIN information_schema.COLUMNS c " +
        "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA = 'wordpress' " +
        "GROUP BY t.TABLE_NAME ORDER BY n DESC, t.TABLE_NAME LIMIT 2",
    );
    assert.deepEqual(joined, [["wp_posts", 23], ["wp_comments", 15]]);
    const sys = all(
      db,
      "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'COLUMNS'",
    );
    assert.deepEqual(sys, [["SYSTEM VIEW"]]);
  } finally {
    close();
  }
});

Deno.test("INFORMATION_SCHEMA.STATISTICS, KEY_COLUMN_USAGE and constraints as MariaDB lists them", () => {
  const { db, ctx, close } = setup();
  try {
    materializeInformationSchema(db, [
      "statistics",
      "key_column_usage",
      "table_constraints",
      "referential_constraints",
    ], ctx);
    assert.deepEqual(
      all(
        db,
        "SELECT NON_UNIQUE, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, NULLABLE, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_NAME = 'wp_postmeta' ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME",
      ),
      [
        [0, "PRIMARY", 1, "meta_id", "A", null, "", "BTREE"],
        [1, "meta_key", 1, "meta_key", "A", 191, "YES", "BTREE"],
        [1, "post_id", 1, "post_id", "A", null, "", "BTREE"],
      ],
    );
    assert.deepEqual(
      all(
        db,
        "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_NAME IN ('wp_options', 'child') ORDER BY TABLE_NAME DESC, CONSTRAINT_NAME",
      ),
      // names compare case-insensitively, as under MySQL's utf8mb3_general_ci
      [
        ["option_name", "wp_options", "option_name", 1, null, null, null, null],
        ["PRIMARY", "wp_options", "option_id", 1, null, null, null, null],
        ["fk_p", "child", "pid", 1, 1, "shop", "parent", "id"],
        ["PRIMARY", "child", "id", 1, null, null, null, null],
      ],
    );
    assert.deepEqual(
      all(
        db,
        "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'child' ORDER BY CONSTRAINT_NAME",
      ),
      [["fk_p", "FOREIGN KEY"], ["PRIMARY", "PRIMARY KEY"]],
    );
    assert.deepEqual(
      all(
        db,
        "SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS",
      ),
      [["fk_p", "PRIMARY", "NO ACTION", "CASCADE", "child", "parent"]],
    );
  } finally {
    close();
  }
});

Deno.test("Refilling reflects DDL; empty tables exist; unknown ones fail with 1109", () => {
  const { db, ctx, close } = setup();
  try {
    materializeInformationSchema(db, [
      "tables",
      "routines",
      "triggers",
      "schemata",
      "views",
      "engines",
      "collations",
      "keywords",
      "column_privileges",
    ], ctx);
    assert.deepEqual(all(db, "SELECT count(*) FROM information_schema.ROUTINES"), [[0]]);
    assert.deepEqual(all(db, "SELECT count(*) FROM information_schema.COLUMN_PRIVILEGES"), [[0]]);
    // Connector/J's getSQLKeywords.
    assert.deepEqual(
      all(
        db,
        "SELECT WORD FROM information_schema.KEYWORDS WHERE RESERVED = 1 AND WORD IN " +
          "('SELECT', 'LATERAL', 'TABLE') ORDER BY WORD",
      ),
      [["LATERAL"], ["SELECT"], ["TABLE"]],
    );
    assert.deepEqual(
      all(
        db,
        "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME",
      ),
      [["information_schema", "utf8mb3"], ["shop", "utf8mb4"], ["wordpress", "utf8mb4"]],
    );
    assert.deepEqual(
      all(db, "SELECT ENGINE, SUPPORT FROM information_schema.ENGINES WHERE SUPPORT = 'DEFAULT'"),
      [["InnoDB", "DEFAULT"]],
    );
    assert.deepEqual(
      all(
        db,
        "SELECT ID FROM information_schema.COLLATIONS WHERE COLLATION_NAME = 'utf8mb4_unicode_520_ci'",
      ),
      [[246]],
    );
    ddl(db, "CREATE VIEW recent AS SELECT ID FROM wp_posts");
    materializeInformationSchema(db, ["TABLES", "VIEWS"], ctx);
    assert.deepEqual(
      all(db, "SELECT TABLE_TYPE FROM information_schema.tables WHERE table_name = 'recent'"),
      [["VIEW"]],
    );
    assert.deepEqual(
      all(db, "SELECT VIEW_DEFINITION, CHECK_OPTION FROM information_schema.views"),
      [["SELECT ID FROM wp_posts", "NONE"]],
    );
    assert.throws(
      () => materializeInformationSchema(db, ["nope"], ctx),
      (e) => e instanceof MysqlError && e.code === 1109,
    );
  } finally {
    close();
  }
});
