/**
 * The translator's helpers: every listed name is registered, and the FULLTEXT fallback
 * `mysql_match` scores like MATCH … AGAINST for simple queries.
 */
import assert from "node:assert/strict";
import { TRANSLATOR_HELPERS } from "../../../../src/sql/functions/mod.ts";
import { checkCases, openDb } from "./_cases.ts";

Deno.test("Every translator helper is registered", () => {
  const db = openDb();
  const names = new Set(
    (db.prepare("SELECT name FROM pragma_function_list").all() as { name: string }[]).map((r) =>
      r.name
    ),
  );
  for (const name of Object.keys(TRANSLATOR_HELPERS)) assert.ok(names.has(name), name);
});

const TEXT = "'MySQL Tutorial: DBMS stands for DataBase Management System'";

Deno.test("mysql_match in natural language mode scores matching words", () => {
  const db = openDb();
  checkCases(db, [
    [`mysql_match(${TEXT}, 'database', 0) > 0`, 1n],
    [`mysql_match(${TEXT}, 'DATABASE tutorial', 0)`, 2],
    [`mysql_match(${TEXT}, 'oracle', 0)`, 0],
    [`mysql_match(${TEXT}, 'the for', 0)`, 0], // stopwords and short words are ignored
    [`mysql_match(NULL, 'x', 0)`, 0],
    [`mysql_match(${TEXT}, NULL, 0)`, null],
    ["mysql_match('Crème brûlée', 'creme', 0)", 1],
  ]);
});

Deno.test("mysql_match in boolean mode honours + - * and phrases", () => {
  checkCases(openDb(), [
    [`mysql_match(${TEXT}, '+mysql -oracle', 1) > 0`, 1n],
    [`mysql_match(${TEXT}, '+mysql -dbms', 1)`, 0],
    [`mysql_match(${TEXT}, '+oracle mysql', 1)`, 0],
    [`mysql_match(${TEXT}, 'tut*', 1) > 0`, 1n],
    [`mysql_match(${TEXT}, '"database management"', 1) > 0`, 1n],
    [`mysql_match(${TEXT}, '"management database"', 1)`, 0],
    [`mysql_match(${TEXT}, '-oracle', 1)`, 0],
    [`mysql_match(${TEXT}, 'oracle mysql', 1) > 0`, 1n],
  ]);
});
