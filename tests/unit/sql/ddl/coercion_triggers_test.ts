/**
 * The stored-value triggers with the rest of the schema: ON UPDATE CURRENT_TIMESTAMP, ALTER
 * TABLE (rebuilds convert old rows, triggers follow renames and appear on old tables), UNIQUE
 * keys, and the builtin pre-check that must never let a value through unconverted. Behaviour
 * checked on MariaDB 10.11 with sql_mode=''.
 */
import assert from "node:assert/strict";
import { storeSpec } from "../../../../src/sql/ddl/coercion.ts";
import { readTable } from "../../../../src/sql/ddl/mod.ts";
import { ddl } from "./_helpers.ts";
import { openStoredDb, shown } from "./_stored.ts";

Deno.test("Coercion is not a change for ON UPDATE CURRENT_TIMESTAMP; a real change is", () => {
  const t = openStoredDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE u (id int PRIMARY KEY, d date, v varchar(3), ts timestamp NOT NULL " +
        "DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
    );
    const row = () => ({ ...t.db.prepare("SELECT d, v, ts FROM u WHERE id = 1").get() });
    t.db.exec("INSERT INTO u VALUES (1, '2024-01-05 10:00:00', 'abcdef', '2000-01-01 00:00:00')");
    assert.deepEqual(row(), { d: "2024-01-05", v: "abc", ts: "2000-01-01 00:00:00" });
    // Values whose stored form equals the old one change nothing (MySQL: 0 rows affected).
    t.db.exec("UPDATE u SET d = '2024-01-05 23:59:59'");
    t.db.exec("UPDATE u SET v = 'abcxyz'");
    assert.deepEqual(row(), { d: "2024-01-05", v: "abc", ts: "2000-01-01 00:00:00" });
    t.db.exec("UPDATE u SET v = 'xyz'");
    assert.equal(row().v, "xyz");
    assert.notEqual(row().ts, "2000-01-01 00:00:00");
    // An explicit value wins and is itself converted.
    t.db.exec("UPDATE u SET v = 'q', ts = '2010-05-05'");
    assert.deepEqual(row(), { d: "2024-01-05", v: "q", ts: "2010-05-05 00:00:00" });
  } finally {
    t.close();
  }
});

Deno.test("ALTER TABLE converts existing rows to the new types; triggers follow renames", () => {
  const t = openStoredDb();
  try {
    ddl(t.db, "CREATE TABLE w (id int PRIMARY KEY, v varchar(10), k int, d datetime)");
    t.db.exec("INSERT INTO w VALUES (1, 'abcdefgh', 300, '2024-01-05 10:11:12')");
    ddl(t.db, "ALTER TABLE w MODIFY v varchar(3), MODIFY k tinyint, MODIFY d date");
    const rows = (table: string) =>
      t.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all().map((r) => ({ ...r }));
    assert.deepEqual(rows("w"), [{ id: 1, v: "abc", k: 127, d: "2024-01-05" }]);
    ddl(t.db, "RENAME TABLE w TO w2");
    t.db.exec("INSERT INTO w2 VALUES (2, 'xyzw', 1000, '2024-02-30')");
    ddl(t.db, "ALTER TABLE w2 ADD COLUMN y year"); // appended in place
    t.db.exec("INSERT INTO w2 VALUES (3, 'é', -1000, '20240105', 24)");
    assert.deepEqual(rows("w2"), [
      { id: 1, v: "abc", k: 127, d: "2024-01-05", y: null },
      { id: 2, v: "xyz", k: 127, d: "0000-00-00", y: null },
      { id: 3, v: "é", k: -128, d: "2024-01-05", y: 2024 },
    ]);
  } finally {
    t.close();
  }
});

Deno.test("CREATE TABLE … SELECT and CREATE TABLE … LIKE store converted values", () => {
  const t = openStoredDb();
  try {
    ddl(t.db, "CREATE TABLE cs (v varchar(2), k tinyint) SELECT 'abcdef' AS v, 300 AS k");
    ddl(t.db, "CREATE TABLE cl LIKE cs");
    t.db.exec("INSERT INTO cl SELECT 'xyz', -300");
    const rows = t.db.prepare("SELECT * FROM cs UNION ALL SELECT * FROM cl").all();
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ v: "ab", k: 127 }, { v: "xy", k: -128 }]);
  } finally {
    t.close();
  }
});

