/**
 * Math, rounding and arithmetic-operator helpers against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const MATH: Case[] = [
  ["ROUND(2.5)", 3],
  ["ROUND(-2.5)", -3],
  ["ROUND(1.005,2)", 1.01],
  ["ROUND(2.675,2)", 2.68],
  ["ROUND(123.456,-1)", 120],
  ["ROUND(25,-1)", 30n],
  ["ROUND('2.5')", 2],
  ["ROUND('3.5')", 4],
  ["mysql_round(-2.5, 0, 0)", -2], // ROUND(-2.5e0)
  ["mysql_round(2.5, 0, 0)", 2], // ROUND(2.5e0)
  ["mysql_round(3.5, 0, 0)", 4], // ROUND(3.5e0)
  ["mysql_round(2.675, 2, 0)", 2.68], // ROUND(2.675e0, 2)
  ["mysql_round(2.5, 0, 1)", 3], // ROUND(2.5, 0)
  ["ROUND(123, 2)", 123n],
  ["ROUND(-125,-1)", -130n],
  ["ROUND(5,-1)", 10n],
  ["ROUND(4,-1)", 0n],
  ["ROUND(1234.5678, -2)", 1200],
  ["ROUND(NULL)", null],
  ["ROUND(1.5, NULL)", null],
  ["ROUND(0.5)", 1],
  ["ROUND(-0.4)", 0],
  ["ROUND(9.995, 2)", 10],
  ["ROUND(0.0001, 2)", 0],
  ["ROUND(123.456, 10)", 123.456],
  ["ROUND(1e20, -19)", 100000000000000000000],
  ["TRUNCATE(1.999,2)", 1.99],
  ["TRUNCATE(123.4,-1)", 120],
  ["TRUNCATE(-1.999,1)", -1.9],
  ["TRUNCATE(199, -2)", 100n],
  ["TRUNCATE(-199, -2)", -100n],
  ["TRUNCATE(1.223,1)", 1.2],
  ["TRUNCATE(1.999,0)", 1],
  ["TRUNCATE(NULL, 1)", null],
  ["CEIL(1.2)", 2n],
  ["CEIL(-1.2)", -1n],
  ["CEILING(1.23)", 2n],
  ["FLOOR(-1.2)", -2n],
  ["FLOOR(1.23)", 1n],
  ["FLOOR('1.7')", 1],
  ["CEILING(5)", 5n],
  ["FLOOR(NULL)", null],
  ["FLOOR(-0.5)", -1n],
  ["POW(2,10)", 1024],
  ["POW(0,0)", 1],
  ["POWER(2,-1)", 0.5],
  ["POW(2, 0.5)", 1.4142135623730951],
  ["POW(NULL, 2)", null],
  ["SQRT(-1)", null],
  ["SQRT(16)", 4],
  ["SQRT(2)", 1.4142135623730951],
  ["EXP(1)", 2.718281828459045],
  ["EXP(0)", 1],
  ["LN(0)", null],
  ["LN(-1)", null],
  ["LN(2)", 0.6931471805599453],
  ["LOG(100)", 4.605170185988092],
  ["LOG(10,100)", 2],
  ["LOG(1,100)", null],
  ["LOG(-10,100)", null],
  ["LOG(2, 0)", null],
  ["LOG(2, 65536)", 16],
  ["LOG2(8)", 3],
  ["LOG2(-1)", null],
  ["LOG10(1000)", 3],
  ["LOG10(0)", null],
  ["LOG10(2)", 0.3010299956639812],
  ["SIN(0)", 0],
  ["SIN(1)", 0.8414709848078965],
  ["COS(0)", 1],
  ["COS(PI())", -1],
  ["TAN(0)", 0],
  ["TAN(1)", 1.5574077246549023],
  ["ASIN(2)", null],
  ["ASIN(0.2)", 0.2013579207903308],
  ["ACOS(1)", 0],
  ["ACOS(1.0001)", null],
  ["ATAN(1)", 0.7853981633974483],
  ["ATAN(-2)", -1.1071487177940904],
  ["ATAN(1,1)", 0.7853981633974483],
  ["ATAN(-2,2)", -0.7853981633974483],
  ["ATAN2(1,1)", 0.7853981633974483],
  ["ATAN2(PI(),0)", 1.5707963267948966],
  ["COT(1)", 0.6420926159343306],
  ["COT(12)", -1.5726734063976893],
  ["DEGREES(PI())", 180],
  ["DEGREES(PI() / 2)", 90],
  ["RADIANS(180)", 3.141592653589793],
  ["RADIANS(90)", 1.5707963267948966],
  ["SIGN(-5)", -1n],
  ["SIGN(0)", 0n],
  ["SIGN('abc')", 0n],
  ["SIGN(2.5)", 1n],
  ["SIGN(-0.0001)", -1n],
  ["SIGN(NULL)", null],
  ["ABS(-5)", 5n],
  ["ABS('-5.5')", 5.5],
  ["ABS(NULL)", null],
  ["ABS(2.5)", 2.5],
  ["MOD(7.5,2)", 1.5],
  ["MOD(-7,3)", -1n],
  ["MOD(7,-3)", 1n],
  ["MOD(7,0)", null],
  ["MOD('7', 2)", 1],
  ["MOD(234, 10)", 4n],
  ["MOD(29,9)", 2n],
  ["MOD(34.5,3)", 1.5],
  ["MOD(NULL, 2)", null],
  ["mysql_div(-7, 2)", -3n], // -7 DIV 2
  ["mysql_div(7.5, 2)", 3n], // 7.5 DIV 2
  ["mysql_div(10, 0)", null], // 10 DIV 0
  ["mysql_div(10, 3)", 3n], // 10 DIV 3
  ["mysql_div('7', '2')", 3n], // '7' DIV '2'
  ["mysql_div(NULL, 2)", null], // NULL DIV 2
  ["mysql_mod(-7, 3)", -1n], // -7 % 3
  ["mysql_mod(5.5, 2)", 1.5], // 5.5 % 2
  ["mysql_mod(7.3, 2)", 1.3], // 7.3 % 2
  ["mysql_mod(1, 0)", null], // 1 % 0
  ["mysql_division(5, 2)", 2.5], // 5/2
  ["mysql_division(-7, 2)", -3.5], // -7/2
  ["mysql_division(7, 3)", 2.3333], // 7/3
  ["mysql_division(2, 3)", 0.6667], // 2/3
  ["mysql_division(1.5, 3)", 0.5], // 1.5/3
  ["mysql_division(1.0, 3, 5)", 0.33333], // 1.0/3
  ["mysql_division(1, 0)", null], // 1/0
  ["mysql_division('1', 3)", 0.3333333333333333], // '1'/3
  ["mysql_division(1, 3, -1)", 0.3333333333333333], // 1e0/3
  ["mysql_division(NULL, 2)", null], // NULL/2
  ["mysql_division(10, 4)", 2.5], // 10/4
  ["mysql_xor(1, 1)", 0n], // 1 XOR 1
  ["mysql_xor(NULL, 1)", null], // NULL XOR 1
  ["mysql_xor(1, 0)", 1n], // 1 XOR 0
  ["mysql_xor(0, 0)", 0n], // 0 XOR 0
  ["mysql_xor('a', 1)", 1n], // 'a' XOR 1
  ["mysql_bitxor(5, 3)", 6n], // 5 ^ 3
  ["BIT_COUNT(7)", 3n],
  ["BIT_COUNT(-1)", 64n],
  ["BIT_COUNT('7')", 3n],
  ["BIT_COUNT(NULL)", null],
  ["BIT_COUNT(29)", 4n],
  ["BIT_COUNT(0)", 0n],
  ["GREATEST('10', 9)", 10],
  ["GREATEST('10','9')", "9"],
  ["GREATEST('a', 1)", 1],
  ["GREATEST('a','B')", "B"],
  ["GREATEST(1, 2.5)", 2.5],
  ["LEAST(1, NULL)", null],
  ["GREATEST(1, 2)", 2n],
  ["LEAST('b','A','c')", "A"],
  ["GREATEST(1, '2abc')", 2],
  ["LEAST(34.0, 3.0, 5.0, 767.0)", 3],
  ["GREATEST(2, 0)", 2n],
  ["LEAST(2, 0)", 0n],
  ["RAND(1)", 0.40540353712197724],
  ["RAND(2)", 0.6555866465490187],
  ["RAND(NULL)", 0.15522042769493574],
  ["RAND(0)", 0.15522042769493574],
  ["RAND(-1)", 0.9050373219931845],
  ["RAND('3')", 0.9057697559760601],
  ["RAND(1.5)", 0.6555866465490187],
  ["RAND(1000000)", 0.2644144708890603],
];

Deno.test("Math functions and operator helpers match MySQL", () => {
  checkCases(openDb(), MATH);
});

Deno.test("Seeded RAND(n) continues its sequence within a statement and restarts in the next", () => {
  const three = "SELECT rand(1) AS v FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)";
  // MariaDB 10.11: SELECT RAND(1) FROM (3 rows).
  const expected = [0.40540353712197724, 0.8716141803857071, 0.1418603212962489];
  let statement = 0;
  const db2 = openDb({ statementId: () => statement });
  const run = () => (db2.prepare(three).all() as { v: number }[]).map((r) => r.v);
  assert.deepEqual(run(), expected);
  statement++;
  assert.deepEqual(run(), expected);
  // MariaDB 10.11: SELECT x FROM (1..5) ORDER BY RAND(5) gives 4, 3, 5, 1, 2.
  statement++;
  const order = db2.prepare(
    "SELECT x AS v FROM (SELECT 1 x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " +
      "UNION ALL SELECT 5) ORDER BY rand(5)",
  ).all() as { v: number }[];
  assert.deepEqual(order.map((r) => r.v), [4, 3, 5, 1, 2]);
});

Deno.test("RAND() without a seed is uniform in [0, 1) and differs between calls", () => {
  const db = openDb();
  const values = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const v = evaluate(db, "RAND()") as number;
    assert.ok(v >= 0 && v < 1, String(v));
    values.add(v);
  }
  assert.ok(values.size > 45);
});

Deno.test("Results beyond DOUBLE raise error 1690 as in MySQL", () => {
  const db = openDb();
  // MariaDB 10.11: ERROR 1690 (22003) DOUBLE value is out of range in 'pow(10,400)'.
  assert.throws(() => evaluate(db, "POW(10, 400)"), { code: 1690, sqlState: "22003" });
  assert.throws(() => evaluate(db, "EXP(1000)"), { code: 1690 });
  assert.throws(() => evaluate(db, "mysql_div(1e300, 1e-300)"), { code: 1690 });
});

Deno.test("Unsigned 64-bit results past 2^63 come back as decimal text", () => {
  // MariaDB 10.11: 1 ^ -1 = 18446744073709551614 (BIGINT UNSIGNED); SQLite integers are signed.
  checkCases(openDb(), [
    ["mysql_bitxor(1, -1)", "18446744073709551614"],
    ["mysql_bitxor(5, 3)", 6n],
    ["mysql_bitxor(NULL, 3)", null],
  ]);
});

Deno.test("PI() keeps full precision; MySQL only prints it with 6 decimals", () => {
  checkCases(openDb(), [["PI()", Math.PI], ["ROUND(PI(), 6)", 3.141593]]);
});

Deno.test("mysql_division takes an explicit scale for exact operands whose scale SQLite lost", () => {
  checkCases(openDb(), [
    ["mysql_division(1.0, 3, 5)", 0.33333], // MySQL: 1.0/3 = 0.33333
    ["mysql_division(1, 3)", 0.3333], // MySQL: 1/3 = 0.3333
    ["mysql_division(1, 3, -1)", 1 / 3], // DOUBLE operand
    ["mysql_division(1, 0, 5)", null],
  ]);
});

Deno.test("Integer results are SQLite INTEGERs, not REALs", () => {
  const db = openDb();
  for (const expr of ["FLOOR(1.5)", "CEIL(1.5)", "SIGN(-3)", "BIT_COUNT(7)", "mysql_div(7, 2)"]) {
    assert.equal(evaluate(db, `typeof(${expr})`), "integer", expr);
  }
  assert.equal(evaluate(db, "typeof(ROUND(2.5, 1))"), "real");
});
