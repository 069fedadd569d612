/**
 * Aggregates SQLite lacks, against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

const AGG: Case[] = [
  ["(SELECT bit_and(x) FROM (SELECT 7 x UNION ALL SELECT 3 UNION ALL SELECT NULL) t)", 3n], // (SELECT BIT_AND(x) FROM (SELECT 7 x UNION ALL SELECT 3 UNION ALL SELECT NULL) t)
  ["(SELECT bit_or(x) FROM (SELECT 4 x UNION ALL SELECT 1) t)", 5n], // (SELECT BIT_OR(x) FROM (SELECT 4 x UNION ALL SELECT 1) t)
  ["(SELECT bit_xor(x) FROM (SELECT 5 x UNION ALL SELECT 3) t)", 6n], // (SELECT BIT_XOR(x) FROM (SELECT 5 x UNION ALL SELECT 3) t)
  ["(SELECT bit_or(x) FROM (SELECT 1 x) t WHERE x > 5)", 0n], // (SELECT BIT_OR(x) FROM (SELECT 1 x) t WHERE x > 5)
  ["(SELECT var_samp(x) FROM (SELECT 1 x) t)", null], // (SELECT VAR_SAMP(x) FROM (SELECT 1 x) t)
  ["(SELECT stddev_samp(x) FROM (SELECT 1 x) t)", null], // (SELECT STDDEV_SAMP(x) FROM (SELECT 1 x) t)
  ["(SELECT var_pop(x) FROM (SELECT 1 x) t)", 0], // (SELECT VAR_POP(x) FROM (SELECT 1 x) t)
  ["(SELECT std(x) FROM (SELECT 1 x) t WHERE x > 5)", null], // (SELECT STD(x) FROM (SELECT 1 x) t WHERE x > 5)
  ["(SELECT variance(x) FROM (SELECT 'a' x UNION ALL SELECT '2') t)", 1], // (SELECT VARIANCE(x) FROM (SELECT 'a' x UNION ALL SELECT '2') t)
  ["(SELECT std(x) FROM (SELECT 1.5 x UNION ALL SELECT NULL UNION ALL SELECT 2.5) t)", 0.5], // (SELECT STD(x) FROM (SELECT 1.5 x UNION ALL SELECT NULL UNION ALL SELECT 2.5) t)
];

Deno.test("Bit and variance aggregates match MySQL", () => {
  checkCases(openDb(), AGG);
});
