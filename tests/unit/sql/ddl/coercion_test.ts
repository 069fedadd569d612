/**
 * Strings, bytes, ENUM/SET, integers, DECIMAL and BIT columns store what MySQL stores
 * (non-strict mode). Expected values were recorded on MariaDB 10.11 with sql_mode='' and
 * utf8mb4 tables; the few places where SQLite's column affinity changes the value before our
 * trigger sees it are noted (see src/sql/DESIGN.md, "Stored values").
 */
import assert from "node:assert/strict";
import { ddl } from "./_helpers.ts";
import { checkColumn, openStoredDb } from "./_stored.ts";

Deno.test("CHAR and VARCHAR keep n characters; CHAR drops trailing spaces as MySQL does", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "char(5)", [
      ["'abcdefgh'", "abcde"],
      ["'ab   '", "ab"],
      ["'ééééééé'", "ééééé"],
      ["12345678", "12345"],
      ["'a  b  '", "a  b"],
      ["' '", ""],
    ]);
    checkColumn(t.db, "varchar(5)", [
      ["'abcdefgh'", "abcde"],
      ["'ab   '", "ab   "],
      ["'ééééééé'", "ééééé"],
      ["12345678", "12345"],
      ["'abcde   '", "abcde"],
      ["' '", " "],
      // utf8mb4 counts characters (the CLI could not send these; MySQL's documented rule)
      ["'😀😀😀😀😀😀'", "😀😀😀😀😀"],
      ["x'414243'", "ABC"], // bytes become text
    ]);
  } finally {
    t.close();
  }
});

Deno.test("TINYTEXT and TEXT keep 255 / 65535 bytes, cut on a character", () => {
  const t = openStoredDb();
  try {
    ddl(t.db, "CREATE TABLE s (tt tinytext, tx text, tb tinyblob, lt longtext) CHARSET utf8mb4");
    const e = (n: number) => `'${"é".repeat(n)}'`;
    t.db.exec(`INSERT INTO s VALUES (${e(200)}, ${e(40000)}, ${e(200)}, ${e(40000)})`);
    const row = t.db.prepare(
      "SELECT octet_length(tt) AS tt, char_length(tt) AS ttc, octet_length(tx) AS tx, " +
        "octet_length(tb) AS tb, octet_length(lt) AS lt FROM s",
    ).get();
    assert.deepEqual({ ...row }, { tt: 254, ttc: 127, tx: 65534, tb: 255, lt: 80000 });
  } finally {
    t.close();
  }
});

Deno.test("BINARY(n) pads with zero bytes; VARBINARY and BLOB only cut", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "binary(4)", [
      ["'ab'", "61620000"],
      ["'abcdef'", "61626364"],
      ["1", "31000000"],
      ["''", "00000000"],
      ["x'00ff'", "00FF0000"],
      ["'abcd '", "61626364"],
      ["NULL", null],
      ["'é'", "C3A90000"],
      ["'ab  '", "61622020"],
    ]);
    checkColumn(t.db, "varbinary(4)", [
      ["'ab'", "ab"],
      ["'abcdef'", "abcd"],
      ["1", "1"],
      ["x'00ff'", "00FF"],
      ["'ab  '", "ab  "],
      ["x'0102030405'", "01020304"],
    ]);
  } finally {
    t.close();
  }
});

Deno.test("SET keeps members once in definition order; ENUM stores a member or ''", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "set('a','b','c')", [
      ["'c,a'", "a,c"],
      ["'a,b,a,c'", "a,b,c"],
      ["'A,d'", "a"],
      ["''", ""],
      ["5", "a,c"],
      ["'b,,a'", "a,b"],
      ["'a ,b'", "b"],
      ["'c,b,a'", "a,b,c"],
      ["7", "a,b,c"],
    ]);
    checkColumn(t.db, "enum('a','b','C')", [
      ["'A'", "a"],
      ["'c'", "C"],
      ["'zz'", ""],
      ["''", ""],
      ["2", "b"],
      ["1.6", "a"],
      ["' a'", ""],
      ["'B '", "b"],
      ["3", "C"],
    ]);
    checkColumn(t.db, "enum('x','y') NOT NULL", [
      ["'zz'", ""],
      ["'Y'", "y"],
      ["0", ""],
      ["3", ""],
      ["'1'", "x"],
      ["'x '", "x"],
    ]);
  } finally {
    t.close();
  }
});

