/**
 * What an INSERT / REPLACE tells the session besides its SQL: the rows given, the columns
 * named and each row's values (for "Records: N" and "Duplicate entry 'v'" messages), and the
 * AUTO_INCREMENT column given 0, which MySQL turns into a new id.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import type { SchemaFacts, Statement, TranslateContext } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { all, sqlOf, write } from "./sqlite_harness.ts";

type Write = Extract<Statement, { kind: "write" }>;

function realDb(setup: string): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  db.exec(setup);
  return db;
}

/** The id expression the translator writes for an AUTO_INCREMENT column given `value`. */
function autoId(table: string, value: string, column = "id", schema = 1): string {
  return `__marmot_autoid('${table}', ${value}, 64, (SELECT max("${column}") FROM "${table}"), ${schema})`;
}

function asWrite(st: Statement): Write {
  assert.ok(st.kind === "write");
  return st;
}

/** Schema facts of a test database, counting how often the translator asks. */
class FakeSchema implements SchemaFacts {
  version = 1;
  asked = 0;
  auto = new Map<string, string>([["sbtest1", "id"]]);
  cols = new Map<string, string[]>([["sbtest1", ["id", "k", "c", "pad"]]]);
  autoIncrementColumn(table: string): string | null {
    this.asked++;
    return this.auto.get(table.toLowerCase()) ?? null;
  }
  columns(table: string): string[] | null {
    return this.cols.get(table.toLowerCase()) ?? null;
  }
}

const plain: TranslateContext = { database: "shop" };

Deno.test("INSERT ... VALUES reports its rows, named columns and each row's values", () => {
  const tr = new Translator();
  const st = asWrite(tr.translate(
    "INSERT INTO t (a, b, c, d) VALUES (1, 'x', -2.5, NULL), (TRUE, 0x4142, DEFAULT, CONCAT('p', 'q'))",
    plain,
  ));
  assert.equal(st.insertRows, 2);
  assert.deepEqual(st.insertColumns, ["a", "b", "c", "d"]);
  assert.deepEqual(st.insertValues, [
    [1, "x", -2.5, null],
    // DEFAULT and CONCAT(...) are expressions: their values are not known before execution.
    [1, new Uint8Array([0x41, 0x42]), undefined, undefined],
  ]);
  // A cached translation reports the values of the statement it was bound to.
  const again = asWrite(tr.translate(
    "INSERT INTO t (a, b, c, d) VALUES (7, 'y', -9223372036854775808, NULL), (TRUE, 0x4142, DEFAULT, CONCAT('p', 'q'))",
    plain,
  ));
  assert.equal(tr.cacheSize, 1);
  assert.deepEqual(again.insertValues, [
    [7, "y", -9223372036854775808n, null],
    [1, new Uint8Array([0x41, 0x42]), undefined, undefined],
  ]);
});

Deno.test("INSERT ... SET is one row; no column list leaves insertColumns undefined", () => {
  const tr = new Translator();
  const set = asWrite(tr.translate("REPLACE INTO t SET b = 'v', a = 3", plain));
  assert.equal(set.op, "replace");
  assert.equal(set.insertRows, 1);
  assert.deepEqual(set.insertColumns, ["b", "a"]);
  assert.deepEqual(set.insertValues, [["v", 3]]);
  const positional = asWrite(
    tr.translate("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')", plain),
  );
  assert.equal(positional.insertRows, 3);
  assert.equal(positional.insertColumns, undefined);
  assert.deepEqual(positional.insertValues, [[1, "a"], [2, "b"], [3, "c"]]);
  const select = asWrite(tr.translate("INSERT INTO t (a) SELECT id FROM u", plain));
  assert.equal(select.insertRows, undefined);
  assert.equal(select.insertColumns, undefined);
  assert.equal(select.insertValues, undefined);
  const update = asWrite(tr.translate("UPDATE t SET a = 1", plain));
  assert.equal(update.insertRows, undefined);
});

