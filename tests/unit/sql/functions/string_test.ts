/**
 * Character-string functions against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const STR: Case[] = [
  ["CONCAT('a',NULL,'b')", null],
  ["CONCAT('a','b','c')", "abc"],
  ["CONCAT('x', 12)", "x12"],
  ["CONCAT('x', 1.5e0)", "x1.5"],
  ["CONCAT('x', 0.1e0+0.2e0)", "x0.30000000000000004"],
  ["CONCAT('x', 1e15)", "x1e15"],
  ["CONCAT('x', 1e-7)", "x0.0000001"],
  ["CONCAT('x', 123456789012345678e0)", "x1.2345678901234568e17"],
  ["CONCAT('é', 'ü')", "éü"],
  ["CONCAT_WS('-', NULL,'a','','b')", "a--b"],
  ["CONCAT_WS(NULL, 'a', 'b')", null],
  ["CONCAT_WS(',', 'a')", "a"],
  ["CONCAT_WS(',', 1, 2, 3)", "1,2,3"],
  ["SUBSTRING('abcdef', 3)", "cdef"],
  ["SUBSTRING('abcdef', 0, 2)", ""],
  ["SUBSTRING('abcdef', -2, 1)", "e"],
  ["SUBSTRING('abcdef', -2)", "ef"],
  ["SUBSTRING('abcdef', 2, -1)", ""],
  ["SUBSTRING('abcdef', 10)", ""],
  ["SUBSTRING('abcdef', -10)", ""],
  ["SUBSTRING('abcdef', 2, 100)", "bcdef"],
  ["SUBSTRING('héllo wörld', 2, 4)", "éllo"],
  ["SUBSTRING('a😀b', 2, 1)", "😀"],
  ["SUBSTRING(NULL, 1)", null],
  ["SUBSTRING('abc', NULL)", null],
  ["SUBSTR('abcdef', 2, 3)", "bcd"],
  ["MID('abcdef', 2, 3)", "bcd"],
  ["SUBSTRING('abcdef', 2.5)", "cdef"],
  ["SUBSTRING('abcdef', '2', '2')", "bc"],
  ["SUBSTRING_INDEX('www.mysql.com','.',2)", "www.mysql"],
  ["SUBSTRING_INDEX('www.mysql.com','.',-2)", "mysql.com"],
  ["SUBSTRING_INDEX('www.mysql.com','.',0)", ""],
  ["SUBSTRING_INDEX('www.mysql.com','.',10)", "www.mysql.com"],
  ["SUBSTRING_INDEX('www.mysql.com','.',-10)", "www.mysql.com"],
  ["SUBSTRING_INDEX('www.MySQL.com','mysql',1)", "www.MySQL.com"],
  ["SUBSTRING_INDEX('a||b||c','||',2)", "a||b"],
  ["SUBSTRING_INDEX('a||b||c','||',-1)", "c"],
  ["SUBSTRING_INDEX('abc','',1)", ""],
  ["FIND_IN_SET('B','a,b,c')", 2n],
  ["FIND_IN_SET('d','a,b,c')", 0n],
  ["FIND_IN_SET('a,b','a,b,c')", 0n],
  // ORDER BY an ENUM ('low','medium','high') / SET ('b','a') column: position / member bits.
  [`mysql_member_position('MEDIUM', '["low","medium","high"]', 0)`, 2n],
  [`mysql_member_position('', '["low","medium","high"]', 0)`, 0n],
  [`mysql_member_position(NULL, '["low","medium","high"]', 0)`, null],
  [`mysql_member_position('a,B', '["b","a"]', 1)`, 3n],
  [`mysql_member_position('a', '["b","a"]', 1)`, 2n],
  [`mysql_member_position('', '["b","a"]', 1)`, 0n],
  [`mysql_member_position('a', 'not a list', 0)`, 0n],
  ["FIND_IN_SET('','a,,c')", 2n],
  ["FIND_IN_SET('a','')", 0n],
  ["FIND_IN_SET(NULL,'a')", null],
  ["FIND_IN_SET('é','e,É')", 1n],
  ["LPAD('abc',5,'xy')", "xyabc"],
  ["LPAD('abcdef',3,'x')", "abc"],
  ["RPAD('abc',6,'xy')", "abcxyx"],
  ["LPAD('abc',5,'')", null],
  ["LPAD('abc',2,'')", "ab"],
  ["LPAD('abc',-1,'x')", null],
  ["RPAD('héllo',7,'ü')", "hélloüü"],
  ["LPAD(NULL,5,'x')", null],
  ["LPAD('a',0,'x')", ""],
  ["LOCATE('bar', 'foobarbar')", 4n],
  ["LOCATE('bar', 'foobarbar', 5)", 7n],
  ["LOCATE('BAR', 'foobar')", 4n],
  ["LOCATE('o','foobar',3)", 3n],
  ["LOCATE('', 'abc')", 1n],
  ["LOCATE('', 'abc', 3)", 3n],
  ["LOCATE('', 'abc', 5)", 0n],
  ["LOCATE('x', 'abc', 0)", 0n],
  ["LOCATE('ö', 'hällö wörld')", 5n],
  ["LOCATE('b', 'a😀b')", 3n],
  ["LOCATE(NULL, 'abc')", null],
  ["locate('bar', 'foobar')", 4n], // POSITION('bar' IN 'foobar')
  ["INSTR('foobarbar', 'bar')", 4n],
  ["INSTR('foobar','BAR')", 4n],
  ["INSTR('xbar', 'foobar')", 0n],
  ["INSTR('É', 'é')", 1n],
  ["CHAR_LENGTH('héllo')", 5n],
  ["CHAR_LENGTH('😀')", 1n],
  ["CHARACTER_LENGTH('abc')", 3n],
  ["CHAR_LENGTH(12.5)", 4n],
  ["CHAR_LENGTH(NULL)", null],
  ["LENGTH('héllo')", 6n],
  ["LENGTH('😀')", 4n],
  ["LENGTH('')", 0n],
  ["LENGTH(123)", 3n],
  ["LENGTH(NULL)", null],
  ["OCTET_LENGTH('héllo')", 6n],
  ["BIT_LENGTH('héllo')", 48n],
  ["BIT_LENGTH('a')", 8n],
  ["FIELD('B','a','b')", 2n],
  ["FIELD('c','a','b')", 0n],
  ["FIELD(NULL,'a',NULL)", 0n],
  ["FIELD(2, 1, 2, 3)", 2n],
  ["FIELD('2', 1, 2)", 2n],
  ["FIELD('2abc', 1, 2)", 2n],
  ["FIELD(1.0, 1)", 1n],
  ["ELT(1, 'a', 'b')", "a"],
  ["ELT(2, 'a', 'b')", "b"],
  ["ELT(3, 'a', 'b')", null],
  ["ELT(0, 'a', 'b')", null],
  ["ELT(NULL, 'a')", null],
  ["LEFT('foobarbar', 5)", "fooba"],
  ["LEFT('abc', 0)", ""],
  ["LEFT('abc', -1)", ""],
  ["LEFT('héllo', 2)", "hé"],
  ["LEFT(NULL, 2)", null],
  ["RIGHT('foobarbar', 4)", "rbar"],
  ["RIGHT('abc', 0)", ""],
  ["RIGHT('abc', 10)", "abc"],
  ["RIGHT('héllo', 2)", "lo"],
  ["REVERSE('abc')", "cba"],
  ["REVERSE('héllo😀')", "😀olléh"],
  ["REVERSE(NULL)", null],
  ["REPEAT('ab', 3)", "ababab"],
  ["REPEAT('ab', 0)", ""],
  ["REPEAT('ab', -1)", ""],
  ["REPEAT('', 5)", ""],
  ["REPEAT(NULL, 2)", null],
  ["REPEAT('ab', 2.5)", "ababab"],
  ["SPACE(3)", "   "],
  ["SPACE(0)", ""],
  ["SPACE(-1)", ""],
  ["LOWER('ÄÖÜ')", "äöü"],
  ["LOWER('HeLLo')", "hello"],
  ["UPPER('straße')", "STRAßE"],
  ["UPPER('héllo')", "HÉLLO"],
  ["LOWER('İ')", "i"],
  ["UCASE('abc')", "ABC"],
  ["LCASE('ABC')", "abc"],
  ["LOWER(NULL)", null],
  ["LTRIM('  abc  ')", "abc  "],
  ["RTRIM('  abc  ')", "  abc"],
  ["TRIM('  abc  ')", "abc"],
  ["mysql_trim('xyxyaxyxy', 'xy', 'BOTH')", "a"], // TRIM(BOTH 'xy' FROM 'xyxyaxyxy')
  ["mysql_trim('xxaxx', 'x', 'LEADING')", "axx"], // TRIM(LEADING 'x' FROM 'xxaxx')
  ["mysql_trim('axyxy', 'xy', 'TRAILING')", "a"], // TRIM(TRAILING 'xy' FROM 'axyxy')
  ["mysql_trim('yxa', 'xy', 'BOTH')", "yxa"], // TRIM(BOTH 'xy' FROM 'yxa')
  ["mysql_trim('xax', 'x', 'BOTH')", "a"], // TRIM('x' FROM 'xax')
  ["mysql_trim('abc', '', 'BOTH')", "abc"], // TRIM(BOTH '' FROM 'abc')
  ["mysql_trim('abc', NULL, 'BOTH')", null], // TRIM(BOTH NULL FROM 'abc')
  ["LTRIM(NULL)", null],
  ["trim(char(9) || ' a ')", "\t a"], // TRIM(CONCAT(CHAR(9), ' a '))
  ["REPLACE('aAa','A','x')", "axa"],
  ["REPLACE('www.mysql.com', 'w', 'Ww')", "WwWwWw.mysql.com"],
  ["REPLACE('abc', '', 'x')", "abc"],
  ["REPLACE(NULL, 'a', 'b')", null],
  ["mysql_insert('Quadratic',3,4,'What')", "QuWhattic"], // INSERT('Quadratic',3,4,'What')
  ["mysql_insert('Quadratic',-1,4,'What')", "Quadratic"], // INSERT('Quadratic',-1,4,'What')
  ["mysql_insert('Quadratic',3,100,'What')", "QuWhat"], // INSERT('Quadratic',3,100,'What')
  ["mysql_insert('Quadratic',3,-1,'What')", "QuWhat"], // INSERT('Quadratic',3,-1,'What')
  ["mysql_insert('Quadratic',10,1,'What')", "Quadratic"], // INSERT('Quadratic',10,1,'What')
  ["mysql_insert('héllo',2,1,'e')", "hello"], // INSERT('héllo',2,1,'e')
  ["STRCMP('a','A')", 0n],
  ["STRCMP('a','b')", -1n],
  ["STRCMP('b','a')", 1n],
  ["STRCMP('text', 'text2')", -1n],
  ["STRCMP(NULL, 'a')", null],
  ["STRCMP('é', 'e')", 0n],
];

Deno.test("String functions match MySQL on characters, NULLs and collation", () => {
  checkCases(openDb(), STR);
});

Deno.test("Built strings are bounded: results over 16 MiB are NULL as in MySQL", () => {
  // MySQL returns NULL (warning 1301) past max_allowed_packet.
  checkCases(openDb(), [
    ["LENGTH(REPEAT('ab', 9000000))", null],
    ["LENGTH(SPACE(20000000))", null],
    ["LENGTH(LPAD('a', 20000000, 'x'))", null],
    ["LENGTH(REPEAT('ab', 1000))", 2000n],
  ]);
});

Deno.test("Overrides of SQLite builtins keep their other arities", () => {
  checkCases(openDb(), [
    ["trim('xxaxx', 'x')", "a"], // SQLite's two-argument trim (character set)
    ["ltrim('xxa', 'x')", "a"],
  ]);
});

Deno.test("String functions reject a wrong argument count with error 1582", () => {
  const db = openDb();
  assert.throws(() => evaluate(db, "CONCAT()"), { code: 1582 });
  assert.throws(() => evaluate(db, "LOCATE('a')"), { code: 1582 });
  assert.throws(() => evaluate(db, "SUBSTRING('a', 1, 2, 3)"), { code: 1582 });
});
