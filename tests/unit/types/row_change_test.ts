import assert from "node:assert/strict";
import { rowKey } from "../../../src/types/row_change.ts";

Deno.test("rowKey is one identity for an integer however it is typed, distinct across types", () => {
  assert.equal(rowKey("t", [1n]), rowKey("t", [1]));
  assert.equal(rowKey("t", [2n ** 63n - 1n]), "t\u0000i9223372036854775807");
  assert.notEqual(rowKey("t", [1n]), rowKey("t", ["1"]));
  assert.notEqual(rowKey("t", [1.5]), rowKey("t", ["1.5"]));
  assert.notEqual(rowKey("t", ["ab"]), rowKey("t", [new Uint8Array([0x61, 0x62])]));
  assert.notEqual(rowKey("t", [null]), rowKey("t", ["n"]));
  assert.equal(rowKey("t", [-0.0 + 0.5 - 0.5]), rowKey("t", [0n]));
});

Deno.test("rowKey keeps composite keys apart whatever bytes their text holds", () => {
  assert.notEqual(rowKey("t", ["a", "b"]), rowKey("t", ["a\u0000sb"]));
  assert.notEqual(rowKey("t", ["a\u0000sb", "c"]), rowKey("t", ["a", "b\u0000sc"]));
  assert.notEqual(rowKey("t", ["x\u0000i1", 2n]), rowKey("t", ["x", 1n]));
  assert.equal(rowKey("t", ["a\u0000b", 1n]), rowKey("t", ["a\u0000b", 1]));
});
