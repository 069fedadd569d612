/**
 * mysql_cast and mysql_convert_charset against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const CAST: Case[] = [
  ["mysql_cast(2.5, 'SIGNED')", 3n], // CAST(2.5 AS SIGNED)
  ["mysql_cast(-2.5, 'SIGNED')", -3n], // CAST(-2.5 AS SIGNED)
  ["mysql_cast(-0.4, 'SIGNED')", 0n], // CAST(-0.4 AS SIGNED)
  ["mysql_cast('2.9', 'SIGNED')", 2n], // CAST('2.9' AS SIGNED)
  ["mysql_cast('1e3', 'SIGNED')", 1n], // CAST('1e3' AS SIGNED)
  ["mysql_cast('12abc', 'SIGNED')", 12n], // CAST('12abc' AS SIGNED)
  ["mysql_cast('abc', 'SIGNED')", 0n], // CAST('abc' AS SIGNED)
  ["mysql_cast(' -12', 'SIGNED')", -12n], // CAST(' -12' AS SIGNED)
  ["mysql_cast('9223372036854775808', 'SIGNED')", -9223372036854775808n], // CAST('9223372036854775808' AS SIGNED)
  ["mysql_cast('99999999999999999999', 'SIGNED')", -1n], // CAST('99999999999999999999' AS SIGNED)
  ["mysql_cast(1e30, 'SIGNED')", 9223372036854775807n], // CAST(1e30 AS SIGNED)
  ["mysql_cast(-1e30, 'SIGNED')", -9223372036854775808n], // CAST(-1e30 AS SIGNED)
  ["mysql_cast(5, 'SIGNED INTEGER')", 5n], // CAST(5 AS SIGNED INTEGER)
  ["mysql_cast(NULL, 'SIGNED')", null], // CAST(NULL AS SIGNED)
  ["mysql_cast(9.9, 'UNSIGNED')", 10n], // CAST(9.9 AS UNSIGNED)
  ["mysql_cast(-1.5, 'UNSIGNED')", 0n], // CAST(-1.5 AS UNSIGNED)
  ["mysql_cast(5, 'UNSIGNED')", 5n], // CAST(5 AS UNSIGNED)
  ["mysql_cast('12', 'UNSIGNED')", 12n], // CAST('12' AS UNSIGNED)
  ["mysql_cast('1.50', 'CHAR')", "1.50"], // CAST(1.50 AS CHAR)
  ["mysql_cast('abcdef', 'CHAR(3)')", "abc"], // CAST('abcdef' AS CHAR(3))
  ["mysql_cast(123, 'CHAR(2)')", "12"], // CAST(123 AS CHAR(2))
  ["mysql_cast('héllo', 'CHAR(2)')", "hé"], // CAST('héllo' AS CHAR(2))
  ["mysql_cast(12, 'CHAR')", "12"], // CAST(12 AS CHAR)
  ["mysql_cast('2024-01-05', 'DATETIME')", "2024-01-05 00:00:00"], // CAST('2024-01-05' AS DATETIME)
  ["mysql_cast(20240105, 'DATE')", "2024-01-05"], // CAST(20240105 AS DATE)
  ["mysql_cast('abc', 'DATE')", null], // CAST('abc' AS DATE)
  ["mysql_cast('2024-01-05 10:11:12.123456', 'DATETIME(3)')", "2024-01-05 10:11:12.123"], // CAST('2024-01-05 10:11:12.123456' AS DATETIME(3))
  ["mysql_cast('2024-01-05 10:11:12', 'TIME')", "10:11:12"], // CAST('2024-01-05 10:11:12' AS TIME)
  ["mysql_cast('2024-01-05 10:11:12', 'DATE')", "2024-01-05"], // CAST('2024-01-05 10:11:12' AS DATE)
  ["mysql_cast('2024-01-05 23:59:59.9', 'DATE')", "2024-01-05"], // CAST('2024-01-05 23:59:59.9' AS DATE)
  ["mysql_cast(123.456, 'DECIMAL(4,1)')", 123.5], // CAST(123.456 AS DECIMAL(4,1))
  ["mysql_cast(1.005, 'DECIMAL(5,2)')", 1.01], // CAST(1.005 AS DECIMAL(5,2))
  ["mysql_cast('abc', 'DECIMAL(5,2)')", 0], // CAST('abc' AS DECIMAL(5,2))
  ["mysql_cast(12345, 'DECIMAL(4,1)')", 999.9], // CAST(12345 AS DECIMAL(4,1))
  ["mysql_cast(-12345, 'DECIMAL(4,1)')", -999.9], // CAST(-12345 AS DECIMAL(4,1))
  ["mysql_cast(1.5, 'DECIMAL')", 2], // CAST(1.5 AS DECIMAL)
  ["mysql_cast(123.456, 'DECIMAL(5)')", 123], // CAST(123.456 AS DECIMAL(5))
  ["mysql_cast(-2.5, 'DECIMAL(3,0)')", -3], // CAST(-2.5 AS DECIMAL(3,0))
  ["mysql_cast('12.345', 'DECIMAL(10,2)')", 12.35], // CAST('12.345' AS DECIMAL(10,2))
  ["mysql_cast('1.5', 'DOUBLE')", 1.5], // CAST('1.5' AS DOUBLE)
  ["mysql_cast('abc', 'DOUBLE')", 0], // CAST('abc' AS DOUBLE)
  ["mysql_cast(1.1, 'FLOAT')", 1.1], // CAST(1.1 AS FLOAT)
  ["mysql_cast(5, 'DOUBLE')", 5], // CAST(5 AS DOUBLE)
  ["mysql_cast('abc', 'BINARY')", "abc"], // CAST('abc' AS BINARY)
  ["hex(mysql_cast('a', 'BINARY(3)'))", "610000"], // HEX(CAST('a' AS BINARY(3)))
  ["mysql_cast('abc', 'BINARY') = 'ABC'", 0n], // CAST('abc' AS BINARY) = 'ABC'
  ["mysql_convert_charset('abc', 'utf8mb4')", "abc"], // CONVERT('abc' USING utf8mb4)
  ["hex(mysql_convert_charset('é', 'binary'))", "C3A9"], // HEX(CONVERT('é' USING binary))
  ["mysql_convert_charset(NULL, 'utf8')", null], // CONVERT(NULL USING utf8)
];

Deno.test("CAST and CONVERT match MySQL", () => {
  checkCases(openDb(), CAST);
});

Deno.test("UNSIGNED casts past 2^63 come back as decimal text", () => {
  // MariaDB 10.11 results; SQLite cannot hold them as INTEGER.
  checkCases(openDb(), [
    ["mysql_cast(-1, 'UNSIGNED')", "18446744073709551615"],
    ["mysql_cast('-1', 'UNSIGNED')", "18446744073709551615"],
    ["mysql_cast('18446744073709551616', 'UNSIGNED')", "18446744073709551615"],
    ["mysql_cast(9223372036854775807, 'UNSIGNED')", 9223372036854775807n],
  ]);
});

Deno.test("CAST to a temporal type rounds fractional seconds as MySQL 8 does", () => {
  // MySQL 8 rounds to the target precision; MariaDB 10.11 truncates ('…:12', '10:11:12').
  checkCases(openDb(), [
    ["mysql_cast('2024-01-05 10:11:12.6', 'DATETIME')", "2024-01-05 10:11:13"],
    ["mysql_cast('2024-01-05 23:59:59.5', 'DATETIME')", "2024-01-06 00:00:00"],
    ["mysql_cast('10:11:12.5', 'TIME')", "10:11:13"],
    ["mysql_cast('2024-01-05 10:11:12.125', 'DATETIME(2)')", "2024-01-05 10:11:12.13"],
  ]);
});

Deno.test("CAST AS YEAR follows MySQL 8.0.22+ (MariaDB has no YEAR cast)", () => {
  checkCases(openDb(), [
    ["mysql_cast(2024, 'YEAR')", 2024n],
    ["mysql_cast(24, 'YEAR')", 2024n],
    ["mysql_cast(70, 'YEAR')", 1970n],
    ["mysql_cast(0, 'YEAR')", 0n],
    ["mysql_cast('0', 'YEAR')", 2000n],
    ["mysql_cast(1800, 'YEAR')", null],
    ["mysql_cast('2024-05-06', 'YEAR')", 2024n],
  ]);
});

Deno.test("CAST AS JSON normalizes to MySQL 8 text and rejects invalid JSON with 3141", () => {
  const db = openDb();
  checkCases(db, [
    ["mysql_cast('{\"b\":1,\"a\":[1.50,true]}', 'JSON')", '{"a": [1.5, true], "b": 1}'],
    ["mysql_cast(5, 'JSON')", "5"],
    ["mysql_cast('1e2', 'JSON')", "100.0"],
  ]);
  assert.throws(() => evaluate(db, "mysql_cast('{bad', 'JSON')"), { code: 3141 });
});

Deno.test("Unknown CAST types are parse errors", () => {
  assert.throws(() => evaluate(openDb(), "mysql_cast(1, 'BANANA')"), { code: 1064 });
});
