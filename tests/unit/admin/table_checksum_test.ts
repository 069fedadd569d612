import assert from "node:assert/strict";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { checksumTable, userTables } from "../../../src/admin/table_checksum.ts";

/** A fresh in-memory database holding `ddl` and `rows` (inserted in the order given). */
function tableWith(ddl: string, rows: SQLInputValue[][]): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec(ddl);
  const name = /CREATE TABLE (\w+)/.exec(ddl)![1]!;
  for (const row of rows) {
    db.prepare(`INSERT INTO ${name} VALUES (${row.map(() => "?").join(", ")})`).run(...row);
  }
  return db;
}

async function checksumOf(ddl: string, rows: SQLInputValue[][]): Promise<string> {
  const db = tableWith(ddl, rows);
  const name = /CREATE TABLE (\w+)/.exec(ddl)![1]!;
  return (await checksumTable(db, name)).checksum;
}

const KEYED = "CREATE TABLE t (id INTEGER PRIMARY KEY, v)";
const ROWS: SQLInputValue[][] = [[1, "apple"], [2, 2.5], [3, null], [4, new Uint8Array([0, 255])]];

Deno.test("checksumTable gives the same checksum for the same rows inserted in another order", async () => {
  const forward = await checksumOf(KEYED, ROWS);
  const backward = await checksumOf(KEYED, [...ROWS].reverse());
  assert.equal(forward, backward);
  assert.match(forward, /^[0-9a-f]{16}$/);
});

Deno.test("checksumTable is independent of physical rowids when the key is not the rowid", async () => {
  const ddl = "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)";
  const a = tableWith(ddl, [["x", 1], ["y", 2]]);
  const b = tableWith(ddl, [["gone", 0], ["y", 2], ["x", 1]]);
  b.exec("DELETE FROM t WHERE k = 'gone'");
  const rowids = (db: DatabaseSync) => db.prepare("SELECT rowid AS r FROM t ORDER BY k").all();
  assert.notDeepEqual(rowids(a), rowids(b));
  assert.equal((await checksumTable(a, "t")).checksum, (await checksumTable(b, "t")).checksum);
});

Deno.test("checksumTable changes when one value changes", async () => {
  const changed = ROWS.map((r) => [...r]);
  changed[0]![1] = "apples";
  assert.notEqual(await checksumOf(KEYED, ROWS), await checksumOf(KEYED, changed));
});

Deno.test("checksumTable tells values apart by their SQLite type", async () => {
  // SQL literals: node:sqlite binds every JS number as a REAL.
  const of = async (literal: string) => {
    const db = tableWith("CREATE TABLE t (id INTEGER PRIMARY KEY, v)", []);
    db.exec(`INSERT INTO t VALUES (1, ${literal})`);
    const type = db.prepare("SELECT typeof(v) AS type FROM t").get()!.type;
    return `${type} ${(await checksumTable(db, "t")).checksum}`;
  };
  const sums = await Promise.all(["1", "'1'", "1.0", "x'31'", "NULL", "0", "''", "x''"].map(of));
  assert.deepEqual(sums.map((s) => s.split(" ")[0]), [
    "integer",
    "text",
    "real",
    "blob",
    "null",
    "integer",
    "text",
    "blob",
  ]);
  assert.equal(new Set(sums.map((s) => s.split(" ")[1])).size, sums.length);
});

Deno.test("checksumTable keeps the boundaries between values", async () => {
  const ddl = "CREATE TABLE t (a, b)";
  assert.notEqual(await checksumOf(ddl, [["ab", "c"]]), await checksumOf(ddl, [["a", "bc"]]));
  const blob = (...b: number[]) => new Uint8Array(b);
  assert.notEqual(
    await checksumOf(ddl, [[blob(1, 2, 3, 4, 5), blob()]]),
    await checksumOf(ddl, [[blob(1, 2, 3, 4), blob(5)]]),
  );
});

Deno.test("checksumTable reads integers beyond 2^53 exactly", async () => {
  const ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)";
  const a = await checksumOf(ddl, [[1, 9007199254740993n]]);
  const b = await checksumOf(ddl, [[1, 9007199254740992n]]);
  const c = await checksumOf(ddl, [[1, -9223372036854775808n]]);
  assert.notEqual(a, b);
  assert.notEqual(a, c);
  assert.equal(a, await checksumOf(ddl, [[1, 9007199254740993n]]));
});

Deno.test("checksumTable counts equal rows twice instead of cancelling them", async () => {
  const ddl = "CREATE TABLE t (v TEXT)";
  const one = tableWith(ddl, [["x"]]);
  const two = tableWith(ddl, [["x"], ["x"]]);
  // Without a key the rowid is part of each row: give both copies the same values but
  // compare against the empty table, where XOR of two equal hashes would land.
  const empty = tableWith(ddl, []);
  const sums = await Promise.all([one, two, empty].map((db) => checksumTable(db, "t")));
  assert.deepEqual(sums.map((s) => s.rows), [1, 2, 0]);
  assert.equal(new Set(sums.map((s) => s.checksum)).size, 3);
  assert.equal(sums[2]!.checksum, "0000000000000000");
});

Deno.test("checksumTable hashes the rowid of a table without a primary key (its identity)", async () => {
  const ddl = "CREATE TABLE t (v TEXT)";
  const a = tableWith(ddl, []);
  a.exec("INSERT INTO t (rowid, v) VALUES (10, 'x'), (20, 'y')");
  const b = tableWith(ddl, []);
  b.exec("INSERT INTO t (rowid, v) VALUES (20, 'y'), (10, 'x')");
  const c = tableWith(ddl, []);
  c.exec("INSERT INTO t (rowid, v) VALUES (10, 'y'), (20, 'x')");
  const [sa, sb, sc] = await Promise.all([a, b, c].map((db) => checksumTable(db, "t")));
  assert.equal(sa!.checksum, sb!.checksum);
  assert.notEqual(sa!.checksum, sc!.checksum);
});

Deno.test("checksumTable leaves virtual generated columns out and sees the column names", async () => {
  const plain = await checksumOf("CREATE TABLE t (a INTEGER, b INTEGER)", [[1, 2]]);
  const generated = tableWith(
    "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER GENERATED ALWAYS AS (a + b) VIRTUAL)",
    [],
  );
  generated.exec("INSERT INTO t (a, b) VALUES (1, 2)");
  assert.equal((await checksumTable(generated, "t")).checksum, plain);
  assert.notEqual(plain, await checksumOf("CREATE TABLE t (a INTEGER, c INTEGER)", [[1, 2]]));
});

Deno.test("checksumTable yields between turns and gets the same result", async () => {
  const db = tableWith("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", []);
  db.exec(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) " +
      "INSERT INTO t SELECT i, 'row ' || i FROM n",
  );
  const whole = await checksumTable(db, "t", { turnMs: 1e9 });
  let pauses = 0;
  const chunked = await checksumTable(db, "t", {
    turnMs: 0,
    pause: () => {
      pauses++;
      return Promise.resolve();
    },
  });
  assert.deepEqual(chunked, whole);
  assert.equal(whole.rows, 5000);
  assert.equal(pauses, Math.floor(5000 / 16));
});

Deno.test("userTables lists user tables only", () => {
  const db = new DatabaseSync(":memory:");
  db.exec(`CREATE TABLE b (x); CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);
    CREATE TABLE __marmot_commit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT);
    CREATE TABLE __marmot_mysql_schema (name TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE VIEW v AS SELECT * FROM a`);
  assert.deepEqual(userTables(db), ["a", "b"]);
});
