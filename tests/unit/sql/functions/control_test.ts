/**
 * Control-flow functions and hashes against MySQL results.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const CTL2: Case[] = [
  ["NULLIF('a','A')", null],
  ["NULLIF(1,'1')", null],
  ["NULLIF(1,NULL)", 1n],
  ["NULLIF(NULL,1)", null],
  ["NULLIF('a','b')", "a"],
  ["NULLIF(1, 2)", 1n],
  ["NULLIF(2.0, 2)", null],
  ["mysql_isnull(NULL)", 1n], // ISNULL(NULL)
  ["mysql_isnull(0)", 0n], // ISNULL(0)
  ["mysql_isnull(mysql_division(1, 0))", 1n], // ISNULL(1/0)
  ["IF(1>0,'a',2)", "a"],
  ["IF('abc',1,2)", 2n],
  ["IF('1x',1,2)", 1n],
  ["IF(NULL,1,2)", 2n],
  ["IF('0.5','y','n')", "y"],
  ["IF(0,'y','n')", "n"],
  ["IFNULL(NULL,'x')", "x"],
  ["COALESCE(NULL,NULL,3)", 3n],
  ["INTERVAL(23, 1, 15, 17, 30, 44, 200)", 3n],
  ["INTERVAL(10, 1, 10, 100, 1000)", 2n],
  ["INTERVAL(22, 23, 30, 44, 200)", 0n],
  ["INTERVAL(NULL, 1)", -1n],
  ["INTERVAL(5, NULL, 1)", 2n],
  ["INTERVAL(1.5, 1, 2)", 1n],
  ["INTERVAL('3', 1, '2', 4)", 2n],
  ["INTERVAL(500, 1, 10, 100)", 3n],
  ["current_role()", "NONE"], // MySQL 8: an account without roles
  ["SLEEP(0)", 0n],
  ["SLEEP(NULL)", 0n],
  ["SLEEP(0.01)", 0n],
  ["LAST_INSERT_ID(NULL)", null],
  ["LAST_INSERT_ID(5)", 5n],
  ["LAST_INSERT_ID('7abc')", 7n],
  ["LAST_INSERT_ID(2.5)", 3n],
];

const HASH: Case[] = [
  ["MD5('a')", "0cc175b9c0f1b6a831c399e269772661"],
  ["MD5('')", "d41d8cd98f00b204e9800998ecf8427e"],
  ["MD5(NULL)", null],
  ["MD5(1)", "c4ca4238a0b923820dcc509a6f75849b"],
  ["MD5('héllo')", "be50e8478cf24ff3595bc7307fb91b50"],
  ["SHA1('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  ["SHA('abc')", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  ["SHA1(NULL)", null],
  ["SHA2('abc', 224)", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"],
  ["SHA2('abc', 256)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "SHA2('abc', 384)",
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
  ],
  [
    "SHA2('abc', 512)",
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  ],
  ["SHA2('abc', 0)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  ["SHA2('abc', 100)", null],
  ["SHA2(NULL, 256)", null],
  ["CRC32('MySQL')", 3259397556n],
  ["CRC32('mysql')", 2501908538n],
  ["CRC32('')", 0n],
  ["CRC32(NULL)", null],
  ["CRC32(123)", 2286445522n],
  ["LENGTH(UUID())", 36n],
  ["SUBSTRING(UUID(), 15, 1)", "1"],
  ["UUID() = UUID()", 0n],
  ["UUID_SHORT() < UUID_SHORT()", 1n],
];

Deno.test("Control-flow functions match MySQL", () => {
  checkCases(openDb(), CTL2);
});

Deno.test("Hashes and identifiers match MySQL", () => {
  checkCases(openDb(), HASH);
});

Deno.test("SLEEP returns 0 and is capped so it cannot stall the event loop", () => {
  const db = openDb({ maxSleepMs: 20 });
  const t = performance.now();
  assert.equal(evaluate(db, "SLEEP(5)"), 0n);
  const ms = performance.now() - t;
  assert.ok(ms >= 15 && ms < 1000, `slept ${ms} ms`);
});

Deno.test("LAST_INSERT_ID(expr) returns expr and hands it to the session hook", () => {
  const seen: bigint[] = [];
  const db = openDb({ onLastInsertId: (v) => seen.push(v) });
  checkCases(db, [["LAST_INSERT_ID(42)", 42n], ["LAST_INSERT_ID('7abc')", 7n]]);
  assert.deepEqual(seen, [42n, 7n]);
});

Deno.test("IF stays SQLite's lazy builtin: the unused branch is not evaluated", () => {
  const seen: bigint[] = [];
  const db = openDb({ onLastInsertId: (v) => seen.push(v) });
  assert.equal(evaluate(db, "IF(1, 'a', LAST_INSERT_ID(9))"), "a");
  assert.deepEqual(seen, []);
});

Deno.test("UUID() is a version-1 UUID and UUID_SHORT() increases", () => {
  const db = openDb();
  const a = evaluate(db, "UUID()") as string;
  const b = evaluate(db, "UUID()") as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, b);
  const x = evaluate(db, "UUID_SHORT()") as bigint;
  const y = evaluate(db, "UUID_SHORT()") as bigint;
  assert.ok(y > x);
});

Deno.test("SHA2 with a NULL length is NULL as in MySQL 8", () => {
  // MySQL 8 documents NULL for any NULL argument; MariaDB 10.11 treats NULL as 0 (SHA-256).
  checkCases(openDb(), [["SHA2('abc', NULL)", null]]);
});
