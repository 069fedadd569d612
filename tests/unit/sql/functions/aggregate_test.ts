/**
 * Aggregates SQLite lacks, against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
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

Deno.test("Variance aggregates return the full DOUBLE as MySQL 8 does", () => {
  // MariaDB 10.11 displays these rounded to 4 decimals (1.2472, 1.5275, 1.5556, 2.3333).
  const of = (fn: string) =>
    `(SELECT ${fn}(x) FROM (SELECT 1 x UNION ALL SELECT 2 UNION ALL SELECT 4))`;
  checkCases(openDb(), [
    [of("std"), Math.sqrt(14 / 9)],
    [of("stddev"), Math.sqrt(14 / 9)],
    [of("stddev_pop"), Math.sqrt(14 / 9)],
    [of("stddev_samp"), Math.sqrt(7 / 3)],
    [of("variance"), 14 / 9],
    [of("var_pop"), 14 / 9],
    [of("var_samp"), 7 / 3],
  ]);
});

Deno.test("BIT_AND of no rows is all ones, given as text past 2^63", () => {
  checkCases(openDb(), [
    ["(SELECT bit_and(x) FROM (SELECT 1 x) WHERE x > 5)", "18446744073709551615"],
    ["(SELECT bit_or(x) FROM (SELECT -1 x))", "18446744073709551615"],
  ]);
});

Deno.test("ANY_VALUE returns a value of the group (MySQL 8; MariaDB lacks it)", () => {
  checkCases(openDb(), [
    ["(SELECT any_value(x) FROM (SELECT 'a' x UNION ALL SELECT 'b'))", "a"],
    ["(SELECT any_value(x) FROM (SELECT 'a' x) WHERE 0)", null],
  ]);
});

Deno.test("Aggregates work per group", () => {
  const db = openDb();
  db.exec("CREATE TABLE t(g TEXT, v INTEGER)");
  db.exec("INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 4), ('b', 4)");
  const rows = db.prepare("SELECT g, bit_or(v) AS o, var_pop(v) AS p FROM t GROUP BY g ORDER BY g")
    .all();
  assert.deepEqual(rows.map((r) => ({ ...r })), [{ g: "a", o: 3, p: 0.25 }, {
    g: "b",
    o: 4,
    p: 0,
  }]);
});
