import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
import { sortedNatively } from "../../../src/sql/emit/collated_order.ts";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { Translator } from "../../../src/sql/translator.ts";
import { Database } from "../../../src/storage/database.ts";

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

Deno.test("ORDER BY a _ci result column also gets a native NOCASE variant, exact for ASCII", () => {
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
    "INSERT INTO t VALUES (1, 'b-2', 'x'), (2, 'A_1', 'y'), (3, 'a-1', 'z'), (4, 'B[', 'w')",
  );
  const tr = new Translator();
  const ctx = { database: "sb", schema: db };
  const select = (sql: string) => {
    const st = tr.translatePrepared(sql, ctx).statement;
    if (st.kind !== "select") throw new Error("not a select");
    return st;
  };
  const run = (sql: string, args: number[]) =>
    (db.reader.db.prepare(sql).all(...args) as Array<Record<string, unknown>>).map((r) => r.c);

  for (
    const sql of [
      "SELECT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c",
      "SELECT DISTINCT c FROM t WHERE id BETWEEN ? AND ? ORDER BY c DESC",
      "SELECT t.id, x.c FROM t JOIN t AS x ON x.id = t.id WHERE t.id BETWEEN ? AND ? ORDER BY c",
    ]
  ) {
    const st = select(sql);
    assert.match(st.stmt.sql, /mysql_sort_key/, sql);
    assert.ok(st.nativeOrder !== undefined, sql);
    assert.doesNotMatch(st.nativeOrder.sql, /mysql_sort_key/, sql);
    assert.deepEqual(run(st.nativeOrder.sql, [1, 4]), run(st.stmt.sql, [1, 4]), sql);
  }
  assert.deepEqual(select("SELECT id, c FROM t ORDER BY c").nativeOrder?.columns, [1]);
  // A second _ci key that is not a result column keeps the function in the native variant.
  assert.match(
    select("SELECT c FROM t ORDER BY c, pad").nativeOrder?.sql ?? "",
    /ORDER BY "c", mysql_sort_key\("pad"\)$/,
  );
  // No native variant where the returned rows cannot tell: LIMIT, a key that is not a result
  // column, an alias that could be the key, the other table's column of a self-join, and
  // ORDER BY inside a subquery.
  for (
    const sql of [
      "SELECT c FROM t ORDER BY c LIMIT 2",
      "SELECT id FROM t ORDER BY c",
      "SELECT c, pad AS c FROM t ORDER BY c",
      "SELECT t.c FROM t JOIN t AS x ON x.id = t.id ORDER BY x.c",
      "SELECT * FROM (SELECT c FROM t ORDER BY c) AS d",
      "SELECT SQL_CALC_FOUND_ROWS c FROM t ORDER BY c",
    ]
  ) {
    assert.equal(select(sql).nativeOrder, undefined, sql);
  }
  db.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("sortedNatively accepts ASCII text and non-text, refuses non-ASCII and NUL", () => {
  assert.ok(sortedNatively([["abc", "É"], [null, "é"], [1n, "x"]], [0]));
  assert.ok(!sortedNatively([["abc", 1], ["Éclair", 2]], [0]));
  assert.ok(!sortedNatively([["a\0b"]], [0]));
  assert.ok(sortedNatively([["Éclair"]], []));
});
