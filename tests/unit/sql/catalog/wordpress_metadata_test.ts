/**
 * WordPress's schema, then the metadata dbDelta() and wpdb read. Expected rows were taken
 * from MariaDB 10.11 running the same DDL; where MySQL 8 (the version we report, 8.0.32)
 * prints differently we follow MySQL and say so next to the value.
 */
import assert from "node:assert/strict";
import { catalogContext, ddl, openTestDb, show, wordpressSchema } from "../ddl/_helpers.ts";

function setup() {
  const t = openTestDb();
  ddl(t.db, wordpressSchema());
  return { ...t, ctx: catalogContext({ wordpress: t.db }) };
}

const PRIV = "select,insert,update,references";

Deno.test("SHOW FULL COLUMNS FROM wp_options matches MariaDB", () => {
  const { ctx, close } = setup();
  try {
    const r = show(ctx, "SHOW FULL COLUMNS FROM `wp_options`");
    assert.deepEqual(r.columns, [
      "Field",
      "Type",
      "Collation",
      "Null",
      "Key",
      "Default",
      "Extra",
      "Privileges",
      "Comment",
    ]);
    assert.deepEqual(r.rows, [
      ["option_id", "bigint(20) unsigned", null, "NO", "PRI", null, "auto_increment", PRIV, ""],
      ["option_name", "varchar(191)", "utf8mb4_unicode_520_ci", "NO", "UNI", "", "", PRIV, ""],
      ["option_value", "longtext", "utf8mb4_unicode_520_ci", "NO", "", null, "", PRIV, ""],
      ["autoload", "varchar(20)", "utf8mb4_unicode_520_ci", "NO", "MUL", "yes", "", PRIV, ""],
    ]);
  } finally {
    close();
  }
});

Deno.test("DESCRIBE wp_posts matches MariaDB", () => {
  const { ctx, close } = setup();
  try {
    const r = show(ctx, "DESCRIBE wp_posts");
    assert.deepEqual(r.columns, ["Field", "Type", "Null", "Key", "Default", "Extra"]);
    const zero = "0000-00-00 00:00:00";
    assert.deepEqual(r.rows, [
      ["ID", "bigint(20) unsigned", "NO", "PRI", null, "auto_increment"],
      ["post_author", "bigint(20) unsigned", "NO", "MUL", "0", ""],
      ["post_date", "datetime", "NO", "", zero, ""],
      ["post_date_gmt", "datetime", "NO", "", zero, ""],
      ["post_content", "longtext", "NO", "", null, ""],
      ["post_title", "text", "NO", "", null, ""],
      ["post_excerpt", "text", "NO", "", null, ""],
      ["post_status", "varchar(20)", "NO", "", "publish", ""],
      ["comment_status", "varchar(20)", "NO", "", "open", ""],
      ["ping_status", "varchar(20)", "NO", "", "open", ""],
      ["post_password", "varchar(255)", "NO", "", "", ""],
      ["post_name", "varchar(200)", "NO", "MUL", "", ""],
      ["to_ping", "text", "NO", "", null, ""],
      ["pinged", "text", "NO", "", null, ""],
      ["post_modified", "datetime", "NO", "", zero, ""],
      ["post_modified_gmt", "datetime", "NO", "", zero, ""],
      ["post_content_filtered", "longtext", "NO", "", null, ""],
      ["post_parent", "bigint(20) unsigned", "NO", "MUL", "0", ""],
      ["guid", "varchar(255)", "NO", "", "", ""],
      ["menu_order", "int(11)", "NO", "", "0", ""],
      ["post_type", "varchar(20)", "NO", "MUL", "post", ""],
      ["post_mime_type", "varchar(100)", "NO", "", "", ""],
      ["comment_count", "bigint(20)", "NO", "", "0", ""],
    ]);
  } finally {
    close();
  }
});

Deno.test("SHOW INDEX FROM wp_posts matches MariaDB (MySQL 8 columns Visible, Expression)", () => {
  const { ctx, close } = setup();
  try {
    const r = show(ctx, "SHOW INDEX FROM wp_posts");
    assert.deepEqual(r.columns, [
      "Table",
      "Non_unique",
      "Key_name",
      "Seq_in_index",
      "Column_name",
      "Collation",
      "Cardinality",
      "Sub_part",
      "Packed",
      "Null",
      "Index_type",
      "Comment",
      "Index_comment",
      "Visible",
      "Expression",
    ]);
    const row = (
      nu: string,
      key: string,
      seq: string,
      col: string,
      sub: string | null,
    ) => ["wp_posts", nu, key, seq, col, "A", "0", sub, null, "", "BTREE", "", "", "YES", null];
    assert.deepEqual(r.rows, [
      row("0", "PRIMARY", "1", "ID", null),
      row("1", "post_name", "1", "post_name", "191"),
      row("1", "type_status_date", "1", "post_type", null),
      row("1", "type_status_date", "2", "post_status", null),
      row("1", "type_status_date", "3", "post_date", null),
      row("1", "type_status_date", "4", "ID", null),
      row("1", "post_parent", "1", "post_parent", null),
      row("1", "post_author", "1", "post_author", null),
    ]);
  } finally {
    close();
  }
});