Deno.test("prepared INSERT reports placeholders as references", () => {
  const tr = new Translator();
  const { statement } = tr.translatePrepared(
    "INSERT INTO t (a, b) VALUES (?, ?), (-1, ? + 1)",
    plain,
  );
  assert.deepEqual(asWrite(statement).insertValues, [
    [{ ref: "placeholder", index: 0 }, { ref: "placeholder", index: 1 }],
    [-1, undefined],
  ]);
});

Deno.test("AUTO_INCREMENT given 0 generates an id, as in MySQL (sysbench oltp_insert)", () => {
  const schema = new FakeSchema();
  const ctx: TranslateContext = { database: "sbtest", schema };
  const tr = new Translator();
  const db = realDb(
    "CREATE TABLE sbtest1 (id INTEGER PRIMARY KEY AUTOINCREMENT, k INT, c TEXT, pad TEXT)",
  );
  const first = tr.translate("INSERT INTO sbtest1 VALUES (0, 1, 'c', 'p')", ctx);
  assert.equal(sqlOf(first), `INSERT INTO "sbtest1" VALUES (${autoId("sbtest1", "?")}, ?, ?, ?)`);
  write(db, first);
  const listed = tr.translate(
    "INSERT INTO sbtest1 (k, id, c, pad) VALUES (2, 0, 'c', 'p'), (3, NULL, 'c', 'p'), (4, 10, 'c', 'p'), (5, 0, 'c', 'p')",
    ctx,
  );
  assert.equal(
    sqlOf(listed),
    `INSERT INTO "sbtest1" ("k", "id", "c", "pad") VALUES (?, ${autoId("sbtest1", "?")}, ?, ?), ` +
      `(?, ${autoId("sbtest1", "NULL")}, ?, ?), (?, ${autoId("sbtest1", "?")}, ?, ?), ` +
      `(?, ${autoId("sbtest1", "?")}, ?, ?)`,
  );
  write(db, listed);
  write(db, tr.translate("INSERT INTO sbtest1 SET k = 6, id = 0", ctx));
  // MariaDB 10.11 gives the same ids for the same statements.
  assert.deepEqual(all(db, { sql: "SELECT id, k FROM sbtest1 ORDER BY k", params: [] }), [
    [1, 1],
    [2, 2],
    [3, 3],
    [10, 4],
    [11, 5],
    [12, 6],
  ]);
  // The reported value stays the one the client gave.
  assert.deepEqual(asWrite(listed).insertValues?.[0], [2, 0, "c", "p"]);
  // Tables without AUTO_INCREMENT and tables of other databases are left alone.
  assert.equal(
    sqlOf(tr.translate("INSERT INTO other (id) VALUES (0)", ctx)),
    `INSERT INTO "other" ("id") VALUES (?)`,
  );
  assert.equal(
    sqlOf(tr.translate("INSERT INTO elsewhere.sbtest1 (id) VALUES (0)", ctx)),
    `INSERT INTO "sbtest1" ("id") VALUES (?)`,
  );
  assert.equal(
    sqlOf(tr.translate("INSERT INTO sbtest.sbtest1 (id) VALUES (0)", ctx)),
    `INSERT INTO "sbtest1" ("id") VALUES (${autoId("sbtest1", "?")})`,
  );
});

Deno.test("an upsert's AUTO_INCREMENT 0 inserts a new row", () => {
  const schema = new FakeSchema();
  const ctx: TranslateContext = { database: "sbtest", schema };
  const db = realDb(
    "CREATE TABLE sbtest1 (id INTEGER PRIMARY KEY AUTOINCREMENT, k INT, c TEXT, pad TEXT); INSERT INTO sbtest1 VALUES (1, 1, 'a', 'b')",
  );
  const st = new Translator().translate(
    "INSERT INTO sbtest1 (id, k) VALUES (0, 9) ON DUPLICATE KEY UPDATE k = VALUES(k)",
    ctx,
  );
  assert.equal(write(db, st), 1);
  assert.deepEqual(all(db, { sql: "SELECT id, k FROM sbtest1 ORDER BY id", params: [] }), [
    [1, 1],
    [2, 9],
  ]);
});

