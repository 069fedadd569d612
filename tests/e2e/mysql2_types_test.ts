/**
 * Every MySQL column type through `npm:mysql2`, in the text protocol (`query`) and the
 * binary protocol (`execute`), written with SQL literals and with bound parameters: each
 * value must come back as the JavaScript value mysql2 gives against MySQL (numbers,
 * strings for DECIMAL and big integers, Buffers for binary data, Dates, parsed JSON).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { connect, type Connection, executeRows, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_types";

const DDL = `CREATE TABLE all_types (
  id INT NOT NULL PRIMARY KEY,
  t_tiny TINYINT, t_tiny_u TINYINT UNSIGNED, t_bool TINYINT(1),
  t_small SMALLINT, t_small_u SMALLINT UNSIGNED,
  t_medium MEDIUMINT, t_medium_u MEDIUMINT UNSIGNED,
  t_int INT, t_int_u INT UNSIGNED,
  t_big BIGINT, t_big_u BIGINT UNSIGNED,
  t_dec DECIMAL(10,2), t_float FLOAT, t_double DOUBLE,
  t_char CHAR(10), t_varchar VARCHAR(100),
  t_text TEXT, t_mediumtext MEDIUMTEXT, t_longtext LONGTEXT,
  t_binary BINARY(4), t_varbinary VARBINARY(300), t_blob BLOB,
  t_date DATE, t_datetime DATETIME, t_datetime6 DATETIME(6), t_timestamp TIMESTAMP NULL,
  t_time TIME, t_year YEAR,
  t_enum ENUM('small','medium','large'), t_set SET('a','b','c'),
  t_json JSON
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`;

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const UNICODE = "héllo wörld ✓ 🐬 中文 'quote' \"dq\" \\ back";
const WITH_NUL = "before NUL \u0000 after NUL";
const MEDIUM = "medium ✓ ".repeat(20_000);
const LONG = "0123456789abcdef🐬".repeat(60_000);

/** A column value as SQL text (for the text-protocol INSERT) and as a bound parameter. */
interface Input {
  sql: string;
  param: unknown;
}

/** What mysql2 must return for the column (with supportBigNumbers + bigNumberStrings). */
type Row = Record<string, unknown>;

function lit(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\0/g, "\\0")}'`;
}

function hex(b: Buffer): string {
  return b.length === 0 ? "''" : `X'${b.toString("hex")}'`;
}

const MAX_INPUT: Record<string, Input> = {
  t_tiny: { sql: "127", param: 127 },
  t_tiny_u: { sql: "255", param: 255 },
  t_bool: { sql: "1", param: true },
  t_small: { sql: "32767", param: 32767 },
  t_small_u: { sql: "65535", param: 65535 },
  t_medium: { sql: "8388607", param: 8388607 },
  t_medium_u: { sql: "16777215", param: 16777215 },
  t_int: { sql: "2147483647", param: 2147483647 },
  t_int_u: { sql: "4294967295", param: 4294967295 },
  t_big: { sql: "9223372036854775807", param: 9223372036854775807n },
  // The largest BIGINT UNSIGNED stored exactly; 2^63 and above: see the known-gap step below.
  t_big_u: { sql: "9223372036854775807", param: "9223372036854775807" },
  t_dec: { sql: "12.5", param: "12.5" },
  t_float: { sql: "1.5", param: 1.5 },
  t_double: { sql: "3.141592653589793", param: 3.141592653589793 },
  t_char: { sql: "'abc'", param: "abc" },
  t_varchar: { sql: lit(UNICODE), param: UNICODE },
  t_text: { sql: lit(WITH_NUL), param: WITH_NUL },
  t_mediumtext: { sql: lit(MEDIUM), param: MEDIUM },
  t_longtext: { sql: lit(LONG), param: LONG },
  t_binary: { sql: "'ab'", param: Buffer.from("ab") },
  t_varbinary: { sql: hex(ALL_BYTES), param: ALL_BYTES },
  t_blob: {
    sql: hex(Buffer.concat([ALL_BYTES, ALL_BYTES])),
    param: Buffer.concat([ALL_BYTES, ALL_BYTES]),
  },
  t_date: { sql: "'2024-02-29'", param: new Date(2024, 1, 29) },
  t_datetime: { sql: "'2024-02-29 13:14:15'", param: new Date(2024, 1, 29, 13, 14, 15) },
  t_datetime6: { sql: "'2024-02-29 13:14:15.123456'", param: "2024-02-29 13:14:15.123456" },
  t_timestamp: { sql: "'2024-02-29 13:14:15'", param: new Date(2024, 1, 29, 13, 14, 15) },
  t_time: { sql: "'838:59:59'", param: "838:59:59" },
  t_year: { sql: "2155", param: 2155 },
  t_enum: { sql: "'medium'", param: "medium" },
  t_set: { sql: "'c,a'", param: "a,c" },
  t_json: {
    sql: `'{"a": 1, "b": [true, null, "x"], "c": {"d": "é"}}'`,
    param: { a: 1, b: [true, null, "x"], c: { d: "é" } },
  },
};

