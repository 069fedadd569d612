/**
 * The translator's output against the real MySQL functions (src/sql/functions), not the
 * stand-ins: every helper name it emits exists, and results match what MySQL returns
 * (values from ../../../../shared/reference/mysql-sqlite-semantics.md, checked on MariaDB).
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions, TRANSLATOR_HELPERS } from "../../../src/sql/functions/mod.ts";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { query } from "./sqlite_harness.ts";

const ctx = { database: "wp" };
const tr = new Translator();

function realDb(setup = ""): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  if (setup !== "") db.exec(setup);
  return db;
}

function row(db: DatabaseSync, sql: string): unknown[] {
  return query(db, tr.translate(sql, ctx))[0]!;
}

const HELPER_STATEMENTS = [
  "SELECT 5/2, 7 DIV 2, 7 MOD 2, 1 XOR 0, 5 ^ 3",
  "SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), '2024-01-31' - INTERVAL 1 DAY, EXTRACT(YEAR FROM '2024-01-31')",
  "SELECT TIMESTAMPDIFF(DAY, '2024-01-01', '2024-01-31'), TIMESTAMPADD(MINUTE, 90, '2024-01-01 00:00:00')",
  "SELECT CAST('2.9' AS SIGNED), CONVERT('x' USING utf8mb4), 'abc' REGEXP 'B', 'abc' REGEXP BINARY 'B'",
  "SELECT TRIM(LEADING 'x' FROM 'xxa'), INSERT('Quadratic', 3, 4, 'What'), ISNULL(NULL), LAST_INSERT_ID(7)",
  "SELECT NOW(), CURRENT_DATE, CURRENT_TIME, UTC_TIMESTAMP, POSITION('b' IN 'abc')",
  "SELECT '{\"a\": [1, 2]}' -> '$.a', '{\"a\": \"x\"}' ->> '$.a', 2 MEMBER OF ('[1, 2]')",
  "SELECT MATCH(a) AGAINST ('quick fox' IN BOOLEAN MODE) FROM (SELECT 'the quick brown fox' AS a) AS t",
];

Deno.test("every helper the translator emits is registered by the functions module", () => {
  const db = realDb();
  const emitted = new Set<string>();
  for (const sql of HELPER_STATEMENTS) {
    const st: Statement = tr.translate(sql, ctx);
    assert.ok(st.kind === "select");
    for (
      const m of st.stmt.sql.matchAll(
        /\b(mysql_[a-z_]+|regexp_binary|last_insert_id|now|curdate|curtime|locate)\(/g,
      )
    ) {
      emitted.add(m[1]!);
    }
    db.prepare(st.stmt.sql); // throws "no such function" otherwise
    query(db, st);
  }
  for (const name of emitted) {
    assert.ok(name in TRANSLATOR_HELPERS || name === "locate", `unlisted helper ${name}`);
  }
  assert.ok(emitted.size >= 20, [...emitted].join(" "));
});

Deno.test("results match MySQL with the real functions", () => {
  const db = realDb();
  const [division, div, mod, xor, bitxor] = row(
    db,
    "SELECT 5/2, -7 DIV 2, MOD(7.5, 2), NULL XOR 1, 5 ^ 3",
  );
  assert.equal(Number(division), 2.5);
  assert.deepEqual([Number(div), Number(mod), xor, Number(bitxor)], [-3, 1.5, null, 6]);
  assert.deepEqual(
    row(db, "SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), '2024-02-29' + INTERVAL 1 YEAR"),
    [
      "2024-02-29",
      "2025-02-28",
    ],
  );
  assert.deepEqual(
    row(
      db,
      "SELECT TIMESTAMPDIFF(MONTH, '2024-01-31', '2024-02-29'), EXTRACT(YEAR_MONTH FROM '2024-03-05')",
    ).map(
      Number,
    ),
    [0, 202403],
  );
  assert.deepEqual(
    row(db, "SELECT CAST('2.9' AS SIGNED), 'Abc' REGEXP '^a', 'Abc' REGEXP BINARY '^a'").map(
      Number,
    ),
    [2, 1, 0],
  );
  assert.deepEqual(
    row(db, "SELECT TRIM(TRAILING 'xy' FROM 'axyxy'), INSERT('Quadratic', 3, 4, 'What')"),
    ["a", "QuWhattic"],
  );
  assert.deepEqual(row(db, `SELECT '{"a": "x"}' ->> '$.a', CONCAT('a', NULL, 'b')`), ["x", null]);
});

Deno.test("WordPress queries run with the real functions", () => {
  const db = realDb(`
    CREATE TABLE wp_posts (ID INTEGER PRIMARY KEY, post_title TEXT, post_status TEXT, post_date TEXT, post_type TEXT);
    INSERT INTO wp_posts VALUES (1,'Hello','publish','2024-01-01 10:00:00','post'),(2,'Draft','draft','2024-01-02 10:00:00','post'),
      (3,'Café','publish','2024-01-03 10:00:00','post'),(4,'Page','publish','2024-01-04 10:00:00','page');`);
  const page = tr.translate(
    "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts WHERE 1=1 AND ((YEAR(wp_posts.post_date) = 2024 AND " +
      "MONTH(wp_posts.post_date) = 1)) AND wp_posts.post_type = 'post' AND (wp_posts.post_status = 'publish') " +
      "ORDER BY wp_posts.post_date DESC LIMIT 0, 1",
    ctx,
  );
  assert.deepEqual(query(db, page), [[3, 2]]);
  const recent = tr.translate(
    "SELECT ID FROM wp_posts WHERE post_date > DATE_SUB('2024-01-04 00:00:00', INTERVAL 2 DAY) ORDER BY ID",
    ctx,
  );
  assert.deepEqual(query(db, recent), [[2], [3], [4]]);
});
