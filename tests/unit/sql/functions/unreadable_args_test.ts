/**
 * Temporal functions warn about an argument they cannot read, with MariaDB 10.11's codes and
 * messages for the same calls; readable, zero and NULL arguments do not warn.
 */
import assert from "node:assert/strict";
import { evaluate, openDb } from "./_cases.ts";

function warningsOf(expr: string): Array<[number, string]> {
  const warnings: Array<[number, string]> = [];
  const db = openDb({ onWarning: (code, message) => warnings.push([code, message]) });
  evaluate(db, expr);
  return warnings;
}

Deno.test("an unreadable date or time argument gives NULL and warning 1292", () => {
  const datetime = (text: string): Array<[number, string]> => [
    [1292, `Incorrect datetime value: '${text}'`],
  ];
  assert.deepEqual(warningsOf("date('2024-02-30')"), datetime("2024-02-30"));
  assert.deepEqual(warningsOf("year('bad')"), datetime("bad"));
  assert.deepEqual(warningsOf("date('')"), datetime(""));
  assert.deepEqual(warningsOf("dayname('x')"), datetime("x"));
  assert.deepEqual(warningsOf("week('x', 3)"), datetime("x"));
  assert.deepEqual(warningsOf("mysql_date_add('x', 1, 'DAY')"), datetime("x"));
  assert.deepEqual(warningsOf("datediff('2024-01-01', 'y')"), datetime("y"));
  assert.deepEqual(warningsOf("mysql_timestampdiff('DAY', 'z', '2024-01-01')"), datetime("z"));
  assert.deepEqual(warningsOf("date_format('2024-13-01', '%Y')"), datetime("2024-13-01"));
  assert.deepEqual(warningsOf("mysql_extract('YEAR', 'x')"), datetime("x"));
  assert.deepEqual(warningsOf("unix_timestamp('x')"), datetime("x"));
  assert.deepEqual(warningsOf("time('25:99:99')"), [[1292, "Incorrect time value: '25:99:99'"]]);
  assert.deepEqual(warningsOf("str_to_date('2024-13-01', '%Y-%m-%d')"), [
    [1411, "Incorrect datetime value: '2024-13-01' for function str_to_date"],
  ]);
});

Deno.test("readable, zero-part and NULL arguments do not warn", () => {
  for (
    const expr of [
      "date('2024-02-29')",
      "year(0)",
      "monthname('2024-00-10')",
      "date(NULL)",
      "datediff(NULL, '2024-01-01')",
      "unix_timestamp()",
      "str_to_date(NULL, '%Y')",
    ]
  ) {
    assert.deepEqual(warningsOf(expr), [], expr);
  }
});