Deno.test("A table made before stored values gets the triggers at its next ALTER TABLE", () => {
  const t = openStoredDb();
  try {
    ddl(t.db, "CREATE TABLE old (id int PRIMARY KEY, c char(3), k tinyint)");
    const triggers = () =>
      t.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all()
        .map((r) => String(r.name));
    for (const name of triggers()) t.db.exec(`DROP TRIGGER "${name}"`);
    t.db.exec("INSERT INTO old VALUES (1, 'abcdef', 300)");
    ddl(t.db, "ALTER TABLE old ADD INDEX k (k)"); // no rebuild: old rows stay as written
    assert.deepEqual(triggers(), ["__marmot_st__old__ins", "__marmot_st__old__upd"]);
    t.db.exec("INSERT INTO old VALUES (2, 'abcdef', 300)");
    const rows = () =>
      t.db.prepare("SELECT c, k FROM old ORDER BY id").all().map((r) => ({ ...r }));
    assert.deepEqual(rows(), [{ c: "abcdef", k: 300 }, { c: "abc", k: 127 }]);
    ddl(t.db, "ALTER TABLE old MODIFY c char(2)"); // a rebuild converts every row
    assert.deepEqual(rows(), [{ c: "ab", k: 127 }, { c: "ab", k: 127 }]);
  } finally {
    t.close();
  }
});

Deno.test("A value that is a duplicate only once converted: error, IGNORE skips, REPLACE replaces", () => {
  const t = openStoredDb();
  try {
    ddl(t.db, "CREATE TABLE x (id int PRIMARY KEY, v varchar(3) UNIQUE)");
    t.db.exec("INSERT INTO x VALUES (1, 'abc')");
    // MySQL: 1062 Duplicate entry 'abc'. The UNIQUE check runs on the converted value in the
    // trigger's UPDATE, so the statement fails as a whole.
    assert.throws(() => t.db.exec("INSERT INTO x VALUES (4, 'abcxx')"), /UNIQUE constraint failed/);
    t.db.exec("INSERT OR IGNORE INTO x VALUES (2, 'abcdef')");
    const rows = () => t.db.prepare("SELECT id, v FROM x ORDER BY id").all().map((r) => ({ ...r }));
    assert.deepEqual(rows(), [{ id: 1, v: "abc" }]);
    t.db.exec("INSERT OR REPLACE INTO x VALUES (3, 'abcdef')");
    assert.deepEqual(rows(), [{ id: 3, v: "abc" }]);
  } finally {
    t.close();
  }
});

const TYPES = [
  "tinyint",
  "tinyint unsigned",
  "smallint",
  "mediumint unsigned",
  "int",
  "bigint",
  "bigint unsigned",
  "decimal(5,2)",
  "decimal(4,4) unsigned",
  "decimal(30,10)",
  "float",
  "double unsigned",
  "float(5,2)",
  "bit(1)",
  "bit(8)",
  "bit(64)",
  "year",
  "date",
  "datetime",
  "datetime(3)",
  "datetime(6)",
  "timestamp NULL",
  "timestamp(3) NULL",
  "time",
  "time(3)",
  "time(6)",
  "char(3)",
  "varchar(3)",
  "tinytext",
  "text",
  "binary(2)",
  "varbinary(2)",
  "tinyblob",
  "enum('a','B')",
  "set('a','B','c')",
];