const MAX_EXPECTED: Row = {
  t_tiny: 127,
  t_tiny_u: 255,
  t_bool: 1,
  t_small: 32767,
  t_small_u: 65535,
  t_medium: 8388607,
  t_medium_u: 16777215,
  t_int: 2147483647,
  t_int_u: 4294967295,
  t_big: "9223372036854775807",
  t_big_u: "9223372036854775807",
  t_dec: "12.50",
  t_float: 1.5,
  t_double: 3.141592653589793,
  t_char: "abc",
  t_varchar: UNICODE,
  t_text: WITH_NUL,
  t_mediumtext: MEDIUM,
  t_longtext: LONG,
  t_binary: Buffer.from([0x61, 0x62, 0, 0]),
  t_varbinary: ALL_BYTES,
  t_blob: Buffer.concat([ALL_BYTES, ALL_BYTES]),
  t_date: new Date(2024, 1, 29),
  t_datetime: new Date(2024, 1, 29, 13, 14, 15),
  t_datetime6: new Date(2024, 1, 29, 13, 14, 15, 123),
  t_timestamp: new Date(2024, 1, 29, 13, 14, 15),
  t_time: "838:59:59",
  t_year: 2155,
  t_enum: "medium",
  t_set: "a,c",
  t_json: { a: 1, b: [true, null, "x"], c: { d: "é" } },
};

const MIN_INPUT: Record<string, Input> = {
  t_tiny: { sql: "-128", param: -128 },
  t_tiny_u: { sql: "0", param: 0 },
  t_bool: { sql: "0", param: false },
  t_small: { sql: "-32768", param: -32768 },
  t_small_u: { sql: "0", param: 0 },
  t_medium: { sql: "-8388608", param: -8388608 },
  t_medium_u: { sql: "0", param: 0 },
  t_int: { sql: "-2147483648", param: -2147483648 },
  t_int_u: { sql: "0", param: 0 },
  t_big: { sql: "-9223372036854775808", param: "-9223372036854775808" },
  t_big_u: { sql: "0", param: 0 },
  t_dec: { sql: "-99999999.99", param: -99999999.99 },
  t_float: { sql: "-2.25", param: -2.25 },
  t_double: { sql: "-1.7976931348623157e308", param: -1.7976931348623157e308 },
  t_char: { sql: "''", param: "" },
  t_varchar: { sql: "''", param: "" },
  t_text: { sql: "''", param: "" },
  t_mediumtext: { sql: "''", param: "" },
  t_longtext: { sql: "''", param: "" },
  t_binary: { sql: "X'00000000'", param: Buffer.alloc(4) },
  t_varbinary: { sql: "''", param: Buffer.alloc(0) },
  t_blob: { sql: "''", param: Buffer.alloc(0) },
  t_date: { sql: "'1000-01-01'", param: "1000-01-01" },
  t_datetime: { sql: "'1000-01-01 00:00:00'", param: "1000-01-01 00:00:00" },
  t_datetime6: { sql: "'9999-12-31 23:59:59.999999'", param: "9999-12-31 23:59:59.999999" },
  t_timestamp: { sql: "'2000-01-01 00:00:00'", param: new Date(2000, 0, 1) },
  t_time: { sql: "'-838:59:59'", param: "-838:59:59" },
  t_year: { sql: "1901", param: 1901 },
  t_enum: { sql: "'small'", param: "small" },
  t_set: { sql: "''", param: "" },
  t_json: { sql: "'[]'", param: [] },
};