Deno.test("SHOW INDEX lists composite primary and unique keys first, Null YES for nullable parts", () => {
  const { ctx, close, db } = setup();
  try {
    let r = show(ctx, "SHOW KEYS FROM wp_term_relationships");
    assert.deepEqual(r.rows.map((x) => [x[1], x[2], x[3], x[4]]), [
      ["0", "PRIMARY", "1", "object_id"],
      ["0", "PRIMARY", "2", "term_taxonomy_id"],
      ["1", "term_taxonomy_id", "1", "term_taxonomy_id"],
    ]);
    r = show(ctx, "SHOW INDEXES FROM wp_postmeta");
    assert.deepEqual(r.rows.map((x) => [x[2], x[7], x[9]]), [["PRIMARY", null, ""], [
      "post_id",
      null,
      "",
    ], ["meta_key", "191", "YES"]]);
    db.exec("INSERT INTO wp_postmeta (post_id, meta_key) VALUES (1, 'a'), (1, 'b'), (2, 'c')");
    r = show(ctx, "SHOW INDEX FROM wp_postmeta WHERE Key_name = 'PRIMARY'");
    assert.deepEqual(r.rows.map((x) => [x[2], x[6]]), [["PRIMARY", "3"]]);
  } finally {
    close();
  }
});

Deno.test("SHOW CREATE TABLE wp_options is MySQL 8's text", () => {
  const { ctx, close } = setup();
  try {
    // MariaDB prints the same without the column COLLATE clauses (it omits them when equal to
    // the table default); MySQL 8 prints COLLATE for a collation that is not the charset's primary.
    const r = show(ctx, "SHOW CREATE TABLE wp_options");
    assert.deepEqual(r.columns, ["Table", "Create Table"]);
    assert.equal(r.rows[0]![0], "wp_options");
    assert.equal(
      r.rows[0]![1],
      "CREATE TABLE `wp_options` (\n" +
        "  `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n" +
        "  `option_name` varchar(191) COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT '',\n" +
        "  `option_value` longtext COLLATE utf8mb4_unicode_520_ci NOT NULL,\n" +
        "  `autoload` varchar(20) COLLATE utf8mb4_unicode_520_ci NOT NULL DEFAULT 'yes',\n" +
        "  PRIMARY KEY (`option_id`),\n" +
        "  UNIQUE KEY `option_name` (`option_name`),\n" +
        "  KEY `autoload` (`autoload`)\n" +
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci",
    );
  } finally {
    close();
  }
});

Deno.test("SHOW CREATE TABLE wp_postmeta keeps the prefix key and shows AUTO_INCREMENT=n", () => {
  const { ctx, close, db } = setup();
  try {
    db.exec(
      "INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES (1, 'k', 'v'), (2, 'k2', 'v2')",
    );
    // MariaDB: `post_id` ... DEFAULT 0 and `meta_value` longtext DEFAULT NULL; MySQL 8 quotes
    // literal defaults and prints no DEFAULT NULL for TEXT/BLOB columns.
    const text = show(ctx, "SHOW CREATE TABLE wp_postmeta").rows[0]![1];
    assert.equal(
      text,
      "CREATE TABLE `wp_postmeta` (\n" +
        "  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n" +
        "  `post_id` bigint(20) unsigned NOT NULL DEFAULT '0',\n" +
        "  `meta_key` varchar(255) COLLATE utf8mb4_unicode_520_ci DEFAULT NULL,\n" +
        "  `meta_value` longtext COLLATE utf8mb4_unicode_520_ci,\n" +
        "  PRIMARY KEY (`meta_id`),\n" +
        "  KEY `post_id` (`post_id`),\n" +
        "  KEY `meta_key` (`meta_key`(191))\n" +
        ") ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci",
    );
  } finally {
    close();
  }
});

Deno.test("SHOW TABLES LIKE with wpdb's escaped underscore", () => {
  const { ctx, close } = setup();
  try {
    const r = show(ctx, "SHOW TABLES LIKE 'wp\\_post%'");
    assert.deepEqual(r.columns, ["Tables_in_wordpress (wp\\_post%)"]);
    assert.deepEqual(r.rows, [["wp_postmeta"], ["wp_posts"]]);
    assert.deepEqual(show(ctx, "SHOW TABLES LIKE 'wp_options'").rows, [["wp_options"]]);
    assert.deepEqual(
      show(ctx, "SHOW TABLES LIKE 'WP_OPTIONS'").rows,
      [],
      "table names are case-sensitive as on Linux",
    );
  } finally {
    close();
  }
});

Deno.test("The WordPress tables behave as MySQL: case-insensitive unique keys, implicit defaults", () => {
  const { db, close } = setup();
  try {
    db.exec("INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'http://x')");
    assert.throws(
      () => db.exec("INSERT INTO wp_options (option_name, option_value) VALUES ('SiteURL', 'y')"),
      /UNIQUE/,
    );
    const row = db.prepare(
      "SELECT option_id, autoload FROM wp_options WHERE option_name = 'SITEURL'",
    ).get();
    assert.deepEqual({ ...row }, { option_id: 1, autoload: "yes" });
    // NOT NULL columns without DEFAULT take MySQL's implicit default when omitted (non-strict)
    db.exec("INSERT INTO wp_posts (post_author) VALUES (1)");
    const post = db.prepare("SELECT post_content, post_date, menu_order, post_status FROM wp_posts")
      .get();
    assert.deepEqual({ ...post }, {
      post_content: "",
      post_date: "0000-00-00 00:00:00",
      menu_order: 0,
      post_status: "publish",
    });
  } finally {
    close();
  }
});
