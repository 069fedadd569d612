/**
 * Which writes name their rows before they run (Statement.point): the session claims those
 * rows first and lets such transactions write side by side (src/storage/write_epoch.ts);
 * every other write waits to be alone, so a write wrongly called a point write could read
 * another open transaction's rows.
 */
import assert from "node:assert/strict";
import type { Statement } from "../../../src/sql/statement.ts";
import { Translator } from "../../../src/sql/translator.ts";

const tr = new Translator();

function point(sql: string, prepared = false): Extract<Statement, { kind: "write" }>["point"] {
  const st = prepared
    ? tr.translatePrepared(sql, { database: "d" }).statement
    : tr.translate(sql, { database: "d" });
  assert.ok(st.kind === "write", sql);
  return st.point;
}

Deno.test("UPDATE and DELETE of one table give their WHERE's equality terms, bound", () => {
  assert.deepEqual(point("UPDATE sbtest1 SET k = k + 1 WHERE id = 42"), {
    keyTerms: [{ column: "id", value: 42 }],
    setColumns: ["k"],
  });
  assert.deepEqual(point("DELETE FROM t WHERE (t.ID = ?) AND name <> 'x'", true), {
    keyTerms: [{ column: "id", value: { ref: "placeholder", index: 0 } }],
    setColumns: [],
  });
  assert.deepEqual(point("UPDATE t AS a SET a.id = 7 WHERE 5 = a.id AND v = -3"), {
    keyTerms: [{ column: "id", value: 5 }, { column: "v", value: -3 }],
    setColumns: ["id"],
  });
});

Deno.test("writes that may touch rows they do not name are not point writes", () => {
  for (
    const sql of [
      "UPDATE t SET v = 1",
      "UPDATE t SET v = 1 WHERE id > 5",
      "UPDATE t SET v = 1 WHERE id = 1 OR id = 2",
      "UPDATE t SET v = (SELECT max(v) FROM u) WHERE id = 1",
      "UPDATE t SET v = 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM u)",
      "UPDATE t SET v = 1 WHERE id = 1 AND v IN (SELECT v FROM u)",
      "UPDATE t JOIN u ON t.id = u.id SET t.v = 1 WHERE t.id = 1",
      "DELETE t FROM t JOIN u ON t.id = u.id WHERE t.id = 1",
      "DELETE FROM t WHERE u.id = 1",
      "DELETE FROM t WHERE id = 1 + 1",
      "INSERT INTO t SELECT * FROM u",
      "INSERT INTO t (id, v) VALUES (1, (SELECT 2))",
      "INSERT INTO t (id, v) VALUES (1, 2) ON DUPLICATE KEY UPDATE v = (SELECT 3)",
    ]
  ) assert.equal(point(sql), undefined, sql);
});

Deno.test("INSERT, REPLACE and INSERT ... SET are point writes: their keys are their values", () => {
  for (
    const sql of [
      "INSERT INTO t (id, v) VALUES (1, 2), (3, 4)",
      "REPLACE INTO t VALUES (1, 2)",
      "INSERT INTO t SET id = 1, v = 2",
      "INSERT INTO t (id, v) VALUES (1, 2) ON DUPLICATE KEY UPDATE v = VALUES(v) + 1",
    ]
  ) assert.deepEqual(point(sql), { keyTerms: [], setColumns: [] }, sql);
});
