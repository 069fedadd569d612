/**
 * Clock functions read the session's statement clock and time zone.
 * Expected values were recorded from MariaDB 10.11 with `SET timestamp = 1704632709.123`
 * (2024-01-07 13:05:09.123 UTC, the tests' fixed clock) and the time zone named per block.
 */
import assert from "node:assert/strict";
import { type Case, checkCases, evaluate, openDb } from "./_cases.ts";

const UTC: Case[] = [
  ["NOW()", "2024-01-07 13:05:09"],
  ["NOW(3)", "2024-01-07 13:05:09.123"],
  ["NOW(6)", "2024-01-07 13:05:09.123000"],
  ["now()", "2024-01-07 13:05:09"], // CURRENT_TIMESTAMP()
  ["LOCALTIME()", "2024-01-07 13:05:09"],
  ["LOCALTIMESTAMP()", "2024-01-07 13:05:09"],
  ["UTC_TIMESTAMP()", "2024-01-07 13:05:09"],
  ["UTC_TIMESTAMP(2)", "2024-01-07 13:05:09.12"],
  ["CURDATE()", "2024-01-07"],
  ["curdate()", "2024-01-07"], // CURRENT_DATE()
  ["UTC_DATE()", "2024-01-07"],
  ["CURTIME()", "13:05:09"],
  ["CURTIME(3)", "13:05:09.123"],
  ["curtime()", "13:05:09"], // CURRENT_TIME()
  ["UTC_TIME()", "13:05:09"],
  ["UNIX_TIMESTAMP()", 1704632709n],
];

const PLUS_0530: Case[] = [
  ["NOW()", "2024-01-07 18:35:09"],
  ["CURDATE()", "2024-01-07"],
  ["CURTIME()", "18:35:09"],
  ["UTC_TIMESTAMP()", "2024-01-07 13:05:09"],
  ["UNIX_TIMESTAMP()", 1704632709n],
  ["UNIX_TIMESTAMP('2024-01-01 05:30:00')", 1704067200n],
  ["FROM_UNIXTIME(1704067200)", "2024-01-01 05:30:00"],
  ["CONVERT_TZ('2024-01-01 12:00:00','SYSTEM','+00:00')", "2024-01-01 12:00:00"],
];

const MINUS_0800: Case[] = [
  ["NOW()", "2024-01-07 05:05:09"],
  ["CURDATE()", "2024-01-07"],
  ["FROM_UNIXTIME(0)", "1969-12-31 16:00:00"],
];

Deno.test("Clock functions use the statement clock in UTC", () => {
  checkCases(openDb(), UTC);
});

Deno.test("Clock functions follow the session time zone", () => {
  checkCases(openDb({ timeZone: () => "+05:30" }), PLUS_0530);
  checkCases(openDb({ timeZone: () => "-08:00" }), MINUS_0800);
});

Deno.test("SYSTEM time zone is UTC whatever the machine's zone", () => {
  checkCases(openDb({ timeZone: () => "SYSTEM" }), UTC);
});

Deno.test("Named time zones convert through Intl, with DST", () => {
  // Not in MariaDB without tz tables (it returns NULL); MySQL with tz tables loaded gives these.
  checkCases(openDb(), [
    ["CONVERT_TZ('2024-07-01 12:00:00','UTC','Europe/Paris')", "2024-07-01 14:00:00"],
    ["CONVERT_TZ('2024-01-01 12:00:00','UTC','Europe/Paris')", "2024-01-01 13:00:00"],
    ["CONVERT_TZ('2024-01-01 12:00:00','Nowhere/City','+00:00')", null],
  ]);
  checkCases(openDb({ timeZone: () => "America/New_York" }), [
    ["NOW()", "2024-01-07 08:05:09"],
    ["UNIX_TIMESTAMP('2024-07-01 08:00:00')", 1719835200n],
  ]);
});

Deno.test("NOW() is fixed by the session clock while SYSDATE() reads the real clock", () => {
  let clock = Date.UTC(2020, 5, 1, 0, 0, 0);
  const db = openDb({ now: () => clock });
  assert.equal(evaluate(db, "NOW()"), "2020-06-01 00:00:00");
  clock += 1000;
  assert.equal(evaluate(db, "NOW()"), "2020-06-01 00:00:01");
  const sys = evaluate(db, "SYSDATE()") as string;
  assert.ok(sys.startsWith(String(new Date().getUTCFullYear())), sys);
});

Deno.test("UNIX_TIMESTAMP of an out-of-range date is 0 as in MySQL 8", () => {
  // MySQL 8 documents 0 for dates outside its range; MariaDB 10.11 returns NULL here.
  checkCases(openDb(), [
    ["UNIX_TIMESTAMP('1969-12-31')", 0n],
    ["UNIX_TIMESTAMP('0000-00-00')", 0n],
    // MySQL 8.0.28+ accepts up to 3001-01-19 on 64-bit builds (MariaDB 10.11: NULL after 2038).
    ["UNIX_TIMESTAMP('2038-01-19 03:14:08')", 2147483648n],
  ]);
});

Deno.test("Clock functions reject a wrong argument count with error 1582", () => {
  const db = openDb();
  assert.throws(() => evaluate(db, "NOW(1, 2)"), { code: 1582 });
  assert.throws(() => evaluate(db, "UNIX_TIMESTAMP(1, 2)"), { code: 1582 });
});