const INPUTS = [
  "NULL",
  "0",
  "1",
  "-1",
  "1.5",
  "-2.5",
  "1e20",
  "-9223372036854775808",
  "9223372036854775807",
  "''",
  "' '",
  "'abc'",
  "'ABC'",
  "'a'",
  "'b'",
  "'B,a'",
  "'12abc'",
  "'2024-01-05'",
  "'2024-02-30'",
  "'2024-01-05 10:11:12'",
  "'2024-01-05 10:11:12.123456'",
  "'2024-01-05 10:11:12.999'",
  "'0000-00-00'",
  "'0000-00-00 00:00:00'",
  "'1970-01-01 00:00:00'",
  "'2038-01-19 03:14:07.999'",
  "'10:11:12'",
  "'23:59:59.999'",
  "'24:00:00'",
  "'838:59:59'",
  "x'00'",
  "x'ff00'",
  "'😀'",
  "'ab  '",
  `'${"é".repeat(300)}'`,
  "'1901'",
  "2155",
  "'2024-01-05 10:11:12.5'",
  "'2038-01-19 03:14:07.9995'",
  "'2038-01-19 03:14:07'",
  "'1000-01-01 00:00:00'",
  "'0000-01-01'",
  "'-00:00:01'",
  "'12:00:00'",
  "'2024-01-05Z'",
  "'now'",
  "'2460000.5'",
  "'a,B'",
  "'B'",
  "'A '",
  "'ab\tc'",
  "2.675",
  "-0.0",
  "'  42  '",
  "CAST(x'610062' AS TEXT)", // 'a', NUL, 'b'
];

Deno.test("Every stored value is a fixed point of mysql_store: the pre-check never skips one", () => {
  const t = openStoredDb();
  try {
    const bad: string[] = [];
    for (const type of TYPES) {
      ddl(t.db, "DROP TABLE IF EXISTS m");
      ddl(t.db, `CREATE TABLE m (id int AUTO_INCREMENT PRIMARY KEY, c ${type}) CHARSET utf8mb4`);
      const spec = storeSpec(readTable(t.db, "m")!.columns[1]!.type)!;
      const insert = t.db.prepare("INSERT INTO m (c) VALUES (?)");
      for (const input of INPUTS) t.db.exec(`INSERT INTO m (c) VALUES (${input})`);
      // Values bound as parameters (as the session binds them) too.
      for (const v of [null, 7n, -3n, 2.5, "x", "2024-01-05", new Uint8Array([1, 2, 3])]) {
        insert.run(v);
      }
      const check = t.db.prepare("SELECT id, c FROM m WHERE NOT mysql_stored(c, ?)");
      check.setReadBigInts(true);
      for (const r of check.all(spec)) bad.push(`${type}: row ${r.id} holds ${shown(r.c)}`);
    }
    assert.deepEqual(bad, []);
  } finally {
    t.close();
  }
});

Deno.test("Text holding NUL keeps every byte through the triggers and ON UPDATE", () => {
  const t = openStoredDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE n (id int PRIMARY KEY, v varchar(10), c char(10), tx text, k int, " +
        "ts timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP)",
    );
    const bytes = () => {
      const r = t.db.prepare(
        "SELECT hex(CAST(v AS BLOB)) AS v, hex(CAST(c AS BLOB)) AS c, hex(CAST(tx AS BLOB)) AS tx, " +
          "ts FROM n",
      ).get();
      return { ...r };
    };
    // k needs converting, so the trigger's UPDATE runs with the NUL values in the row
    t.db.prepare("INSERT INTO n VALUES (1, ?, ?, ?, '5x', '2000-01-01 00:00:00')")
      .run("a\0b", "c\0d", "e\0f");
    assert.deepEqual(bytes(), {
      v: "610062",
      c: "630064",
      tx: "650066",
      ts: "2000-01-01 00:00:00",
    });
    t.db.prepare("UPDATE n SET v = ?").run("a\0c");
    const after = bytes();
    assert.equal(after.v, "610063");
    assert.notEqual(after.ts, "2000-01-01 00:00:00", "a change after the NUL is a change");
    // Cut to 10 characters; a converted value holding NUL is stored as bytes, since node:sqlite
    // cuts text results of functions at the NUL.
    t.db.prepare("UPDATE n SET v = ?").run("a\0cdefghijkl");
    assert.equal(bytes().v, "6100636465666768696A");
  } finally {
    t.close();
  }
});

Deno.test("Columns MySQL stores as given get no trigger", () => {
  const t = openStoredDb();
  try {
    ddl(
      t.db,
      "CREATE TABLE plain (id bigint AUTO_INCREMENT PRIMARY KEY, a longtext, b mediumblob, j json)",
    );
    const n = t.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger'").get();
    assert.equal(n?.n, 0);
  } finally {
    t.close();
  }
});