Deno.test("schema-dependent translations are cached per schema version; others ignore it", () => {
  const schema = new FakeSchema();
  const ctx: TranslateContext = { database: "sbtest", schema };
  const tr = new Translator();
  const insert = (i: number) => `INSERT INTO items (id, name) VALUES (${i}, 'n${i}')`;
  assert.equal(
    sqlOf(tr.translate(insert(0), ctx)),
    `INSERT INTO "items" ("id", "name") VALUES (?, ?)`,
  );
  tr.translate(insert(1), ctx);
  assert.equal(schema.asked, 1, "a hit in the same schema version does not ask again");
  // A DDL gives `items` an AUTO_INCREMENT column and bumps the version.
  schema.auto.set("items", "id");
  schema.version++;
  assert.equal(
    sqlOf(tr.translate(insert(2), ctx)),
    `INSERT INTO "items" ("id", "name") VALUES (${autoId("items", "?", "id", 2)}, ?)`,
  );
  assert.equal(schema.asked, 2);
  // Another database with a table of the same name has its own translation.
  const other: TranslateContext = { database: "other", schema: null };
  assert.equal(
    sqlOf(tr.translate(insert(3), other)),
    `INSERT INTO "items" ("id", "name") VALUES (?, ?)`,
  );
  // A SELECT never asks and keeps its one cached translation across versions.
  const before = tr.cacheSize;
  tr.translate("SELECT name FROM items WHERE id = 1", ctx);
  schema.version++;
  tr.translate("SELECT name FROM items WHERE id = 2", ctx);
  assert.equal(tr.cacheSize, before + 1);
  assert.equal(schema.asked, 2);
});

Deno.test("an INSERT into `db.table` takes that database's facts, cached per its version", () => {
  const home = new FakeSchema();
  const other = new FakeSchema();
  other.auto.set("notes", "id");
  const ctx: TranslateContext = {
    database: "sbtest",
    schema: home,
    schemaOf: (name) => (name === "app" ? other : null),
  };
  const tr = new Translator();
  const insert = (i: number) => `INSERT INTO app.notes (id, body) VALUES (${i}, 'b${i}')`;
  const generated = `INSERT INTO "notes" ("id", "body") VALUES (${autoId("notes", "?")}, ?)`;
  assert.equal(sqlOf(tr.translate(insert(0), ctx)), generated);
  tr.translate(insert(1), ctx);
  assert.equal(other.asked, 1, "a hit in the same version of app's schema does not ask again");
  assert.equal(home.asked, 0, "the session database's facts are not app's");
  // A DDL in app drops the AUTO_INCREMENT: the next translation follows it.
  other.auto.delete("notes");
  other.version++;
  assert.equal(
    sqlOf(tr.translate(insert(2), ctx)),
    `INSERT INTO "notes" ("id", "body") VALUES (?, ?)`,
  );
  // An unknown database has no facts: nothing is generated.
  assert.equal(
    sqlOf(tr.translate("INSERT INTO nope.notes (id) VALUES (0)", ctx)),
    `INSERT INTO "notes" ("id") VALUES (?)`,
  );
});

Deno.test("without column order an INSERT without a column list is not wrapped", () => {
  const schema = new FakeSchema();
  schema.cols.clear();
  const ctx: TranslateContext = { database: "sbtest", schema };
  assert.equal(
    sqlOf(new Translator().translate("INSERT INTO sbtest1 VALUES (0, 1, 'c', 'p')", ctx)),
    `INSERT INTO "sbtest1" VALUES (?, ?, ?, ?)`,
  );
});
