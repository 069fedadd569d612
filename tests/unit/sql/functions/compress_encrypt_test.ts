/**
 * COMPRESS / UNCOMPRESS / UNCOMPRESSED_LENGTH and AES_ENCRYPT / AES_DECRYPT against MariaDB
 * 10.11's results on the same machine (aes-128-ecb, MySQL's default block_encryption_mode).
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const CASES: Case[] = [
  ["hex(compress('hello'))", "05000000789CCB48CDC9C90700062C0215"],
  ["uncompress(compress('hello'))", "hello"],
  ["uncompressed_length(compress('hello'))", 5n],
  ["uncompress(compress(repeat('ab', 5000)))", "ab".repeat(5000)],
  ["uncompressed_length(compress(repeat('ab', 5000)))", 10000n],
  ["length(compress(repeat('a', 1000))) < 30", 1n],
  ["compress('')", new Uint8Array()],
  ["uncompress('')", new Uint8Array()],
  ["uncompressed_length('')", 0n],
  ["compress(NULL)", null],
  ["uncompress(NULL)", null],
  ["hex(aes_encrypt('text', 'key'))", "15E36637363712FC2E699B9C95B75393"],
  [
    "hex(aes_encrypt('a much longer text of more than one block', 'a key longer than sixteen bytes!'))",
    "28040B21F7D10DBEE8A7F50CBC9A03AA208CABAF2C6F4AD033E416177336F92EAE2E6BDD62322214124422B0706466B6",
  ],
  ["aes_decrypt(aes_encrypt('text', 'key'), 'key')", "text"],
  ["aes_decrypt(unhex('15E36637363712FC2E699B9C95B75393'), 'key')", "text"],
  ["aes_decrypt(aes_encrypt('text', 'key'), 'wrong')", null],
  ["aes_decrypt('abc', 'key')", null],
  ["aes_encrypt(NULL, 'key')", null],
  ["aes_encrypt('text', NULL)", null],
];

Deno.test("COMPRESS and AES functions give MySQL's bytes", () => {
  checkCases(openDb(), CASES);
});

Deno.test("UNCOMPRESS of bytes COMPRESS did not make is NULL with MySQL's warning", () => {
  const warnings: Array<[number, string]> = [];
  const db = openDb({ onWarning: (code, message) => warnings.push([code, message]) });
  assert.equal(evaluate(db, "uncompress('garbage data')"), null);
  assert.deepEqual(warnings[0]?.[0], 1256);
  assert.equal(evaluate(db, "uncompress(x'05000000' || 'not zlib')"), null);
  assert.deepEqual(warnings[1], [1259, "ZLIB: Input data corrupted"]);
  assert.equal(warnings.length, 2);
});
