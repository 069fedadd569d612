/** SHOW statements: result shapes (column names and order) and filters, as MySQL 8. */
import assert from "node:assert/strict";
import { runShow } from "../../../../src/sql/catalog/mod.ts";
import { ColumnType } from "../../../../src/types/column.ts";
import {
  catalogContext,
  ddl,
  mysqlError,
  openTestDb,
  show,
  wordpressSchema,
} from "../ddl/_helpers.ts";

function setup() {
  const t = openTestDb();
  ddl(t.db, wordpressSchema());
  return { ...t, ctx: catalogContext({ wordpress: t.db }) };
}

Deno.test("SHOW DATABASES lists information_schema and user databases", () => {
  const { ctx, close } = setup();
  try {
    assert.deepEqual(show(ctx, "SHOW DATABASES"), {
      columns: ["Database"],
      rows: [["information_schema"], ["wordpress"]],
    });
    assert.deepEqual(show(ctx, "SHOW SCHEMAS LIKE 'word%'").rows, [["wordpress"]]);
    assert.deepEqual(show(ctx, "SHOW DATABASES WHERE `Database` <> 'information_schema'").rows, [[
      "wordpress",
    ]]);
  } finally {
    close();
  }
});

Deno.test("SHOW TABLES with FROM, WHERE on Tables_in_<db>, and information_schema", () => {
  const { ctx, close } = setup();
  try {
    const r = show(
      ctx,
      "SHOW FULL TABLES FROM `wordpress` WHERE `Tables_in_wordpress` LIKE 'wp\\_term%'",
    );
    assert.deepEqual(r.columns, ["Tables_in_wordpress", "Table_type"]);
    assert.deepEqual(r.rows, [
      ["wp_term_relationships", "BASE TABLE"],
      ["wp_term_taxonomy", "BASE TABLE"],
      ["wp_termmeta", "BASE TABLE"],
      ["wp_terms", "BASE TABLE"],
    ]);
    const is = show(ctx, "SHOW TABLES FROM information_schema LIKE 'COL%'");
    assert.deepEqual(is.rows, [
      ["COLLATIONS"],
      ["COLLATION_CHARACTER_SET_APPLICABILITY"],
      ["COLUMNS"],
      ["COLUMN_PRIVILEGES"],
    ]);
    assert.equal(mysqlError(() => show(ctx, "SHOW TABLES FROM nope")).code, 1049);
    assert.equal(mysqlError(() => show(catalogContext({}, null), "SHOW TABLES")).code, 1046);
  } finally {
    close();
  }
});

Deno.test("SHOW COLUMNS FROM t FROM db, LIKE, WHERE; DESCRIBE t col; errors", () => {
  const { ctx, close } = setup();
  try {
    assert.deepEqual(
      show(ctx, "SHOW COLUMNS FROM wp_users FROM wordpress LIKE 'user\\_%'").rows.map((r) => r[0]),
      [
        "user_login",
        "user_pass",
        "user_nicename",
        "user_email",
        "user_url",
        "user_registered",
        "user_activation_key",
        "user_status",
      ],
    );
    assert.deepEqual(
      show(ctx, "SHOW FIELDS IN wordpress.wp_users WHERE `Key` = 'PRI' OR Field = 'display_name'")
        .rows.map((r) => r[0]),
      ["ID", "display_name"],
    );
    assert.deepEqual(show(ctx, "DESC wp_users user_email").rows, [[
      "user_email",
      "varchar(100)",
      "NO",
      "MUL",
      "",
      "",
    ]]);
    assert.deepEqual(show(ctx, "EXPLAIN wp_users 'user_e%'").rows.map((r) => r[0]), ["user_email"]);
    assert.deepEqual(
      show(ctx, "SHOW COLUMNS FROM information_schema.SCHEMATA").rows.map((r) => [r[0], r[1]]),
      [
        ["CATALOG_NAME", "varchar(64)"],
        ["SCHEMA_NAME", "varchar(64)"],
        ["DEFAULT_CHARACTER_SET_NAME", "varchar(64)"],
        ["DEFAULT_COLLATION_NAME", "varchar(64)"],
        ["SQL_PATH", "binary(0)"],
        ["DEFAULT_ENCRYPTION", "enum('NO','YES')"],
      ],
    );
    const e = mysqlError(() => show(ctx, "SHOW COLUMNS FROM nope"));
    assert.equal(e.code, 1146);
    assert.equal(e.message, "Table 'wordpress.nope' doesn't exist");
    assert.equal(mysqlError(() => show(ctx, "SHOW COLUMNS nope")).code, 1064);
  } finally {
    close();
  }
});

