import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement, TranslateContext } from "../../../src/sql/statement.ts";
import { openDb, query } from "./sqlite_harness.ts";

const COLUMNS: Record<string, string[]> = {
  users: ["id", "meta", "note"],
  posts: ["id", "user_id", "title"],
};

const ctx: TranslateContext = {
  database: "d",
  schema: {
    version: 1,
    autoIncrementColumn: () => null,
    columns: (t) => COLUMNS[t.toLowerCase()] ?? null,
    isJsonColumn: (t, c) => t.toLowerCase() === "users" && c.toLowerCase() === "meta",
  },
};

const DATA = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, meta TEXT, note TEXT);
  INSERT INTO users VALUES (1, '{"a":[1,2]}', '{"not":"json column"}');
  CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT, title TEXT);
  INSERT INTO posts VALUES (1, 1, 't');`;

function run(sql: string) {
  const st = new Translator().translate(sql, ctx) as Extract<Statement, { kind: "select" }>;
  assert.equal(st.kind, "select");
  return query(openDb(DATA), st);
}

Deno.test("JSON builders nest a JSON column's document; other text stays a string", () => {
  assert.deepEqual(run("SELECT JSON_ARRAY(meta, note) FROM users"), [
    ['[{"a":[1,2]},"{\\"not\\":\\"json column\\"}"]'],
  ]);
  assert.deepEqual(run("SELECT JSON_OBJECT('m', u.meta, 'meta', 'meta') FROM users u"), [
    ['{"m":{"a":[1,2]},"meta":"meta"}'],
  ]);
  assert.deepEqual(run("SELECT JSON_ARRAYAGG(d.users.meta) FROM d.users"), [['[{"a":[1,2]}]']]);
  assert.deepEqual(run("SELECT JSON_SET('{}', '$.m', meta) FROM users"), [['{"m":{"a":[1,2]}}']]);
});

Deno.test("JSON columns resolve through SELECT * derived tables, LATERAL and correlation", () => {
  assert.deepEqual(
    run(
      "select p.id, u.data from posts p left join lateral (select json_array(u.id, u.meta) as data " +
        "from (select * from users u where u.id = p.user_id limit 1) u) u on true",
    ),
    [[1, '[1,{"a":[1,2]}]']],
  );
  assert.deepEqual(
    run("SELECT (SELECT JSON_ARRAY(meta) FROM posts p WHERE p.user_id = u.id) FROM users u"),
    [['[{"a":[1,2]}]']],
  );
});
