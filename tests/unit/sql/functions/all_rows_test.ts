import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { allRows, registerMysqlFunctions } from "../../../../src/sql/functions/mod.ts";
import { definer } from "../../../../src/sql/functions/define.ts";

Deno.test("allRows throws what a function threw, once, instead of restarting the statement", () => {
  const db = new DatabaseSync(":memory:");
  let calls = 0;
  definer(db)("fails_first", (v) => {
    calls++;
    if (calls === 1) throw new Error("bad input");
    return v;
  });
  const stmt = db.prepare("SELECT fails_first(x) FROM (SELECT 1 AS x UNION ALL SELECT 2)");
  assert.throws(() => allRows(stmt, []), /bad input/);
  // The second row was still evaluated (the failed call gave NULL), but nothing ran twice.
  assert.equal(calls, 2);
  // Outside allRows a function's exception is thrown as it is (get, run, iterate).
  calls = 0;
  assert.throws(() => stmt.get(), /bad input/);
  db.close();
});

Deno.test("a MySQL function's error in a SELECT is its MySQL error", () => {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db);
  const bad = db.prepare("SELECT mysql_json_extract('not json', '$.a')");
  assert.throws(() => allRows(bad, []), (e: Error & { code?: number }) => e.code === 3141);
  const good = db.prepare("SELECT mysql_json_extract('{\"a\": 5}', '$.a') AS v");
  assert.deepEqual(allRows(good, []).map((r) => ({ ...(r as object) })), [{ v: "5" }]);
  db.close();
});
