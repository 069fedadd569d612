/** columnInfoFor: what MySQL sends per declared type (mysql-protocol-notes §5.4); the types
 * expressions of columns and literals get. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  columnInfoFor,
  columnInfoForExpression,
  expressionTypeOfDeclared,
} from "../../../src/sql/column_types.ts";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
import { ColumnFlag as F, ColumnType as T } from "../../../src/types/column.ts";

const CASES: Array<[string, T, number, number, number, number]> = [
  // MySQL type, type code, length, flags, charset, decimals
  ["tinyint", T.TINY, 4, 0, 63, 0],
  ["tinyint unsigned", T.TINY, 3, F.UNSIGNED, 63, 0],
  ["tinyint(1)", T.TINY, 1, 0, 63, 0],
  ["smallint", T.SHORT, 6, 0, 63, 0],
  ["smallint unsigned", T.SHORT, 5, F.UNSIGNED, 63, 0],
  ["mediumint", T.INT24, 9, 0, 63, 0],
  ["mediumint unsigned", T.INT24, 8, F.UNSIGNED, 63, 0],
  ["int", T.LONG, 11, 0, 63, 0],
  ["int unsigned", T.LONG, 10, F.UNSIGNED, 63, 0],
  ["int(10) unsigned zerofill", T.LONG, 10, F.UNSIGNED | F.ZEROFILL, 63, 0],
  ["bigint", T.LONGLONG, 20, 0, 63, 0],
  ["bigint(20) unsigned", T.LONGLONG, 20, F.UNSIGNED, 63, 0],
  ["decimal(10,2)", T.NEWDECIMAL, 12, 0, 63, 2],
  ["decimal(10,2) unsigned", T.NEWDECIMAL, 11, F.UNSIGNED, 63, 2],
  ["decimal", T.NEWDECIMAL, 11, 0, 63, 0],
  ["float", T.FLOAT, 12, 0, 63, 31],
  ["double", T.DOUBLE, 22, 0, 63, 31],
  ["varchar(191)", T.VAR_STRING, 764, 0, 255, 0],
  ["varchar(10) CHARACTER SET latin1", T.VAR_STRING, 10, 0, 8, 0],
  ["char(5)", T.STRING, 20, 0, 255, 0],
  ["varbinary(10)", T.VAR_STRING, 10, F.BINARY, 63, 0],
  ["binary(16)", T.STRING, 16, F.BINARY, 63, 0],
  ["tinytext", T.BLOB, 1020, F.BLOB, 255, 0],
  ["text", T.BLOB, 262140, F.BLOB, 255, 0],
  ["mediumtext", T.BLOB, 67108860, F.BLOB, 255, 0],
  ["longtext", T.BLOB, 4294967295, F.BLOB, 255, 0],
  ["tinyblob", T.BLOB, 255, F.BLOB | F.BINARY, 63, 0],
  ["blob", T.BLOB, 65535, F.BLOB | F.BINARY, 63, 0],
  ["mediumblob", T.BLOB, 16777215, F.BLOB | F.BINARY, 63, 0],
  ["longblob", T.BLOB, 4294967295, F.BLOB | F.BINARY, 63, 0],
  ["json", T.JSON, 4294967295, F.BLOB | F.BINARY, 63, 0],
  ["date", T.DATE, 10, F.BINARY, 63, 0],
  ["datetime", T.DATETIME, 19, F.BINARY, 63, 0],
  ["datetime(3)", T.DATETIME, 23, F.BINARY, 63, 3],
  ["timestamp", T.TIMESTAMP, 19, F.BINARY | F.UNSIGNED | F.TIMESTAMP, 63, 0],
  ["time", T.TIME, 10, F.BINARY, 63, 0],
  ["year", T.YEAR, 4, F.UNSIGNED | F.ZEROFILL, 63, 0],
  ["bit(8)", T.BIT, 8, F.UNSIGNED, 63, 0],
  ["enum('a','bb')", T.STRING, 8, F.ENUM, 255, 0],
  ["set('a','bb')", T.STRING, 16, F.SET, 255, 0],
  ["geometry", T.GEOMETRY, 4294967295, F.BLOB | F.BINARY, 63, 0],
  ["point", T.GEOMETRY, 4294967295, F.BLOB | F.BINARY, 63, 0],
];

Deno.test("columnInfoFor gives MySQL's column definition for every declared type", () => {
  const db = new DatabaseSync(":memory:");
  const cols = CASES.map(([t], i) => `c${i} ${t}`).join(", ");
  executeDdl(`CREATE TABLE t (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, ${cols})`, {
    database: "d",
    db,
  });
  const declared = db.prepare("SELECT * FROM t").columns();
  assert.deepEqual(columnInfoFor(declared[0]!.type, undefined), {
    type: T.LONGLONG,
    length: 20,
    flags: F.NOT_NULL | F.PRI_KEY | F.AUTO_INCREMENT | F.PART_KEY,
    charset: 63,
    decimals: 0,
  });
  CASES.forEach(([mysql, type, length, flags, charset, decimals], i) => {
    const info = columnInfoFor(declared[i + 1]!.type, undefined);
    assert.deepEqual(
      info,
      { type, length, flags, charset, decimals },
      `${mysql} declared as ${declared[i + 1]!.type}`,
    );
  });
  db.close();
});

Deno.test("columnInfoFor for expressions follows the sample value", () => {
  assert.deepEqual(columnInfoFor(null, 1), {
    type: T.LONGLONG,
    length: 21,
    flags: F.BINARY,
    charset: 63,
    decimals: 0,
  });
  assert.deepEqual(columnInfoFor(null, 1.5), {
    type: T.DOUBLE,
    length: 22,
    flags: F.BINARY,
    charset: 63,
    decimals: 31,
  });
  assert.deepEqual(columnInfoFor(null, "abc"), {
    type: T.VAR_STRING,
    length: 12,
    flags: 0,
    charset: 255,
    decimals: 31,
  });
  assert.deepEqual(columnInfoFor(null, null), {
    type: T.NULL,
    length: 0,
    flags: F.BINARY,
    charset: 63,
    decimals: 0,
  });
  assert.equal(columnInfoFor(null, new Uint8Array([1, 2])).charset, 63);
  assert.equal(columnInfoFor(null, 5n).type, T.LONGLONG);
  // plain SQLite types of tables created outside our DDL map by affinity
  assert.equal(columnInfoFor("TEXT", undefined).type, T.BLOB);
  assert.equal(columnInfoFor("REAL", undefined).type, T.DOUBLE);
  assert.equal(columnInfoFor("VARCHAR(30)", undefined).length, 120);
});

Deno.test("columnInfoFor returns copies the caller may change", () => {
  const a = columnInfoFor("VARCHAR(10)", undefined);
  a.charset = 45;
  assert.equal(columnInfoFor("VARCHAR(10)", undefined).charset, 255);
});

Deno.test("a table column's declared type gives its type in expressions", () => {
  const db = new DatabaseSync(":memory:");
  executeDdl(
    "CREATE TABLE t (a int unsigned, b decimal(10,2), c decimal, d double, e varchar(9), " +
      "f enum('x'), g datetime, h datetime(3), i date, j json, k varbinary(4), l bit(2))",
    { database: "d", db },
  );
  const declared = db.prepare("SELECT * FROM t").columns().map((c) => c.type!);
  assert.deepEqual(declared.map(expressionTypeOfDeclared), [
    { kind: "integer", unsigned: true },
    { kind: "decimal", scale: 2 },
    { kind: "decimal", scale: 0 },
    { kind: "double" },
    { kind: "string" },
    { kind: "string" },
    { kind: "datetime" },
    undefined, // fractional seconds: the values decide
    { kind: "date" },
    { kind: "json" },
    undefined, // binary strings: the values decide
    undefined,
  ]);
  // NUMERIC of a file made elsewhere has no scale: a guess the values may widen.
  assert.deepEqual(expressionTypeOfDeclared("NUMERIC"), {
    kind: "decimal",
    scale: 0,
    guessedScale: true,
  });
  db.close();
});

Deno.test("an expression's decimals are its scale; only a guessed scale widens to the values", () => {
  const sum = 0.1 + 0.2; // 0.30000000000000004 in a double, 0.3 in MySQL's DECIMAL
  assert.equal(columnInfoForExpression({ kind: "decimal", scale: 1 }, [sum]).decimals, 1);
  assert.equal(
    columnInfoForExpression({ kind: "decimal", scale: 0, guessedScale: true }, [1.25]).decimals,
    2,
  );
});
