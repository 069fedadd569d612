/** The DDL lexer and parser on MySQL's syntax corners. */
import assert from "node:assert/strict";
import { parseDdl } from "../../../../src/sql/ddl/mod.ts";
import { tokenize } from "../../../../src/sql/ddl/tokenizer.ts";
import { mysqlError } from "./_helpers.ts";

Deno.test("Tokenizer decodes MySQL strings, identifiers, comments and executable comments", () => {
  const toks = tokenize(
    "SELECT `a``b`, 'it\\'s', \"d\"\"q\", x'41', b'101', 0x1F /* c */ -- x\n# y\n/*!40101 kept */ /*!99999 skipped */ /*M! maria */ 1.5e3",
  );
  assert.deepEqual(toks.map((t) => [t.kind, t.text]), [
    ["ident", "SELECT"],
    ["qident", "a`b"],
    ["punct", ","],
    ["string", "it's"],
    ["punct", ","],
    ["string", 'd"q'],
    ["punct", ","],
    ["hex", "41"],
    ["punct", ","],
    ["bit", "101"],
    ["punct", ","],
    ["hex", "1F"],
    ["ident", "kept"],
    ["number", "1.5e3"],
  ]);
  assert.equal(tokenize("'a\\_b\\%'")[0]!.text, "a\\_b\\%", "LIKE escapes keep their backslash");
  assert.equal(mysqlError(() => tokenize("'unterminated")).code, 1064);
});

Deno.test("parseDdl reads WordPress, mysqldump and ORM DDL", () => {
  const dump = parseDdl(
    "/*!40101 SET @saved_cs_client = @@character_set_client */;\n".slice(0, 0) +
      "CREATE TABLE `wp_x` (\n  `id` bigint unsigned NOT NULL AUTO_INCREMENT,\n  `s` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT _utf8mb4'x' COMMENT 'c',\n" +
      "  PRIMARY KEY (`id`) USING BTREE,\n  KEY `s` (`s`(5)) COMMENT 'k'\n) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC;",
  );
  assert.equal(dump.kind, "create_table");
  if (dump.kind !== "create_table") return;
  assert.equal(dump.options.autoIncrement, 5);
  assert.equal(dump.options.rowFormat, "DYNAMIC");
  assert.equal(dump.body!.columns[1]!.default?.kind, "literal");
  assert.equal(dump.body!.indexes[1]!.columns[0]!.length, 5);
  const alter = parseDdl(
    "ALTER TABLE t ADD COLUMN a int AFTER b, DROP INDEX k, ADD UNIQUE KEY u (a), ENGINE=InnoDB, ALGORITHM=INPLACE, LOCK=NONE",
  );
  assert.equal(alter.kind, "alter_table");
  if (alter.kind === "alter_table") {
    assert.deepEqual(alter.specs.map((s) => s.op), [
      "add_column",
      "drop_index",
      "add_index",
      "options",
      "noop",
      "noop",
    ]);
  }
  const view = parseDdl(
    "CREATE ALGORITHM=MERGE DEFINER=`admin`@`localhost` SQL SECURITY INVOKER VIEW v AS SELECT 1 WITH LOCAL CHECK OPTION",
  );
  assert.equal(view.kind, "create_view");
  if (view.kind === "create_view") {
    assert.deepEqual([view.algorithm, view.definer, view.security, view.checkOption, view.select], [
      "MERGE",
      "`admin`@`localhost`",
      "INVOKER",
      "LOCAL",
      "SELECT 1",
    ]);
  }
  for (
    const bad of [
      "CREATE TABLE",
      "CREATE TABLE t (",
      "DROP",
      "ALTER TABLE t FROB",
      "TRUNCATE",
      "CREATE TABLE t (a int) garbage",
    ]
  ) {
    assert.equal(mysqlError(() => parseDdl(bad)).code, 1064, bad);
  }
});