Deno.test("SHOW TABLE STATUS has MySQL 8's 18 columns", () => {
  const { ctx, close, db } = setup();
  try {
    db.exec("INSERT INTO wp_options (option_name, option_value) VALUES ('a', 'b')");
    const r = show(ctx, "SHOW TABLE STATUS WHERE Name = 'wp_options'");
    assert.deepEqual(r.columns, [
      "Name",
      "Engine",
      "Version",
      "Row_format",
      "Rows",
      "Avg_row_length",
      "Data_length",
      "Max_data_length",
      "Index_length",
      "Data_free",
      "Auto_increment",
      "Create_time",
      "Update_time",
      "Check_time",
      "Collation",
      "Checksum",
      "Create_options",
      "Comment",
    ]);
    const row = r.rows[0]!;
    assert.deepEqual([row[0], row[1], row[2], row[3], row[4], row[10], row[14]], [
      "wp_options",
      "InnoDB",
      "10",
      "Dynamic",
      "1",
      "2",
      "utf8mb4_unicode_520_ci",
    ]);
    assert.match(row[11]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  } finally {
    close();
  }
});

Deno.test("SHOW VARIABLES prints booleans as ON/OFF and filters with LIKE and WHERE", () => {
  const { ctx, close } = setup();
  try {
    assert.deepEqual(show(ctx, "SHOW VARIABLES LIKE 'autocommit'").rows, [["autocommit", "ON"]]);
    assert.deepEqual(show(ctx, "SHOW SESSION VARIABLES LIKE 'character\\_set\\_c%'").rows, [[
      "character_set_client",
      "utf8mb4",
    ], ["character_set_connection", "utf8mb4"]]);
    assert.deepEqual(
      show(
        ctx,
        "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('max_allowed_packet', 'version', 'LOWER_CASE_TABLE_NAMES')",
      ).rows,
      [["lower_case_table_names", "0"], ["max_allowed_packet", "67108864"], [
        "version",
        "8.0.32-Marmot",
      ]],
    );
    assert.deepEqual(show(ctx, "SHOW STATUS LIKE 'Uptime'").rows, [["Uptime", "42"]]);
  } finally {
    close();
  }
});

Deno.test("SHOW WARNINGS, SHOW ERRORS, SHOW COUNT(*) WARNINGS", () => {
  const { ctx, close } = setup();
  try {
    const w = runShow("SHOW WARNINGS", ctx);
    assert.deepEqual(w.columns.map((c) => c.name), ["Level", "Code", "Message"]);
    assert.deepEqual(w.rows, [["Warning", 1265, "Data truncated for column 'a' at row 1"], [
      "Error",
      1146,
      "Table 'wordpress.x' doesn't exist",
    ]]);
    assert.deepEqual(show(ctx, "SHOW WARNINGS LIMIT 1, 1").rows, [[
      "Error",
      "1146",
      "Table 'wordpress.x' doesn't exist",
    ]]);
    assert.deepEqual(show(ctx, "SHOW ERRORS").rows, [[
      "Error",
      "1146",
      "Table 'wordpress.x' doesn't exist",
    ]]);
    assert.deepEqual(show(ctx, "SHOW COUNT(*) WARNINGS"), {
      columns: ["@@session.warning_count"],
      rows: [["2"]],
    });
    assert.deepEqual(show(ctx, "SHOW COUNT(*) ERRORS"), {
      columns: ["@@session.error_count"],
      rows: [["1"]],
    });
  } finally {
    close();
  }
});

Deno.test("SHOW PROCESSLIST, GRANTS, ENGINES, COLLATION, CHARSET and the empty lists", () => {
  const { ctx, close } = setup();
  try {
    assert.deepEqual(show(ctx, "SHOW FULL PROCESSLIST"), {
      columns: ["Id", "User", "Host", "db", "Command", "Time", "State", "Info"],
      rows: [[
        "7",
        "root",
        "localhost:5000",
        "wordpress",
        "Query",
        "0",
        "executing",
        "SHOW PROCESSLIST",
      ]],
    });
    assert.deepEqual(show(ctx, "SHOW GRANTS"), {
      columns: ["Grants for root@%"],
      rows: [["GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION"]],
    });
    assert.deepEqual(show(ctx, "SHOW GRANTS FOR 'wp'@'localhost'").columns, [
      "Grants for wp@localhost",
    ]);
    for (const own of ["SHOW GRANTS FOR CURRENT_USER()", "SHOW GRANTS FOR CURRENT_USER"]) {
      assert.deepEqual(show(ctx, own), show(ctx, "SHOW GRANTS"));
    }
    const engines = show(ctx, "SHOW ENGINES");
    assert.deepEqual(engines.columns, [
      "Engine",
      "Support",
      "Comment",
      "Transactions",
      "XA",
      "Savepoints",
    ]);
    assert.deepEqual(engines.rows[0]!.slice(0, 2), ["InnoDB", "DEFAULT"]);
    assert.deepEqual(show(ctx, "SHOW COLLATION LIKE 'utf8mb4_unicode%'").rows, [
      ["utf8mb4_unicode_520_ci", "utf8mb4", "246", "", "Yes", "8", "PAD SPACE"],
      ["utf8mb4_unicode_ci", "utf8mb4", "224", "", "Yes", "8", "PAD SPACE"],
    ]);
    assert.deepEqual(show(ctx, "SHOW CHARACTER SET LIKE 'utf8%'").rows, [[
      "utf8mb3",
      "UTF-8 Unicode",
      "utf8mb3_general_ci",
      "3",
    ], ["utf8mb4", "UTF-8 Unicode", "utf8mb4_0900_ai_ci", "4"]]);
    for (
      const sql of [
        "SHOW TRIGGERS",
        "SHOW PROCEDURE STATUS",
        "SHOW FUNCTION STATUS WHERE Db = 'wordpress'",
        "SHOW EVENTS",
        "SHOW MASTER STATUS",
        "SHOW OPEN TABLES",
      ]
    ) {
      const r = runShow(sql, ctx);
      assert.equal(r.rows.length, 0, sql);
      assert.ok(r.columns.length > 0, sql);
    }
    assert.equal(mysqlError(() => show(ctx, "SHOW BINARY LOGS")).code, 1381);
    assert.equal(mysqlError(() => show(ctx, "SHOW NONSENSE")).code, 1064);
  } finally {
    close();
  }
});

Deno.test("SHOW CREATE DATABASE and result column metadata", () => {
  const { ctx, close } = setup();
  try {
    assert.deepEqual(show(ctx, "SHOW CREATE DATABASE wordpress").rows, [[
      "wordpress",
      "CREATE DATABASE `wordpress` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */",
    ]]);
    assert.equal(mysqlError(() => show(ctx, "SHOW CREATE DATABASE nope")).code, 1049);
    const r = runShow("SHOW INDEX FROM wp_options", ctx);
    assert.equal(r.columns[0]!.type, ColumnType.VAR_STRING);
    assert.equal(r.columns[1]!.type, ColumnType.LONG);
    assert.equal(r.columns[1]!.charset, 63);
  } finally {
    close();
  }
});
