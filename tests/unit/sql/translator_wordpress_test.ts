/**
 * Statements WordPress core sends (WordPress 6.x query shapes), translated and run on SQLite
 * with the real MySQL functions: every one must translate and execute, and the ones whose
 * result matters are checked.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { query, write } from "./sqlite_harness.ts";

const ctx = { database: "wordpress" };

const SCHEMA = `
CREATE TABLE wp_options (option_id INTEGER PRIMARY KEY AUTOINCREMENT, option_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  option_value TEXT NOT NULL, autoload TEXT NOT NULL DEFAULT 'yes');
CREATE TABLE wp_posts (ID INTEGER PRIMARY KEY AUTOINCREMENT, post_author INT NOT NULL DEFAULT 0, post_date TEXT NOT NULL,
  post_date_gmt TEXT, post_content TEXT, post_title TEXT, post_status TEXT DEFAULT 'publish', post_name TEXT,
  post_modified_gmt TEXT, post_parent INT DEFAULT 0, post_type TEXT DEFAULT 'post', comment_count INT DEFAULT 0);
CREATE TABLE wp_postmeta (meta_id INTEGER PRIMARY KEY AUTOINCREMENT, post_id INT, meta_key TEXT, meta_value TEXT);
CREATE TABLE wp_terms (term_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, slug TEXT, term_group INT DEFAULT 0);
CREATE TABLE wp_term_taxonomy (term_taxonomy_id INTEGER PRIMARY KEY AUTOINCREMENT, term_id INT, taxonomy TEXT,
  description TEXT DEFAULT '', parent INT DEFAULT 0, count INT DEFAULT 0);
CREATE TABLE wp_term_relationships (object_id INT, term_taxonomy_id INT, term_order INT DEFAULT 0,
  PRIMARY KEY (object_id, term_taxonomy_id));
CREATE TABLE wp_users (ID INTEGER PRIMARY KEY AUTOINCREMENT, user_login TEXT COLLATE NOCASE, user_email TEXT);
CREATE TABLE wp_usermeta (umeta_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INT, meta_key TEXT, meta_value TEXT);
CREATE TABLE wp_comments (comment_ID INTEGER PRIMARY KEY AUTOINCREMENT, comment_post_ID INT, comment_approved TEXT,
  comment_date_gmt TEXT, user_id INT DEFAULT 0);
INSERT INTO wp_posts (post_author, post_date, post_title, post_status, post_name, post_modified_gmt, post_type) VALUES
  (1, '2024-01-05 10:00:00', 'Hello world!', 'publish', 'hello-world', '2024-01-05 10:00:00', 'post'),
  (1, '2024-01-10 10:00:00', 'Draft', 'draft', 'draft', '2024-01-10 10:00:00', 'post'),
  (1, '2024-02-01 10:00:00', 'Sample Page', 'publish', 'sample-page', '2024-02-01 10:00:00', 'page'),
  (1, '2024-02-03 10:00:00', 'Second', 'publish', 'second', '2024-02-03 10:00:00', 'post');
INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES (1, 'price', '25'), (4, 'price', '5'), (1, '_edit_lock', 'x'),
  (4, 'color', 'red');
INSERT INTO wp_terms (name, slug) VALUES ('Uncategorized', 'uncategorized');
INSERT INTO wp_term_taxonomy (term_id, taxonomy, count) VALUES (1, 'category', 2);
INSERT INTO wp_term_relationships VALUES (1, 1, 0), (4, 1, 0);
INSERT INTO wp_users (user_login, user_email) VALUES ('admin', 'a@example.com');
INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'http://example.com'),
  ('_transient_feed', 'x'), ('_transient_timeout_feed', '100');
`;

const QUERIES = [
  "SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_520_ci'",
  "SELECT @@SESSION.sql_mode",
  "SET SESSION sql_mode='NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
  "SELECT VERSION()",
  "SELECT option_name, option_value FROM wp_options WHERE autoload = 'yes'",
  "SELECT option_value FROM wp_options WHERE option_name = 'siteurl' LIMIT 1",
  "SELECT autoload FROM wp_options WHERE option_name = 'blog_charset' LIMIT 1",
  "UPDATE `wp_options` SET `option_value` = 'http://example.org' WHERE `option_name` = 'siteurl'",
  "SELECT wp_posts.* FROM wp_posts WHERE ID IN (1,2,3)",
  "SELECT FOUND_ROWS()",
  "SELECT t.*, tt.* FROM wp_terms AS t  INNER JOIN wp_term_taxonomy AS tt ON t.term_id = tt.term_id INNER JOIN " +
  "wp_term_relationships AS tr ON tr.term_taxonomy_id = tt.term_taxonomy_id WHERE tt.taxonomy IN ('category', " +
  "'post_tag', 'post_format') AND tr.object_id IN (1) ORDER BY t.name ASC",
  "SELECT post_id, meta_key, meta_value FROM wp_postmeta WHERE post_id IN (1) ORDER BY meta_id ASC",
  "SELECT user_id, meta_key, meta_value FROM wp_usermeta WHERE user_id IN (1) ORDER BY umeta_id ASC",
  "SELECT * FROM wp_users WHERE user_login = 'Admin' LIMIT 1",
  "SELECT COUNT( * ) AS num_posts, post_status FROM wp_posts WHERE post_type = 'post' GROUP BY post_status",
  "SELECT YEAR(post_date) AS `year`, MONTH(post_date) AS `month`, count(ID) as posts FROM wp_posts  WHERE " +
  "post_type = 'post' AND post_status = 'publish' GROUP BY YEAR(post_date), MONTH(post_date) ORDER BY post_date DESC",
  "SELECT * FROM wp_comments WHERE comment_approved = '1' AND comment_post_ID = 1 ORDER BY comment_date_gmt ASC, comment_ID ASC",
  "SELECT wp_posts.ID FROM wp_posts LEFT JOIN wp_postmeta ON ( wp_posts.ID = wp_postmeta.post_id ) WHERE 1=1 AND " +
  "( wp_postmeta.meta_key = '_thumbnail_id' ) AND wp_posts.post_type = 'post' GROUP BY wp_posts.ID ORDER BY " +
  "wp_posts.post_date DESC LIMIT 0, 5",
  "SELECT ID, post_name, post_parent, post_type FROM wp_posts WHERE post_name IN ('sample-page') AND post_type IN " +
  "('page','attachment')",
  "SELECT comment_approved, COUNT( * ) AS total FROM wp_comments GROUP BY comment_approved",
  "SELECT t.term_id FROM wp_terms AS t INNER JOIN wp_term_taxonomy AS tt ON t.term_id = tt.term_id WHERE " +
  "tt.taxonomy IN ('category') AND t.name IN ('Uncategorized') ORDER BY t.name ASC LIMIT 1",
  "INSERT INTO `wp_term_relationships` (`object_id`, `term_taxonomy_id`, `term_order`) VALUES (1, 1, 0) ON " +
  "DUPLICATE KEY UPDATE term_order = VALUES(term_order)",
  "SELECT post_modified_gmt FROM wp_posts WHERE post_status = 'publish' AND post_type IN ('post', 'page', " +
  "'attachment') ORDER BY post_modified_gmt DESC LIMIT 1",
  "SELECT CAST(meta_value AS SIGNED) FROM wp_postmeta WHERE meta_key = 'price' AND CAST(wp_postmeta.meta_value AS CHAR) " +
  "REGEXP '^[0-9]+$'",
  "SELECT * FROM wp_posts WHERE ID = 1 FOR UPDATE",
  "SELECT DATE_FORMAT(post_date, '%Y-%m') FROM wp_posts WHERE ID = 1",
  "SELECT ID FROM wp_posts WHERE post_date > NOW() - INTERVAL 1 DAY",
  "INSERT INTO `wp_posts` (`post_author`, `post_date`, `post_date_gmt`, `post_content`, `post_title`, `post_status`, " +
  "`post_name`, `post_modified_gmt`, `post_parent`, `post_type`) VALUES (1, '2024-03-01 00:00:00', " +
  "'0000-00-00 00:00:00', 'It\\'s a \\\"quote\\\"\\r\\nline', 'New', 'draft', '', '2024-03-01 00:00:00', 0, 'post')",
  "UPDATE `wp_posts` SET `post_name` = 'new' WHERE `ID` = 5",
  "DELETE FROM `wp_postmeta` WHERE `meta_key` = '_edit_lock' AND `post_id` = 1",
  "SELECT COUNT(*) FROM wp_comments WHERE user_id = 1 AND comment_approved = '1'",
  "SELECT ID FROM wp_posts WHERE post_title LIKE '%hello%' OR post_content LIKE '%hello%' ORDER BY ID",
  "UPDATE wp_term_taxonomy SET count = 3 WHERE term_taxonomy_id = 1",
  "SELECT option_name FROM wp_options WHERE option_name LIKE '\\_transient\\_%' AND option_name NOT LIKE " +
  "'\\_transient\\_timeout\\_%'",
  "START TRANSACTION",
  "COMMIT",
];

Deno.test("WordPress core statements translate and run on SQLite", () => {
  const tr = new Translator();
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  db.exec(SCHEMA);
  for (const sql of QUERIES) {
    let st: Statement;
    try {
      st = tr.translate(sql, ctx);
    } catch (e) {
      throw new Error(`${sql}\n${e}`);
    }
    try {
      if (st.kind === "select") query(db, st, { sysVars: { sql_mode: "" } });
      else if (st.kind === "write") write(db, st);
    } catch (e) {
      throw new Error(`${sql}\n${JSON.stringify(st)}\n${e}`);
    }
  }
});

Deno.test("WordPress results: pagination total, meta ordering, FIELD order, transients, escapes", () => {
  const tr = new Translator();
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  db.exec(SCHEMA);
  const run = (sql: string) => query(db, tr.translate(sql, ctx));
  assert.deepEqual(
    run(
      "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts WHERE 1=1 AND wp_posts.post_type = 'post' AND " +
        "((wp_posts.post_status = 'publish')) ORDER BY wp_posts.post_date DESC LIMIT 0, 1",
    ),
    [[4, 2]],
  );
  assert.deepEqual(
    run(
      "SELECT wp_posts.ID FROM wp_posts INNER JOIN wp_postmeta ON ( wp_posts.ID = wp_postmeta.post_id ) WHERE 1=1 AND " +
        "( ( wp_postmeta.meta_key = 'price' AND CAST(wp_postmeta.meta_value AS SIGNED) > '3' ) ) GROUP BY wp_posts.ID " +
        "ORDER BY wp_postmeta.meta_value+0 DESC LIMIT 0, 10",
    ),
    [[1], [4]],
  );
  assert.deepEqual(
    run(
      "SELECT wp_posts.ID FROM wp_posts WHERE 1=1 AND wp_posts.ID IN (4,1,3) ORDER BY FIELD( wp_posts.ID, 4,1,3 )",
    ),
    [[4], [1], [3]],
  );
  assert.deepEqual(
    run(
      "SELECT DISTINCT meta_key FROM wp_postmeta WHERE meta_key NOT BETWEEN '_' AND '_z' HAVING meta_key NOT LIKE " +
        "'\\_%' ORDER BY meta_key LIMIT 30",
    ),
    [["color"], ["price"]],
  );
  const expired = tr.translate(
    "DELETE a, b FROM wp_options a, wp_options b WHERE a.option_name LIKE '\\_transient\\_%' AND a.option_name NOT LIKE " +
      "'\\_transient\\_timeout\\_%' AND b.option_name = CONCAT( '_transient_timeout_', SUBSTRING( a.option_name, 12 ) ) " +
      "AND b.option_value < 1700000000",
    ctx,
  );
  assert.equal(write(db, expired), 2);
  const ins = tr.translate(
    "INSERT INTO wp_posts (post_date, post_title) VALUES ('2024-01-01', 'It\\'s \\\"x\\\"\\n')",
    ctx,
  );
  write(db, ins);
  assert.deepEqual(run("SELECT post_title FROM wp_posts WHERE post_title LIKE 'It%'"), [[
    'It\'s "x"\n',
  ]]);
  assert.deepEqual(run("SELECT ID FROM wp_users WHERE user_login = 'ADMIN'"), [[1]]);
});
