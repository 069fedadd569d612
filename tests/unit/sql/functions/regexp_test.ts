/**
 * REGEXP and REGEXP_* against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

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
