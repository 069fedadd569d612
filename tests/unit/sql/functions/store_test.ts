/**
 * mysql_store(value, spec) called directly, with the argument types a column's affinity would
 * have hidden: strings that look like numbers, BLOBs, NULL, odd ENUM/SET members. Column-level
 * behaviour (through the DDL triggers) is tested in tests/unit/sql/ddl/coercion*_test.ts.
 * Expected values recorded on MariaDB 10.11 with sql_mode=''.
 */
import assert from "node:assert/strict";
import { storeValue } from "../../../../src/sql/functions/store.ts";
import { bytes, type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const CASES: Case[] = [
  ["mysql_store(NULL, 'int')", null],
  ["mysql_store('0', 'year')", 2000n], // a string '0' or '00' is 2000, the number 0 is 0000
  ["mysql_store('00', 'year')", 2000n],
  ["mysql_store('0000', 'year')", 0n],
  ["mysql_store(0, 'year')", 0n],
  ["mysql_store('12', 'bit(8)')", 255n], // the bytes 0x3132 do not fit 8 bits
  ["mysql_store('1', 'bit(8)')", 49n],
  ["mysql_store(x'0102', 'bit(16)')", 258n],
  ["mysql_store(x'41ff', 'varchar(5)')", "A?"], // invalid UTF-8 becomes '?' (W1366)
  ["mysql_store(x'414243', 'char(2)')", "AB"],
  ["mysql_store('b''c', 'enum(''a,b'',''b''''c'')')", "b'c"],
  ["mysql_store('A,B', 'enum(''a,b'',''b''''c'')')", "a,b"],
  ["mysql_store(1, 'enum(''a,b'',''b''''c'')')", "a,b"],
  ["mysql_store('1.5', 'enum(''x'',''y'')')", "x"],
  ["mysql_store(5, 'set(''a'',''b'',''c'')')", "a,c"],
  ["mysql_store(-1, 'set(''a'',''b'')')", "a,b"],
  ["mysql_store(8, 'set(''a'',''b'',''c'')')", ""],
  ["mysql_store('18446744073709551615', 'bigint unsigned')", 18446744073709551615],
  ["mysql_store(-1, 'bigint unsigned')", 0n],
  ["mysql_store('9223372036854775807', 'bigint')", 9223372036854775807n],
  ["mysql_store(12345678901234567, 'decimal(20,0)')", 12345678901234567n],
  ["mysql_store('1.5', 'float(5,2) unsigned')", 1.5],
  ["mysql_store('-1.5', 'double unsigned')", 0],
  ["mysql_store('abc', 'double')", 0],
  ["mysql_store(3.14159, 'float(5,2)')", 3.14],
  ["mysql_store(1000, 'float(5,2)')", 999.99],
  ["mysql_store(20240105, 'date')", "2024-01-05"],
  ["mysql_store(20240105103000.25, 'datetime(1)')", "2024-01-05 10:30:00.3"],
  ["mysql_store(3600, 'time(0)')", "00:36:00"],
  ["mysql_store(-3600.5, 'time(0)')", "-00:36:01"], // MariaDB truncates: -00:36:00
  ["mysql_store(12, 'binary(2)')", bytes("3132")],
  ["mysql_store(123, 'varbinary(2)')", "12"],
  ["mysql_store(x'000102', 'varbinary(2)')", bytes("0001")],
  ["mysql_store('é', 'varbinary(1)')", bytes("c3")], // cut inside a character: bytes
  ["mysql_store('abc', 'json')", "abc"], // types MySQL stores as given pass through
  ["mysql_store(CAST(x'610062' AS TEXT), 'varchar(5)')", bytes("610062")], // NUL: bytes
  // mysql_stored: already in stored form, same storage class and bytes
  ["mysql_stored('2024-01-05', 'date')", 1n],
  ["mysql_stored('2024-01-05 00:00:00', 'date')", 0n],
  ["mysql_stored(5.0, 'int')", 0n], // a REAL where MySQL stores an INTEGER
  ["mysql_stored(5, 'int')", 1n],
  ["mysql_stored(1.01, 'decimal(10,2)')", 1n],
  ["mysql_stored(CAST(x'610062' AS TEXT), 'varchar(5)')", 1n],
  ["mysql_stored(NULL, 'int')", 1n],
  // mysql_store_same: the two values store alike
  ["mysql_store_same('2024-01-05', '2024-01-05 10:00', 'date')", 1n],
  ["mysql_store_same('abc', 'abcdef', 'varchar(3)')", 1n],
  ["mysql_store_same(CAST(x'610062' AS TEXT), CAST(x'610063' AS TEXT), 'text')", 0n],
];

Deno.test("mysql_store converts raw values the way MySQL stores them", () => {
  checkCases(openDb(), CASES);
});

Deno.test("mysql_store is idempotent on its own results", () => {
  const specs = [
    "tinyint unsigned",
    "decimal(6,3)",
    "bit(3)",
    "year",
    "date",
    "datetime(4)",
    "timestamp(2)",
    "time(5)",
    "char(2)",
    "tinytext",
    "binary(3)",
    "varbinary(3)",
    "enum('x','Y')",
    "set('x','Y','z')",
  ];
  const inputs = [0n, -7n, 300n, 2.5, -0.0005, "y,X", "2024-12-31 23:59:59.99999", "-1:2:3.4"];
  const bad: string[] = [];
  for (const spec of specs) {
    for (const v of inputs) {
      const once = storeValue(v, spec);
      const twice = storeValue(once, spec);
      if (JSON.stringify(String(once)) !== JSON.stringify(String(twice))) {
        bad.push(`${spec} ${String(v)}: ${String(once)} then ${String(twice)}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

Deno.test("mysql_store keeps a bounded cache of parsed specs", () => {
  const db = openDb();
  for (let n = 1; n <= 2000; n++) {
    assert.equal(evaluate(db, `mysql_store('abcdef', 'varchar(${n})')`), "abcdef".slice(0, n));
  }
});
