import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
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
