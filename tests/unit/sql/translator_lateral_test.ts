import assert from "node:assert/strict";
import { Translator } from "../../../src/sql/translator.ts";
import type { Statement } from "../../../src/sql/statement.ts";
import { openDb, query } from "./sqlite_harness.ts";

const tr = new Translator();
const ctx = { database: "d" };

function select(sql: string): Extract<Statement, { kind: "select" }> {
  const st = tr.translate(sql, ctx);
  assert.equal(st.kind, "select");
  return st as Extract<Statement, { kind: "select" }>;
}

const DATA = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
  INSERT INTO users VALUES (1,'ann'),(2,'bob'),(3,'cy');
  CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT, title TEXT);
  INSERT INTO posts VALUES (1,1,'a'),(2,1,'b'),(3,2,'c');`;

Deno.test("LEFT JOIN LATERAL with an aggregate: one row per outer row, [] for none (drizzle's many)", () => {
  const st = select(
    "select `u`.`id`, `p`.`data` as `posts` from `users` `u` left join lateral (" +
      "select coalesce(json_arrayagg(json_array(`p`.`id`, `p`.`title`)), json_array()) as `data` " +
      "from `posts` `p` where `p`.`user_id` = `u`.`id`) `p` on true order by `u`.`id`",
  );
  assert.deepEqual(query(openDb(DATA), st), [
    [1, '[[1,"a"],[2,"b"]]'],
    [2, '[[3,"c"]]'],
    [3, "[]"],
  ]);
  assert.deepEqual(st.columnNames, ["id", "posts"]);
});

Deno.test("LATERAL keeps LEFT and inner join meaning, several rows and columns, x.* and names", () => {
  const db = openDb(DATA);
  const left = select(
    "SELECT u.name, x.title, x.n FROM users u LEFT JOIN LATERAL " +
      "(SELECT title, id * 10 AS n FROM posts WHERE posts.user_id = u.id ORDER BY id DESC) AS x " +
      "ON TRUE ORDER BY u.id, x.n DESC",
  );
  assert.deepEqual(query(db, left), [
    ["ann", "b", 20],
    ["ann", "a", 10],
    ["bob", "c", 30],
    ["cy", null, null],
  ]);
  assert.deepEqual(left.columnNames, ["name", "title", "n"]);
  const inner = select(
    "SELECT u.id, x.* FROM users u, LATERAL (SELECT MAX(id) AS top FROM posts p " +
      "WHERE p.user_id = u.id HAVING top IS NOT NULL) x WHERE x.top > 1 ORDER BY u.id",
  );
  assert.deepEqual(query(db, inner), [[1, 2], [2, 3]]);
  const columns = select(
    "SELECT x.a, x.b FROM users u JOIN LATERAL (SELECT u.id, u.name) x (a, b) ON x.a = 2",
  );
  assert.deepEqual(query(db, columns), [[2, "bob"]]);
});

Deno.test("LATERAL nested in a LATERAL, and one row through LIMIT (drizzle's one)", () => {
  const st = select(
    "select `p`.`id`, `u`.`data` as `user` from `posts` `p` left join lateral (" +
      "select json_array(`u`.`id`, `u`.`name`, `c`.`data`) as `data` from " +
      "(select * from `users` `u` where `u`.`id` = `p`.`user_id` limit 1) `u` " +
      "left join lateral (select count(*) as `data` from `posts` `c` where `c`.`user_id` = `u`.`id`) " +
      "`c` on true) `u` on true order by `p`.`id`",
  );
  assert.deepEqual(query(openDb(DATA), st), [
    [1, '[1,"ann",2]'],
    [2, '[1,"ann",2]'],
    [3, '[2,"bob",1]'],
  ]);
});

Deno.test("LATERAL: an unknown column of it is 1054, * inside it is 1235", () => {
  assert.throws(
    () => select("SELECT x.nope FROM users u JOIN LATERAL (SELECT u.id) x ON TRUE"),
    (e: Error & { code?: number }) => e.code === 1054,
  );
  assert.throws(
    () => select("SELECT x.id FROM users u JOIN LATERAL (SELECT * FROM posts) x ON TRUE"),
    (e: Error & { code?: number }) => e.code === 1235,
  );
});

Deno.test("JSON_ARRAYAGG and JSON_OBJECTAGG are SQLite's JSON aggregates", () => {
  const st = select(
    "SELECT user_id, JSON_ARRAYAGG(title), JSON_OBJECTAGG(title, id) FROM posts GROUP BY user_id",
  );
  assert.deepEqual(query(openDb(DATA), st), [
    [1, '["a","b"]', '{"a":1,"b":2}'],
    [2, '["c"]', '{"c":3}'],
  ]);
});
