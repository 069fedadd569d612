import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
import { compareFolded, orderRows } from "../../../src/sql/emit/collated_order.ts";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { foldCase } from "../../../src/sql/functions/values.ts";
import type { RowOrderKey } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { Database } from "../../../src/storage/database.ts";
import { returnArrays } from "../../../src/storage/statement_cache.ts";
import type { SqlValue } from "../../../src/types/values.ts";

Deno.test("ORDER BY a _ci text column sorts accented titles with their letters, as MySQL", () => {
  const dir = Deno.makeTempDirSync();
  const db = new Database("wp", `${dir}/wp.db`, {
    connection: { onOpen: (d: DatabaseSync) => registerMysqlFunctions(d) },
    lock: { timeoutMs: 1000, maxWaiters: 4 },
  });
  executeDdl(
    "CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title TEXT, n INT) " +
      "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci",
    { database: "wp", db: db.writer.db },
  );
  db.schemaChanged();
  db.writer.db.exec(
    "INSERT INTO posts (title, n) VALUES ('Quick', 1), ('Éclair', 2), ('cherry', 3), ('Zebra', 4)",
  );
  const tr = new Translator();
  const ctx = { database: "wp", schema: db };
  const st = tr.translate("SELECT p.title FROM posts p ORDER BY p.title ASC", ctx);
  assert.equal(st.kind, "select");
  if (st.kind !== "select") return;
  assert.match(st.stmt.sql, /ORDER BY mysql_sort_key\("p"\."title"\)/);
  const titles = (db.reader.db.prepare(st.stmt.sql).all() as Array<{ title: string }>)
    .map((r) => r.title);
  assert.deepEqual(titles, ["cherry", "Éclair", "Quick", "Zebra"]);
  // Integer columns and unknown names keep their plain (index-friendly) ordering.
  const byNumber = tr.translate("SELECT title FROM posts ORDER BY n DESC", ctx);
  assert.ok(byNumber.kind === "select" && /ORDER BY "n" DESC$/.test(byNumber.stmt.sql));
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("ORDER BY _ci result columns only gets an unordered variant the session sorts", () => {
  const dir = Deno.makeTempDirSync();
  const db = new Database("sb", `${dir}/sb.db`, {
    connection: { onOpen: (d: DatabaseSync) => registerMysqlFunctions(d) },
    lock: { timeoutMs: 1000, maxWaiters: 4 },
  });
  executeDdl("CREATE TABLE t (id INT PRIMARY KEY, c CHAR(20), pad CHAR(20))", {
    database: "sb",
    db: db.writer.db,
  });
  db.schemaChanged();
  db.writer.db.exec(
    "INSERT INTO t VALUES (1, 'b-2', 'x'), (2, 'É_1', 'y'), (3, 'a-1', 'z'), (4, 'B[', 'w'), " +
      "(5, NULL, 'v'), (6, 'z', 'u'), (7, 'e-0', 't'), (8, 'A-1', 's'), (9, 'é_1', 'r'), " +
      "(10, 'E-0', 'q')",
  );
  const tr = new Translator();
  const ctx = { database: "sb", schema: db };
  const select = (sql: string) => {
    const st = tr.translatePrepared(sql, ctx).statement;
    if (st.kind !== "select") throw new Error("not a select");
    return st;
  };
  const run = (sql: string, args: number[]) => {
    const stmt = db.reader.db.prepare(sql);
    returnArrays(stmt);
    return stmt.all(...args) as unknown as SqlValue[][];
  };
  const fold = (rows: SqlValue[][]) =>
    rows.map((r) => r.map((v) => typeof v === "string" ? foldCase(v) : v));

  for (
    const [sql, keys, distinct] of [
      ["SELECT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c", [{ column: 0, desc: false }], false],
      ["SELECT DISTINCT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c DESC", [{
        column: 0,
        desc: true,
      }], true],
      ["SELECT DISTINCT c, pad FROM t WHERE id BETWEEN ? AND ? ORDER BY c", [{
        column: 0,
        desc: false,
      }], false],
      ["SELECT id, c, pad FROM t WHERE id BETWEEN ? AND ? ORDER BY c, pad DESC", [
        { column: 1, desc: false },
        { column: 2, desc: true },
      ], false],
      [
        "SELECT t.id, x.c FROM t JOIN t AS x ON x.id = t.id WHERE t.id BETWEEN ? AND ? ORDER BY c",
        [{ column: 1, desc: false }],
        false,
      ],
    ] as const
  ) {
    const st = select(sql);
    assert.match(st.stmt.sql, /mysql_sort_key/, sql);
    assert.ok(st.rowOrder !== undefined, sql);
    assert.doesNotMatch(st.rowOrder.sql, /ORDER BY/, sql);
    assert.deepEqual(st.rowOrder.keys, keys, sql);
    assert.equal(st.rowOrder.distinct, distinct, sql);
    assert.equal(/DISTINCT/.test(st.rowOrder.sql), /DISTINCT/.test(sql) && !distinct, sql);
    const sorted = orderRows(run(st.rowOrder.sql, [1, 10]), st.rowOrder);
    // Rows equal under the collation ('a-1' and 'A-1', 'é_1' and 'É_1') may come in either
    // order, and DISTINCT (SQLite's, NOCASE) may keep either of 'a-1' and 'A-1'.
    assert.deepEqual(fold(sorted), fold(run(st.stmt.sql, [1, 10])), sql);
  }
  // Not where the returned rows cannot tell the order: LIMIT, a key that is not a result
  // column or not a _ci text column, an alias that could be the key, the other table's column
  // of a self-join, ORDER BY inside a subquery, a UNION, SQL_CALC_FOUND_ROWS.
  for (
    const sql of [
      "SELECT c FROM t ORDER BY c LIMIT 2",
      "SELECT id FROM t ORDER BY c",
      "SELECT c FROM t ORDER BY c, pad",
      "SELECT id, c FROM t ORDER BY c, id",
      "SELECT c, pad AS c FROM t ORDER BY c",
      "SELECT t.c FROM t JOIN t AS x ON x.id = t.id ORDER BY x.c",
      "SELECT * FROM (SELECT c FROM t ORDER BY c) AS d",
      "SELECT c FROM t UNION SELECT pad FROM t ORDER BY c",
      "SELECT SQL_CALC_FOUND_ROWS c FROM t ORDER BY c",
    ]
  ) {
    assert.equal(select(sql).rowOrder, undefined, sql);
  }
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

const sortOnly = (keys: RowOrderKey[]) => ({ sql: "", keys, distinct: false });

Deno.test("orderRows orders as SQLite orders mysql_sort_key, ties kept in place", () => {
  const sort = (values: SqlValue[], desc = false) =>
    orderRows(values.map((v, i) => [v, i]), sortOnly([{ column: 0, desc }])).map((r) => r[0]);
  assert.deepEqual(sort(["Zebra", "éclair", "a", "É", "Z", null, "e", "E", "Ed", "é"]), [
    null,
    "a",
    "É",
    "e",
    "E",
    "é",
    "éclair",
    "Ed",
    "Z",
    "Zebra",
  ]);
  // ASCII text sorts by its first characters natively, then by the rest where they tie.
  assert.deepEqual(
    sort(["b", "B", "a", "A", "ab", "AB", "Ab", "abcdef-Z", "ABCDEF-a", "abcdeé", "abcdeZ"]),
    ["a", "A", "ab", "AB", "Ab", "abcdeé", "ABCDEF-a", "abcdef-Z", "abcdeZ", "b", "B"],
  );
  assert.deepEqual(sort(["b", null, "A", "a", "Éa"], true), ["Éa", "b", "A", "a", null]);
  assert.deepEqual(sort([new Uint8Array([1]), "x", 2n, 1.5, null]), [
    null,
    1.5,
    2n,
    "x",
    new Uint8Array([1]),
  ]);
  assert.ok(compareFolded("a\0b", "a") > 0 && compareFolded("a\0", "a\0a") < 0);
  // Second keys order the ties of the first.
  assert.deepEqual(
    orderRows(
      [["x", "b"], ["X", "A"], ["é", "z"], ["e", "Z"]],
      sortOnly([
        { column: 0, desc: true },
        { column: 1, desc: false },
      ]),
    ),
    [["X", "A"], ["x", "b"], ["é", "z"], ["e", "Z"]],
  );
});

Deno.test("orderRows with distinct leaves out rows equal under NOCASE, as SQLite's DISTINCT", () => {
  const rows = [["b"], ["A"], ["é"], ["a"], ["É"], [null], [null], ["e"], ["E"], ["B"]];
  assert.deepEqual(
    orderRows(rows, { sql: "", keys: [{ column: 0, desc: false }], distinct: true }),
    [[null], ["A"], ["b"], ["é"], ["É"], ["e"]],
  );
  const pairs = [["a", "x"], ["A", "X"], ["a", "y"], ["é", "x"], ["A", "x"]];
  assert.deepEqual(
    orderRows(pairs, {
      sql: "",
      keys: [{ column: 0, desc: false }, { column: 1, desc: false }],
      distinct: true,
    }),
    [["a", "x"], ["a", "y"], ["é", "x"]],
  );
});

Deno.test("orderRows agrees with SQLite's ORDER BY mysql_sort_key on mixed text", () => {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  const accented = ["a", "A", "z", "Z", "é", "É", "e", "E", "ß", "\u{1F600}", "\uFFFD", "\0", "-"];
  const ascii = ["a", "A", "b", "B", "z", "Z", "-", "0", "~", "@", "[", "_", "`"];
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (const [alphabet, length] of [[accented, 5], [ascii, 9], [[...ascii, "é"], 9]] as const) {
    db.exec("DROP TABLE IF EXISTS v; CREATE TABLE v (s TEXT)");
    const insert = db.prepare("INSERT INTO v VALUES (?)");
    for (let i = 0; i < 500; i++) {
      let s = "";
      for (let n = next(length); n >= 0; n--) s += alphabet[next(alphabet.length)];
      insert.run(i % 50 === 0 ? null : s);
    }
    for (const desc of [false, true]) {
      const all = db.prepare("SELECT s FROM v");
      returnArrays(all);
      const rows = orderRows(all.all() as unknown as SqlValue[][], sortOnly([{ column: 0, desc }]));
      const exact = db.prepare(`SELECT s FROM v ORDER BY mysql_sort_key(s)${desc ? " DESC" : ""}`);
      returnArrays(exact);
      const key = (r: SqlValue[]) => typeof r[0] === "string" ? foldCase(r[0]) : r[0];
      assert.deepEqual(rows.map(key), (exact.all() as unknown as SqlValue[][]).map(key));
    }
  }
  db.close();
});
