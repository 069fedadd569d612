import assert from "node:assert/strict";
import { decodeQueryText } from "../../../../src/mysql/framing/query_text.ts";

const bytes = (...parts: Array<string | number[]>) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? new TextEncoder().encode(p) : p));
  return new Uint8Array(out);
};

Deno.test("decodeQueryText leaves valid UTF-8 as it is, U+FFFD included", () => {
  const sql = "SELECT 'h\u00e9llo \u{1F600}', '\uFFFD' FROM `t\u00e9`";
  assert.equal(decodeQueryText(new TextEncoder().encode(sql)), sql);
});

Deno.test("decodeQueryText turns a literal holding non-UTF-8 bytes into the hex of its bytes", () => {
  const q = bytes(
    "INSERT INTO t VALUES ('a",
    [0xff],
    "b\\n\\0\\'\\\\', \"x",
    [0xfe],
    "''\", 'ok')",
  );
  assert.equal(
    decodeQueryText(q),
    "INSERT INTO t VALUES (X'61FF620A00275C', X'78FE2727', 'ok')",
  );
});

Deno.test("decodeQueryText keeps the backslash of \\% and \\_ and doubles of the quote", () => {
  const q = bytes("SELECT 'a", [0x80], "\\%\\_''b'");
  assert.equal(decodeQueryText(q), "SELECT X'61805C255C5F2762'");
});

Deno.test("decodeQueryText does not read quotes inside backtick identifiers as literals", () => {
  const q = bytes("SELECT `it's`, '", [0xc3], "' FROM `a``'b`");
  assert.equal(decodeQueryText(q), "SELECT `it's`, X'C3' FROM `a``'b`");
});

Deno.test("decodeQueryText decodes invalid bytes outside literals as U+FFFD", () => {
  assert.equal(decodeQueryText(bytes("SELECT 1 -- ", [0xff])), "SELECT 1 -- \uFFFD");
});

Deno.test("decodeQueryText keeps an introducer apart from the hex literal", () => {
  assert.equal(decodeQueryText(bytes("SELECT _binary'", [0xff], "'")), "SELECT _binary X'FF'");
});

Deno.test("decodeQueryText drops the NUL terminator some clients send", () => {
  assert.equal(decodeQueryText(bytes("SELECT 1", [0])), "SELECT 1");
  assert.equal(decodeQueryText(bytes("SELECT '", [0xff], "'", [0, 0])), "SELECT X'FF'");
});
