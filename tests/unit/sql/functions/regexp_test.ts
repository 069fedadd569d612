/**
 * REGEXP and REGEXP_* against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const RE: Case[] = [
  ["'Abc' REGEXP '^a'", 1n],
  ["'abc' REGEXP '^b'", 0n],
  ["'Michael!' REGEXP '.*'", 1n],
  ["'new*' || char(10) || '*line' REGEXP 'new\\*.\\*line'", 0n], // 'new*\n*line' REGEXP 'new\\*.\\*line'
  ["'a' REGEXP '^[a-d]'", 1n],
  ["'abc1' REGEXP '[[:digit:]]'", 1n],
  ["'abc' REGEXP '[[:digit:]]'", 0n],
  ["'Abc' REGEXP '^[[:upper:]]'", 1n],
  ["'héllo' REGEXP 'HÉ'", 1n],
  ["'fofo' REGEXP '^fo'", 1n],
  ["'fofo' REGEXP '^f.*$'", 1n],
  ["'pi' REGEXP 'pi|apa'", 1n],
  ["'abcde' REGEXP 'a[bcd]{3}e'", 1n],
  ["'a b' REGEXP '[[:space:]]'", 1n],
  ["'aXb' REGEXP '[[:alpha:]]{3}'", 1n],
  ["NULL REGEXP 'a'", null],
  ["'a' REGEXP NULL", null],
  ["'abc' NOT REGEXP 'x'", 1n],
  ["'Abc' REGEXP 'b'", 1n], // 'Abc' RLIKE 'b'
  ["regexp_binary('^a', 'Abc')", 0n], // 'Abc' REGEXP BINARY '^a'
  ["regexp_binary('^a', 'abc')", 1n], // 'abc' REGEXP BINARY '^a'
  ["REGEXP_INSTR('dog cat dog', 'dog')", 1n],
  ["REGEXP_INSTR('aa aaa aaaa', 'a{4}')", 8n],
  ["REGEXP_INSTR('abc', 'x')", 0n],
  ["REGEXP_INSTR('héllo wörld', 'W')", 7n],
  ["REGEXP_SUBSTR('abc def ghi', '[a-z]+')", "abc"],
  ["REGEXP_SUBSTR('ABC def', '[a-z]+')", "ABC"],
  ["REGEXP_REPLACE('a b c', 'b', 'X')", "a X c"],
  ["REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X')", "X X X"],
  ["REGEXP_REPLACE('ABC', 'b', 'x')", "AxC"],
  ["REGEXP_REPLACE('aaa', 'a', '')", ""],
  ["REGEXP_REPLACE(NULL, 'a', 'b')", null],
];

Deno.test("REGEXP matches MySQL, case-insensitively unless binary", () => {
  checkCases(openDb(), RE);
});

// Examples from the MySQL 8.0 reference manual (regexp.html); MariaDB's REGEXP_* take fewer
// arguments and use \\1 back-references, so these follow MySQL 8.
const MYSQL8: Case[] = [
  ["REGEXP_LIKE('CamelCase', 'CAMELCASE')", 1n],
  ["REGEXP_LIKE('abc', 'ABC', 'c')", 0n],
  ["REGEXP_LIKE('abc', 'ABC', 'ci')", 1n],
  ["REGEXP_LIKE('a' || char(10) || 'b', 'a.b')", 0n],
  ["REGEXP_LIKE('a' || char(10) || 'b', 'a.b', 'n')", 1n],
  ["REGEXP_LIKE('a' || char(10) || 'b', '^b$', 'm')", 1n],
  ["REGEXP_INSTR('dog cat dog', 'dog', 2)", 9n],
  ["REGEXP_INSTR('aa aaa aaaa', 'a{2}')", 1n],
  ["REGEXP_INSTR('aa aaa aaaa', 'a{4}')", 8n],
  ["REGEXP_INSTR('dog cat dog', 'dog', 1, 2)", 9n],
  ["REGEXP_INSTR('dog cat dog', 'dog', 1, 1, 1)", 4n],
  ["REGEXP_SUBSTR('abc def ghi', '[a-z]+', 1, 3)", "ghi"],
  ["REGEXP_SUBSTR('abc def ghi', 'x')", null], // MariaDB returns ''
  ["REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 1, 3)", "abc def X"],
  ["REGEXP_REPLACE('abc def ghi', '[a-z]+', 'X', 5)", "abc X X"],
  ["REGEXP_REPLACE('abc', '(b)', '<$1>')", "a<b>c"],
  ["REGEXP_REPLACE('abcb', '(b)', '<$1>', 1, 2)", "abc<b>"],
  ["'x' REGEXP '[[:<:]]x[[:>:]]'", 1n],
  ["'a.b' REGEXP 'a\\.b'", 1n],
  ["'a-b' REGEXP 'a\\-b'", 1n],
];

Deno.test("REGEXP_* with positions, occurrences and match types follow MySQL 8", () => {
  checkCases(openDb(), MYSQL8);
});

Deno.test("An invalid pattern raises a MySQL regexp error, not a crash", () => {
  const db = openDb();
  assert.throws(() => evaluate(db, "'a' REGEXP '('"), { code: 3685 });
  assert.throws(() => evaluate(db, "REGEXP_INSTR('abc', 'b', 10)"), { code: 3685 });
});

Deno.test("The compiled-pattern cache stays bounded", () => {
  const db = openDb();
  for (let i = 0; i < 1000; i++) assert.equal(evaluate(db, `'x${i}' REGEXP 'x${i}$'`), 1n);
});
