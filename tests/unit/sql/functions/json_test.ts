/**
 * MySQL-only JSON functions against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

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
  ["JSON_VALUE('{\"a\": [1]}', '$.a')", null],
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
