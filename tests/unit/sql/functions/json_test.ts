/**
 * MySQL-only JSON functions against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const JSON: Case[] = [
  ["JSON_UNQUOTE('\"abc\"')", "abc"],
  ["JSON_UNQUOTE('abc')", "abc"],
  ["json_unquote('\"a\\nb\"')", "a\nb"], // JSON_UNQUOTE('"a\\nb"')
  ["json_unquote('\"\\u00e9\"')", "é"], // JSON_UNQUOTE('"\\u00e9"')
  ["JSON_UNQUOTE('[1, 2]')", "[1, 2]"],
  ["JSON_UNQUOTE(NULL)", null],
  ["JSON_UNQUOTE('\"\"')", ""],
  ["json_unquote(mysql_json_extract('{\"a\":\"x\"}', '$.a'))", "x"], // JSON_UNQUOTE(JSON_EXTRACT('{"a":"x"}', '$.a'))
  ["JSON_CONTAINS('[1,2]','\"1\"')", 0n],
  ["JSON_CONTAINS('[1,2]','1')", 1n],
  ["JSON_CONTAINS('{\"a\":[1,2]}','2','$.a')", 1n],
  ["JSON_CONTAINS('{\"a\":[1,2]}','3','$.a')", 0n],
  ['JSON_CONTAINS(\'{"a": 1, "b": 2, "c": {"d": 4}}\', \'1\', \'$.a\')', 1n],
  ['JSON_CONTAINS(\'{"a": 1, "b": 2, "c": {"d": 4}}\', \'{"d": 4}\', \'$.c\')', 1n],
  ['JSON_CONTAINS(\'{"a": 1, "b": 2, "c": {"d": 4}}\', \'{"a": 1}\')', 1n],
  ['JSON_CONTAINS(\'{"a": 1, "b": 2}\', \'{"a": 1, "x": 1}\')', 0n],
  ["JSON_CONTAINS('[1, [2, 3]]', '[3]')", 1n],
  ["JSON_CONTAINS('[1, 2, 3]', '[1, 3]')", 1n],
  ["JSON_CONTAINS('[1, 2, 3]', '[1, 4]')", 0n],
  ["JSON_CONTAINS('1', '1.0')", 1n],
  ["JSON_CONTAINS('\"a\"', '\"a\"')", 1n],
  ["JSON_CONTAINS('{\"a\":1}', '1')", 0n],
  ["JSON_CONTAINS(NULL, '1')", null],
  ["JSON_CONTAINS('[1]', NULL)", null],
  ["JSON_CONTAINS_PATH('{\"a\": 1, \"b\": 2, \"c\": {\"d\": 4}}', 'one', '$.a', '$.e')", 1n],
  ["JSON_CONTAINS_PATH('{\"a\": 1, \"b\": 2, \"c\": {\"d\": 4}}', 'all', '$.a', '$.e')", 0n],
  ['JSON_CONTAINS_PATH(\'{"a": 1, "b": 2, "c": {"d": 4}}\', \'one\', \'$.c.d\')', 1n],
  ['JSON_CONTAINS_PATH(\'{"a": 1, "b": 2, "c": {"d": 4}}\', \'one\', \'$.a.d\')', 0n],
  ["JSON_CONTAINS_PATH('[1,[2]]', 'one', '$[1][0]')", 1n],
  ["JSON_CONTAINS_PATH(NULL, 'one', '$')", null],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'one\', \'abc\')',
    '"$[0]"',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'abc\')',
    '["$[0]", "$[2].x"]',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'ghi\')',
    null,
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'10\')',
    '"$[1][0].k"',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'%b%\')',
    '["$[0]", "$[2].x", "$[3].y"]',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'one\', \'%b%\')',
    '"$[0]"',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'%b%\', NULL, \'$[2]\')',
    '"$[2].x"',
  ],
  [
    'JSON_SEARCH(\'["abc", [{"k": "10"}, "def"], {"x":"abc"}, {"y":"bcd"}]\', \'all\', \'1_\')',
    '"$[1][0].k"',
  ],
  ["JSON_SEARCH('[\"ABC\"]', 'one', 'abc')", '"$[0]"'],
  ["JSON_SEARCH('[\"a%c\"]', 'one', 'a|%c', '|')", '"$[0]"'],
  ["JSON_SEARCH(NULL, 'one', 'x')", null],
  ["JSON_LENGTH('[1, 2, {\"a\": 3}]')", 3n],
  ['JSON_LENGTH(\'{"a": 1, "b": {"c": 30}}\')', 2n],
  ['JSON_LENGTH(\'{"a": 1, "b": {"c": 30}}\', \'$.b\')', 1n],
  ["JSON_LENGTH('{\"a\": 1}', '$.x')", null],
  ["JSON_LENGTH('1')", 1n],
  ["JSON_LENGTH('\"abc\"')", 1n],
  ["JSON_LENGTH('[]')", 0n],
  ["JSON_LENGTH(NULL)", null],
  ["JSON_DEPTH('{}')", 1n],
  ["JSON_DEPTH('[]')", 1n],
  ["JSON_DEPTH('true')", 1n],
  ["JSON_DEPTH('[10, 20]')", 2n],
  ["JSON_DEPTH('[[], {}]')", 2n],
  // Wider than a function call may spread its arguments.
  ["JSON_DEPTH(CONCAT('[', REPEAT('[1],', 200000), '1]'))", 3n],
  ["JSON_DEPTH('[10, {\"a\": 20}]')", 3n],
  ['JSON_KEYS(\'{"a": 1, "b": {"c": 30}}\')', '["a", "b"]'],
  ['JSON_KEYS(\'{"a": 1, "b": {"c": 30}}\', \'$.b\')', '["c"]'],
  ["JSON_KEYS('[1]')", null],
  ["JSON_KEYS('{}')", "[]"],
  ["JSON_KEYS(NULL)", null],
  ["JSON_TYPE('{\"a\": [10, true]}')", "OBJECT"],
  ["JSON_TYPE('[1]')", "ARRAY"],
  ["JSON_TYPE('\"x\"')", "STRING"],
  ["JSON_TYPE('1')", "INTEGER"],
  ["JSON_TYPE('1.5')", "DOUBLE"],
  ["JSON_TYPE('true')", "BOOLEAN"],
  ["JSON_TYPE('null')", "NULL"],
  ["JSON_TYPE(NULL)", null],
  ["JSON_OVERLAPS('[1,3,5,7]', '[2,5,7]')", 1n],
  ["JSON_OVERLAPS('[1,3,5,7]', '[2,6,8]')", 0n],
  ['JSON_OVERLAPS(\'{"a":1,"b":10,"d":10}\', \'{"c":1,"e":10,"f":1,"d":10}\')', 1n],
  ["JSON_OVERLAPS('5', '5')", 1n],
  ["JSON_OVERLAPS('[4,5,6,7]', '6')", 1n],
  ["JSON_MERGE_PRESERVE('[1, 2]', '[true, false]')", "[1, 2, true, false]"],
  ["JSON_MERGE_PRESERVE('1', 'true')", "[1, true]"],
  ["JSON_MERGE_PRESERVE('[1, 2]', '{\"id\": 47}')", '[1, 2, {"id": 47}]'],
  [
    'JSON_MERGE_PRESERVE(\'{ "a": 1, "b": 2 }\', \'{ "a": 3, "c": 4 }\')',
    '{"a": [1, 3], "b": 2, "c": 4}',
  ],
  ["JSON_MERGE_PRESERVE('[1]', NULL)", null],
  ["JSON_MERGE_PATCH('[1, 2]', '[true, false]')", "[true, false]"],
  ["JSON_MERGE_PATCH('1', 'true')", "true"],
  ['JSON_MERGE_PATCH(\'{"a":1, "b":2}\', \'{"b":null}\')', '{"a": 1}'],
  ['JSON_MERGE_PATCH(\'{"a":{"x":1}}\', \'{"a":{"y":2}}\')', '{"a": {"x": 1, "y": 2}}'],
  [
    'JSON_MERGE_PATCH(\'{ "a": 1, "b":2 }\',\'{ "a": 3, "c":4 }\',\'{ "a": 5, "d":6 }\')',
    '{"a": 5, "b": 2, "c": 4, "d": 6}',
  ],
  ['JSON_VALUE(\'{"item": "shoes", "price": "49.95"}\', \'$.item\')', "shoes"],
  ["JSON_VALUE('{\"a\": 1}', '$.a')", "1"],
  ["JSON_VALUE('{\"a\": [1]}', '$.a')", "[1]"], // MySQL 8 (MariaDB: NULL)
  ["JSON_VALUE('{\"a\": 1}', '$.b')", null],
  ["mysql_json_extract('{\"a\": \"x\"}', '$.a')", '"x"'], // JSON_EXTRACT('{"a": "x"}', '$.a')
  ["mysql_json_extract('{\"a\": [1, 2]}', '$.a')", "[1, 2]"], // JSON_EXTRACT('{"a": [1, 2]}', '$.a')
  ["mysql_json_extract('{\"a\": true}', '$.a')", "true"], // JSON_EXTRACT('{"a": true}', '$.a')
  ["mysql_json_extract('{\"a\": 1, \"b\": [1, 2]}', '$.a', '$.b')", "[1, [1, 2]]"], // JSON_EXTRACT('{"a": 1, "b": [1, 2]}', '$.a', '$.b')
  ["mysql_json_extract('{\"a\": 1}', '$.x')", null], // JSON_EXTRACT('{"a": 1}', '$.x')
  ["mysql_json_extract('[10, 20, [30, 40]]', '$[1]')", "20"], // JSON_EXTRACT('[10, 20, [30, 40]]', '$[1]')
  ["mysql_json_extract('[10, 20, [30, 40]]', '$[2][*]')", "[30, 40]"], // JSON_EXTRACT('[10, 20, [30, 40]]', '$[2][*]')
  ["mysql_json_extract('[10, 20, [30, 40]]', '$[last]')", "[30, 40]"], // JSON_EXTRACT('[10, 20, [30, 40]]', '$[last]')
  ['mysql_json_extract(\'{"a": {"b": 1}, "c": {"b": 2}}\', \'$**.b\')', "[1, 2]"], // JSON_EXTRACT('{"a": {"b": 1}, "c": {"b": 2}}', '$**.b')
  ["mysql_json_extract('{\"a b\": 1}', '$.\"a b\"')", "1"], // JSON_EXTRACT('{"a b": 1}', '$."a b"')
  ['mysql_json_extract(\'{"a": {"x": 1, "y": 2}}\', \'$.a.*\')', "[1, 2]"], // JSON_EXTRACT('{"a": {"x": 1, "y": 2}}', '$.a.*')
  ["mysql_json_extract('[1, 2, 3, 4]', '$[1 to 2]')", "[2, 3]"], // JSON_EXTRACT('[1, 2, 3, 4]', '$[1 to 2]')
  ["mysql_json_extract('\"x\"', '$[0]')", '"x"'], // JSON_EXTRACT('"x"', '$[0]')
  ["mysql_json_extract(NULL, '$')", null], // JSON_EXTRACT(NULL, '$')
  ['JSON_ARRAY_APPEND(\'["a", ["b", "c"], "d"]\', \'$[1]\', 1)', '["a", ["b", "c", 1], "d"]'],
  ['JSON_ARRAY_APPEND(\'["a", ["b", "c"], "d"]\', \'$[0]\', 2)', '[["a", 2], ["b", "c"], "d"]'],
  ['JSON_ARRAY_APPEND(\'["a", ["b", "c"], "d"]\', \'$[1][0]\', 3)', '["a", [["b", 3], "c"], "d"]'],
  [
    "JSON_ARRAY_APPEND('{\"a\": 1, \"b\": [2, 3], \"c\": 4}', '$.b', 'x')",
    '{"a": 1, "b": [2, 3, "x"], "c": 4}',
  ],
  [
    "JSON_ARRAY_APPEND('{\"a\": 1, \"b\": [2, 3], \"c\": 4}', '$.c', 'y')",
    '{"a": 1, "b": [2, 3], "c": [4, "y"]}',
  ],
  ["JSON_ARRAY_APPEND('{\"a\": 1}', '$', 'z')", '[{"a": 1}, "z"]'],
  [
    "JSON_ARRAY_INSERT('[\"a\", {\"b\": [1, 2]}, [3, 4]]', '$[1]', 'x')",
    '["a", "x", {"b": [1, 2]}, [3, 4]]',
  ],
  [
    "JSON_ARRAY_INSERT('[\"a\", {\"b\": [1, 2]}, [3, 4]]', '$[100]', 'x')",
    '["a", {"b": [1, 2]}, [3, 4], "x"]',
  ],
  [
    "JSON_ARRAY_INSERT('[\"a\", {\"b\": [1, 2]}, [3, 4]]', '$[1].b[0]', 'x')",
    '["a", {"b": ["x", 1, 2]}, [3, 4]]',
  ],
  [
    "JSON_ARRAY_INSERT('[\"a\", {\"b\": [1, 2]}, [3, 4]]', '$[2][1]', 'y')",
    '["a", {"b": [1, 2]}, [3, "y", 4]]',
  ],
];

Deno.test("JSON functions match MySQL", () => {
  checkCases(openDb(), JSON);
});

Deno.test("Where MySQL 8 and MariaDB differ, JSON functions follow MySQL 8", () => {
  checkCases(openDb(), [
    // MySQL 8 sorts object keys (by length, then bytes); MariaDB keeps insertion order.
    ['JSON_MERGE_PRESERVE(\'{"name": "x"}\', \'{"id": 47}\')', '{"id": 47, "name": "x"}'],
    ['JSON_MERGE_PATCH(\'{"name": "x"}\', \'{"id": 47}\')', '{"id": 47, "name": "x"}'],
    ['mysql_json_format(\'{"bb":1,"a":2,"c":3}\')', '{"a": 2, "c": 3, "bb": 1}'],
    // MySQL 8 returns NULL when the path selects nothing; MariaDB returns 0.
    ["JSON_CONTAINS('{\"a\":[1,2]}','2','$.b')", null],
    // MySQL 8 quotes keys that are not identifiers; MariaDB prints "$.a b".
    ["JSON_SEARCH('{\"a b\": \"x\"}', 'one', 'x')", '"$.\\"a b\\""'],
    // MEMBER OF is MySQL 8 only.
    ["mysql_member_of(1, '[1, 2]')", 1n],
    ["mysql_member_of('a', '[\"a\"]')", 1n],
    ["mysql_member_of(3, '[1, 2]')", 0n],
    ["mysql_member_of(1, '1')", 1n],
  ]);
});

Deno.test("JSON text follows MySQL 8: spacing, doubles keep a fraction, escapes", () => {
  checkCases(openDb(), [
    [
      "mysql_json_format('[1.0, 1e2, 1.50, -0.5, 12345678901234567890]')",
      "[1.0, 100.0, 1.5, -0.5, 12345678901234567890]",
    ],
    ['mysql_json_format(\'{"a":"x\\ny\\u0001"}\')', '{"a": "x\\ny\\u0001"}'],
    ["mysql_json_extract('{\"a\": {\"b\": [1, {}]}}', '$.a')", '{"b": [1, {}]}'],
    ["JSON_TYPE('1.0')", "DOUBLE"],
    ["JSON_TYPE('18446744073709551615')", "UNSIGNED INTEGER"],
  ]);
});

Deno.test("JSON_PRETTY uses MySQL's two-space layout", () => {
  const db = openDb();
  assert.equal(
    evaluate(db, 'JSON_PRETTY(\'["a",1,{"key1": "value1"},{"key2":["value3"]},[],{}]\')'),
    '[\n  "a",\n  1,\n  {\n    "key1": "value1"\n  },\n  {\n    "key2": [\n      "value3"\n    ]\n  },\n  [],\n  {}\n]',
  );
});

Deno.test("Invalid JSON and invalid paths raise MySQL errors 3141 and 3143", () => {
  const db = openDb();
  assert.throws(() => evaluate(db, "JSON_LENGTH('[1,')"), { code: 3141, sqlState: "22032" });
  assert.throws(() => evaluate(db, "JSON_KEYS('{\"a\":1}', 'a')"), { code: 3143 });
  assert.throws(() => evaluate(db, "mysql_json_extract('[1]', '$[')"), { code: 3143 });
  assert.throws(() => evaluate(db, "JSON_CONTAINS('[1]', '1', '$[*]')"), { code: 3143 });
});

Deno.test("SQLite's JSON builtins stay in place for building documents", () => {
  checkCases(openDb(), [
    ["json_object('a', 1, 'b', json_array(1, 2))", '{"a":1,"b":[1,2]}'],
    ["json_extract('{\"a\":\"x\"}', '$.a')", "x"],
    ["json_type('{\"a\":1}', '$.a')", "integer"], // two-argument json_type is SQLite's
    ["mysql_json_format(json_set('{\"a\":1}', '$.b', 2))", '{"a": 1, "b": 2}'],
  ]);
});

Deno.test("Documents nested deeper than 100 levels raise error 3157 instead of overflowing", () => {
  const db = openDb();
  const deep = "[".repeat(100000) + "]".repeat(100000);
  assert.throws(() => evaluate(db, `JSON_LENGTH('${deep}')`), { code: 3157 });
  assert.equal(evaluate(db, `JSON_DEPTH('${"[".repeat(100)}${"]".repeat(100)}')`), 100n);
});

Deno.test("JSON_VALUE answers ON EMPTY and ON ERROR as MySQL 8", () => {
  const warnings: Array<[number, string]> = [];
  const db = openDb({ onWarning: (code, message) => warnings.push([code, message]) });
  const doc = `'{"a": "x", "b": [1, 2], "c": null, "n": 5}'`;
  checkCases(db, [
    [`json_value(${doc}, '$.a')`, "x"],
    [`json_value(${doc}, '$.b')`, "[1, 2]"],
    [`json_value(${doc}, '$.c')`, null],
    [`json_value(${doc}, '$.n')`, "5"],
    [`json_value(${doc}, '$.z')`, null],
    [`json_value(${doc}, '$.z', 'DEFAULT', 'none', 'NULL', NULL)`, "none"],
    [`json_value(${doc}, '$.b[*]', 'NULL', NULL, 'DEFAULT', 'many')`, "many"],
    [`json_value(NULL, '$.a', 'ERROR', NULL, 'ERROR', NULL)`, null],
  ]);
  assert.deepEqual(warnings, []);
  assert.throws(
    () => evaluate(db, `json_value(${doc}, '$.z', 'ERROR', NULL, 'NULL', NULL)`),
    /No value was found by 'json_value' on the specified path/,
  );
  assert.throws(
    () => evaluate(db, `json_value(${doc}, '$.b[*]', 'NULL', NULL, 'ERROR', NULL)`),
    /More than one value was found by 'json_value'/,
  );
  assert.equal(evaluate(db, `json_value('{"a": 1', '$.a', 'NULL', NULL, 'DEFAULT', 'd')`), "d");
  assert.equal(warnings[0]?.[0], 3141);
  assert.throws(
    () => evaluate(db, `json_value('{"a": 1', '$.a', 'NULL', NULL, 'ERROR', NULL)`),
    /Invalid JSON text in argument 1 to function json_value/,
  );
  assert.throws(() => evaluate(db, `json_value(${doc}, '$[')`), /Invalid JSON path expression/);
});