Deno.test("Integer columns take the numeric prefix, round, and clamp to the type's range", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "tinyint", [
      ["300", "127"],
      ["-300", "-128"],
      ["3.7", "4"],
      ["'-2.5'", "-3"],
      ["127.5", "127"],
    ]);
    checkColumn(t.db, "tinyint unsigned", [["-1", "0"], ["256", "255"], ["'3.7'", "4"]]);
    checkColumn(t.db, "int", [
      ["'12abc'", "12"],
      ["'abc'", "0"],
      ["1e20", "2147483647"],
      ["'1e3'", "1000"],
      ["-2147483648.5", "-2147483648"],
    ]);
    checkColumn(t.db, "int unsigned", [
      ["-1", "0"],
      ["4294967296", "4294967295"],
      ["'  42  '", "42"],
      ["''", "0"],
      ["4294967295.4", "4294967295"],
    ]);
    checkColumn(t.db, "bigint", [
      ["'9223372036854775808'", "9223372036854775807"],
      ["-9223372036854775809", "-9223372036854775808"],
      ["2.5", "3"],
      ["'x'", "0"],
    ]);
    checkColumn(t.db, "bigint unsigned", [["-5", "0"], ["1.5", "2"], ["0", "0"]]);
    checkColumn(t.db, "mediumint", [
      ["8388608", "8388607"],
      ["-8388609", "-8388608"],
      ["'0x10'", "0"],
      ["0.5", "1"],
    ]);
    checkColumn(t.db, "smallint unsigned", [["70000", "65535"], ["-1", "0"], ["' 7'", "7"]]);
  } finally {
    t.close();
  }
});

Deno.test("DECIMAL rounds half away from zero on the decimal text and clamps to its range", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "decimal(10,2)", [
      ["1.005", "1.01"], // the double is 1.00499999999999989...
      ["-1.005", "-1.01"],
      ["'12.345abc'", "12.35"],
      ["123456789.999", "99999999.99"],
      ["'1e2'", "100"], // printed 100.00 by the result layer, which knows the scale
      ["2.675", "2.68"],
    ]);
    checkColumn(t.db, "decimal(5,2) unsigned", [
      ["-1.5", "0"],
      ["999.995", "999.99"],
      ["1000", "999.99"],
      ["''", "0"],
      ["0.001", "0"],
    ]);
    checkColumn(t.db, "decimal(5,0)", [
      ["2.5", "3"],
      ["-2.5", "-3"],
      ["99999.5", "99999"],
      ["'abc'", "0"],
      ["'1.5e1'", "15"],
    ]);
    // The stored REAL reads back as the exact decimal text.
    assert.equal(
      t.db.prepare("SELECT CAST(c AS TEXT) AS v FROM t WHERE id = 5").get()?.v,
      "15",
    );
    checkColumn(t.db, "decimal(10,2)", [["1.005", "1.01"]]);
    assert.equal(t.db.prepare("SELECT CAST(c AS TEXT) AS v FROM t").get()?.v, "1.01");
  } finally {
    t.close();
  }
});

Deno.test("BIT(n) clamps to n bits; strings are their bytes; BIT(64) keeps all 64 bits", () => {
  const t = openStoredDb();
  try {
    checkColumn(t.db, "bit(1)", [["1", "1"], ["2", "1"], ["0", "0"], ["'x'", "1"], ["1.6", "1"]]);
    checkColumn(t.db, "bit(8)", [["255", "255"], ["256", "255"], ["'a'", "97"], ["300.5", "255"]]);
    // BIT(64) holds 0xFFFFFFFFFFFFFFFF as the 64-bit integer -1 (the wire layer prints bytes).
    checkColumn(t.db, "bit(64)", [
      ["-1", "-1"],
      ["18446744073709551615", "-1"],
      ["'ab'", "24930"],
      ["1.5", "2"],
      ["'abcdefghi'", "-1"],
      ["2.5", "3"],
    ]);
  } finally {
    t.close();
  }
});