const MIN_EXPECTED: Row = {
  t_tiny: -128,
  t_tiny_u: 0,
  t_bool: 0,
  t_small: -32768,
  t_small_u: 0,
  t_medium: -8388608,
  t_medium_u: 0,
  t_int: -2147483648,
  t_int_u: 0,
  t_big: "-9223372036854775808",
  t_big_u: "0",
  t_dec: "-99999999.99",
  t_float: -2.25,
  t_double: -1.7976931348623157e308,
  t_char: "",
  t_varchar: "",
  t_text: "",
  t_mediumtext: "",
  t_longtext: "",
  t_binary: Buffer.alloc(4),
  t_varbinary: Buffer.alloc(0),
  t_blob: Buffer.alloc(0),
  t_date: new Date(1000, 0, 1),
  t_datetime: new Date(1000, 0, 1, 0, 0, 0),
  t_datetime6: new Date(9999, 11, 31, 23, 59, 59, 999),
  t_timestamp: new Date(2000, 0, 1),
  t_time: "-838:59:59",
  t_year: 1901,
  t_enum: "small",
  t_set: "",
  t_json: [],
};

const COLUMNS = Object.keys(MAX_INPUT);
const NULL_EXPECTED: Row = Object.fromEntries(COLUMNS.map((c) => [c, null]));

/** Same value and same JS type; describes the difference otherwise. */
function difference(column: string, actual: unknown, expected: unknown): string | undefined {
  const show = (v: unknown) => {
    if (Buffer.isBuffer(v)) return `Buffer(${v.length}) ${v.toString("hex").slice(0, 40)}`;
    if (v instanceof Date) return `Date(${isNaN(v.getTime()) ? "invalid" : v.toISOString()})`;
    if (typeof v === "string" && v.length > 60) {
      return `string(${v.length}) ${JSON.stringify(v.slice(0, 40))}…`;
    }
    return `${typeof v} ${JSON.stringify(v)}`;
  };
  let same: boolean;
  if (Buffer.isBuffer(expected)) same = Buffer.isBuffer(actual) && actual.equals(expected);
  else if (expected instanceof Date) {
    same = actual instanceof Date && actual.getTime() === expected.getTime();
  } else if (expected !== null && typeof expected === "object") {
    try {
      assert.deepStrictEqual(actual, expected);
      same = true;
    } catch {
      same = false;
    }
  } else same = Object.is(actual, expected);
  return same ? undefined : `${column}: got ${show(actual)}, want ${show(expected)}`;
}

function assertRow(actual: Row | undefined, expected: Row, what: string): void {
  assert.ok(actual, `${what}: no row`);
  const problems = Object.keys(expected).map((c) => difference(c, actual[c], expected[c])).filter((
    p,
  ) => p);
  assert.deepEqual(problems, [], `${what}:\n  ${problems.join("\n  ")}`);
}

async function insertLiterals(
  conn: Connection,
  id: number,
  input: Record<string, Input>,
): Promise<void> {
  const values = COLUMNS.map((c) => input[c]!.sql).join(", ");
  await conn.query(`INSERT INTO all_types (id, ${COLUMNS.join(", ")}) VALUES (${id}, ${values})`);
}

