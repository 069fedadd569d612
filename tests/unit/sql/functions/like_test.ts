/**
 * LIKE under MySQL's case- and accent-insensitive collations, against MySQL results (MariaDB
 * 10.11 and MySQL 8 agree on these with utf8mb4_unicode_520_ci / utf8mb4_0900_ai_ci
 * connections). SQLite's own LIKE folds ASCII only, so the first cases fail without the
 * override.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

const LIKE: Case[] = [
  ["'Crème brûlée' LIKE '%CRÈME%'", 1n],
  ["'Crème brûlée' LIKE '%creme%'", 1n],
  ["'ÉCLAIR' LIKE 'eclair'", 1n],
  ["'abc' LIKE 'A_C'", 1n],
  ["'abc' LIKE 'ab'", 0n],
  ["'ab ' LIKE 'ab'", 0n],
  ["'a_c' LIKE 'a\\_c'", 1n], // MySQL: 'a_c' LIKE 'a\\_c' (backslash is LIKE's default escape)
  ["'abc' LIKE 'a\\_c'", 0n],
  ["'a%c' LIKE 'a!%c' ESCAPE '!'", 1n],
  ["'abc' LIKE 'a!%c' ESCAPE '!'", 0n],
  ["'line1' || char(10) || 'line2' LIKE 'line1%line2'", 1n],
  ["'abc' NOT LIKE '%B%'", 0n],
  ["x'414243' LIKE 'abc'", 0n], // BINARY 'ABC' LIKE 'abc': byte comparison
  ["x'414243' LIKE 'A%'", 1n],
  ["NULL LIKE 'a'", null],
  ["'a' LIKE NULL", null],
  ["123 LIKE '12%'", 1n],
];

Deno.test("LIKE ignores case and accents as MySQL's _ci collations do", () => {
  checkCases(openDb(), LIKE);
});
