/**
 * INET6_ATON / INET6_NTOA and the IS_IP* tests against MariaDB 10.11's results; UUID_TO_BIN /
 * BIN_TO_UUID (MySQL 8 only) against the MySQL 8 manual's examples.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, openDb } from "./_cases.ts";

const CASES: Case[] = [
  ["HEX(INET6_ATON('::1'))", "00000000000000000000000000000001"],
  ["HEX(INET6_ATON('1.2.3.4'))", "01020304"],
  ["HEX(INET6_ATON('fe80::1:2'))", "FE800000000000000000000000010002"],
  ["INET6_NTOA(INET6_ATON('fe80::1:2'))", "fe80::1:2"],
  ["INET6_NTOA(INET6_ATON('::ffff:1.2.3.4'))", "::ffff:1.2.3.4"],
  ["INET6_NTOA(INET6_ATON('::1.2.3.4'))", "::1.2.3.4"],
  ["INET6_NTOA(INET6_ATON('::1'))", "::1"],
  ["INET6_NTOA(INET6_ATON('2001:db8:0:0:1:0:0:1'))", "2001:db8::1:0:0:1"],
  ["INET6_NTOA(INET6_ATON('10.0.5.9'))", "10.0.5.9"],
  ["INET6_ATON('x')", null],
  ["INET6_ATON('1.2.3.256')", null],
  ["INET6_ATON('1::2::3')", null],
  ["IS_IPV4('1.2.3.4')", 1n],
  ["IS_IPV4('1.2.3')", 0n],
  ["IS_IPV6('::1')", 1n],
  ["IS_IPV6('1.2.3.4')", 0n],
  ["IS_IPV4_MAPPED(INET6_ATON('::ffff:1.2.3.4'))", 1n],
  ["IS_IPV4_COMPAT(INET6_ATON('::1.2.3.4'))", 1n],
  ["IS_IPV4_MAPPED(INET6_ATON('::1.2.3.4'))", 0n],
  ["HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db'))", "6CCD780CBABA102695645B8C656024DB"],
  [
    "HEX(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1))",
    "1026BABA6CCD780C95645B8C656024DB",
  ],
  [
    "BIN_TO_UUID(UUID_TO_BIN('6ccd780c-baba-1026-9564-5b8c656024db', 1), 1)",
    "6ccd780c-baba-1026-9564-5b8c656024db",
  ],
  [
    "BIN_TO_UUID(UUID_TO_BIN('{6CCD780C-BABA-1026-9564-5B8C656024DB}'))",
    "6ccd780c-baba-1026-9564-5b8c656024db",
  ],
  ["IS_UUID('6ccd780cbaba102695645b8c656024db')", 1n],
  ["IS_UUID('6ccd780c-baba')", 0n],
  ["LENGTH(RANDOM_BYTES(8))", 8n],
];

Deno.test("address and UUID binary forms match MySQL", () => {
  checkCases(openDb(), CASES);
});

Deno.test("UUID_TO_BIN of text that is no UUID is error 1411", () => {
  const db = openDb();
  assert.throws(
    () => db.prepare("SELECT uuid_to_bin('nope')").get(),
    /Incorrect string value: 'nope' for function uuid_to_bin/,
  );
});