async function insertParams(
  conn: Connection,
  id: number,
  input: Record<string, Input>,
): Promise<void> {
  const marks = COLUMNS.map(() => "?").join(", ");
  await conn.execute(
    `INSERT INTO all_types (id, ${COLUMNS.join(", ")}) VALUES (?, ${marks})`,
    // deno-lint-ignore no-explicit-any
    [id, ...COLUMNS.map((c) => input[c]!.param)] as any,
  );
}

const BIG = { supportBigNumbers: true, bigNumberStrings: true } as const;

/** A connection to the types database (big numbers as strings) closed at scope end. */
async function connectScoped(port: number): Promise<Connection & AsyncDisposable> {
  const conn = await connect(port, { database: DB, ...BIG });
  return Object.assign(conn, {
    [Symbol.asyncDispose]: () => conn.end().catch(() => conn.destroy()),
  });
}

/**
 * Reads every column of rows `ids` (max, min, NULL) one column at a time, in the text and
 * the binary protocol, and returns every difference from the expected values, so one bad
 * column (or one malformed packet) does not hide the others.
 */
async function columnProblems(
  port: number,
  ids: [number, number, number],
  what: string,
): Promise<string[]> {
  const problems: string[] = [];
  let conn = await connect(port, { database: DB, ...BIG });
  try {
    for (const column of COLUMNS) {
      const sql = `SELECT ${column} FROM all_types WHERE id IN (?, ?, ?) ORDER BY id`;
      for (const protocol of ["text", "binary"] as const) {
        let got: Row[];
        try {
          got = protocol === "text"
            ? await rows(conn, sql, ids)
            : await executeRows(conn, sql, ids);
        } catch (e) {
          problems.push(`${column} (${protocol}): query failed: ${(e as Error).message}`);
          conn.destroy();
          conn = await connect(port, { database: DB, ...BIG });
          continue;
        }
        const expected = [MAX_EXPECTED[column], MIN_EXPECTED[column], null];
        expected.forEach((want, i) => {
          const p = difference(column, got[i]?.[column], want);
          if (p) problems.push(`${p} (${["max", "min", "null"][i]} row, ${protocol} protocol)`);
        });
      }
    }
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
  return problems.map((p) => `${what}: ${p}`);
}

e2eSuite("mysql2 gets every column type back as MySQL's JS values", async ({ port, step }) => {
  const setup = await connect(port, { multipleStatements: true });
  await setup.query(`DROP DATABASE IF EXISTS ${DB}; CREATE DATABASE ${DB}; USE ${DB}; ${DDL}`);
  await setup.end();
  {
    await step(
      "values written as SQL literals read back in the text and binary protocols",
      async () => {
        const c = await connect(port, { database: DB, ...BIG });
        try {
          await insertLiterals(c, 1, MAX_INPUT);
          await insertLiterals(c, 2, MIN_INPUT);
          await c.query("INSERT INTO all_types (id) VALUES (3)");
        } finally {
          await c.end();
        }
        const problems = await columnProblems(port, [1, 2, 3], "literals");
        assert.deepEqual(problems, [], `\n  ${problems.join("\n  ")}`);
      },
    );

    await step(
      "BIGINT UNSIGNED keeps its maximum 18446744073709551615 and 2^63 exact in both protocols",
      async () => {
        const c = await connect(port, { database: DB, ...BIG });
        try {
          await c.query(
            "INSERT INTO all_types (id, t_big_u) VALUES (90, 18446744073709551615), " +
              "(91, 9223372036854775808)",
          );
          await c.execute("INSERT INTO all_types (id, t_big_u) VALUES (?, ?)", [
            92,
            "18446744073709551615",
          ]);
          const sql = "SELECT id, t_big_u FROM all_types WHERE id >= 90 ORDER BY id";
          const expected = [
            { id: 90, t_big_u: "18446744073709551615" },
            { id: 91, t_big_u: "9223372036854775808" },
            { id: 92, t_big_u: "18446744073709551615" },
          ];
          assert.deepEqual(await rows(c, sql), expected);
          assert.deepEqual(await executeRows(c, sql, []), expected);
        } finally {
          await c.end();
        }
      },
    );

    await step(
      "BIGINT UNSIGNED keeps 18446744073709551000 exact",
      async () => {
        const c = await connect(port, { database: DB, ...BIG });
        try {
          await c.query("INSERT INTO all_types (id, t_big_u) VALUES (93, 18446744073709551000)");
          const [rows] = await c.query("SELECT t_big_u FROM all_types WHERE id = 93");
          assert.deepEqual(rows, [{ t_big_u: "18446744073709551000" }]);
        } finally {
          await c.end();
        }
      },
      {
        knownGap: "SQLite integers are signed 64-bit: BIGINT UNSIGNED values from 2^63 are " +
          "stored as REAL, so those a double cannot hold come back rounded (the maximum and " +
          "powers of two stay exact; README, known differences)",
      },
    );

    await step("SELECT * returns whole rows in both protocols", async () => {
      const c = await connect(port, { database: DB, ...BIG });
      try {
        const text = await rows(c, "SELECT * FROM all_types WHERE id IN (1, 2, 3) ORDER BY id");
        const binary = await executeRows(
          c,
          "SELECT * FROM all_types WHERE id IN (?, ?, ?) ORDER BY id",
          [1, 2, 3],
        );
        for (const [what, got] of [["text", text], ["binary", binary]] as const) {
          assert.equal(got.length, 3);
          assert.deepEqual(
            Object.keys(got[0]!),
            ["id", ...COLUMNS],
            `${what} protocol column order`,
          );
          assertRow(got[2], NULL_EXPECTED, `NULLs, ${what} protocol`);
        }
      } finally {
        await c.end();
      }
    });

    await step(
      "values bound as prepared-statement parameters read back the same in both protocols",
      async () => {
        const c = await connect(port, { database: DB, ...BIG });
        try {
          await insertParams(c, 11, MAX_INPUT);
          await insertParams(c, 12, MIN_INPUT);
          await insertParams(
            c,
            13,
            Object.fromEntries(COLUMNS.map((col) => [col, { sql: "NULL", param: null }])),
          );
        } finally {
          await c.end();
        }
        const problems = await columnProblems(port, [11, 12, 13], "parameters");
        assert.deepEqual(problems, [], `\n  ${problems.join("\n  ")}`);
      },
    );

    await step("dateStrings returns temporal columns as MySQL's text", async () => {
      const c = await connect(port, { database: DB, dateStrings: true });
      try {
        const expected = {
          t_date: "2024-02-29",
          t_datetime: "2024-02-29 13:14:15",
          t_datetime6: "2024-02-29 13:14:15.123456",
          t_timestamp: "2024-02-29 13:14:15",
          t_time: "838:59:59",
        };
        const sql =
          "SELECT t_date, t_datetime, t_datetime6, t_timestamp, t_time FROM all_types WHERE id = ?";
        assertRow((await rows(c, sql, [1]))[0], expected, "dateStrings, text protocol");
        assertRow((await executeRows(c, sql, [1]))[0], expected, "dateStrings, binary protocol");
        const min = {
          t_date: "1000-01-01",
          t_datetime: "1000-01-01 00:00:00",
          t_datetime6: "9999-12-31 23:59:59.999999",
        };
        const minSql = "SELECT t_date, t_datetime, t_datetime6 FROM all_types WHERE id = ?";
        assertRow((await rows(c, minSql, [2]))[0], min, "dateStrings min, text protocol");
        assertRow((await executeRows(c, minSql, [2]))[0], min, "dateStrings min, binary protocol");
      } finally {
        await c.end();
      }
    });

    await step("without supportBigNumbers BIGINT comes back as a JS number", async () => {
      const c = await connect(port, { database: DB });
      try {
        await c.query("CREATE TABLE big_plain (id BIGINT NOT NULL PRIMARY KEY, u BIGINT UNSIGNED)");
        await c.query("INSERT INTO big_plain VALUES (9007199254740991, 42), (-5, 0)");
        const expected = [{ id: -5, u: 0 }, { id: 9007199254740991, u: 42 }];
        assert.deepEqual(await rows(c, "SELECT id, u FROM big_plain ORDER BY id"), expected);
        assert.deepEqual(
          await executeRows(c, "SELECT id, u FROM big_plain WHERE id < ? ORDER BY id", [1e16]),
          expected,
        );
      } finally {
        await c.end();
      }
    });

    await step("expressions have MySQL's result types", async () => {
      const c = await connect(port, { database: DB });
      try {
        const sql =
          "SELECT 1 AS one, 5/2 AS ratio, 2.0*3 AS product, 1.5e0 AS dbl, 'x' AS str, NULL AS nothing, " +
          "COUNT(*) AS n, SUM(t_int_u) AS total, CAST('2024-01-02' AS DATE) AS d, CONCAT('a', 1) AS cat, " +
          "UNHEX('6162') AS bytes, CAST('ab' AS BINARY) AS cast_bin, " +
          "AES_DECRYPT(AES_ENCRYPT('ab', 'k'), 'k') AS decrypted " +
          "FROM all_types WHERE id IN (1, 2)";
        const expected = {
          one: 1,
          ratio: "2.5000",
          product: "6.0",
          dbl: 1.5,
          str: "x",
          nothing: null,
          n: 2,
          total: "4294967295",
          d: new Date(2024, 0, 2),
          cat: "a1",
          // Binary strings (charset binary) are Buffers, even when their bytes are text.
          bytes: Buffer.from("ab"),
          cast_bin: Buffer.from("ab"),
          decrypted: Buffer.from("ab"),
        };
        assertRow((await rows(c, sql))[0], expected, "expressions, text protocol");
        assertRow((await executeRows(c, sql))[0], expected, "expressions, binary protocol");
      } finally {
        await c.end();
      }
    });

    await step("column metadata marks TINYINT(1), UNSIGNED and DECIMAL scale", async () => {
      await using conn = await connectScoped(port);
      const [, fields] = await conn.query(
        "SELECT t_bool, t_int_u, t_dec, t_varchar, t_blob FROM all_types LIMIT 1",
      );
      const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
      assert.equal(byName.t_bool?.columnLength, 1, "TINYINT(1) has display length 1");
      assert.ok((byName.t_int_u!.flags as number) & 32, "INT UNSIGNED carries the UNSIGNED flag");
      assert.equal(byName.t_dec?.decimals, 2);
      assert.equal(byName.t_varchar?.table, "all_types");
      assert.equal(byName.t_varchar?.orgName, "t_varchar");
      assert.equal(byName.t_blob?.characterSet, 63, "BLOB is binary");
      assert.notEqual(byName.t_varchar?.characterSet, 63, "VARCHAR is text");
    });

    await step("BIT(n) comes back as a Buffer", async () => {
      await using conn = await connectScoped(port);
      await conn.query("CREATE TABLE bits (id INT PRIMARY KEY, b BIT(8), b12 BIT(12))");
      await conn.query("INSERT INTO bits VALUES (1, b'10100101', b'100000000001')");
      await conn.execute("INSERT INTO bits VALUES (?, ?, ?)", [2, 0, 4095]);
      const expected = [
        { id: 1, b: Buffer.from([0xa5]), b12: Buffer.from([0x08, 0x01]) },
        { id: 2, b: Buffer.from([0]), b12: Buffer.from([0x0f, 0xff]) },
      ];
      const text = await rows(conn, "SELECT id, b, b12 FROM bits ORDER BY id");
      const binary = await executeRows(
        conn,
        "SELECT id, b, b12 FROM bits WHERE id > ? ORDER BY id",
        [0],
      );
      for (const got of [text, binary]) {
        assertRow(got[0], expected[0]!, "BIT row 1");
        assertRow(got[1], expected[1]!, "BIT row 2");
      }
    });
  }
});
