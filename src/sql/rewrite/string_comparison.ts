/**
 * Strings compared where no column gives a collation: MySQL compares them under the
 * connection's case-insensitive collation (`'abc' = 'ABC'`, `CONCAT(first, ' ', last) = 'ann
 * lee'` over _ci columns), SQLite as BINARY, case-sensitive. Such a comparison gets
 * `COLLATE NOCASE` (ASCII case folded, as our _ci columns are stored). A side that is a
 * column, has its own COLLATE, is numeric (then the comparison is numeric) or is binary or
 * JSON text (which MySQL compares byte for byte) leaves the comparison as it is; so does
 * `col = ?`, whose index lookups stay as they were.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { isNumeric } from "./numeric_comparison.ts";

/** Byte-compared results: JSON text (utf8mb4_bin in MySQL) and binary strings. */
const BINARY_FUNCTIONS = new Set(
  `JSON_EXTRACT JSON_UNQUOTE JSON_VALUE JSON_OBJECT JSON_ARRAY JSON_SET JSON_INSERT JSON_REPLACE
  JSON_REMOVE JSON_MERGE JSON_MERGE_PATCH JSON_MERGE_PRESERVE JSON_KEYS JSON_SEARCH JSON_QUOTE
  UNHEX FROM_BASE64 AES_ENCRYPT AES_DECRYPT COMPRESS UNCOMPRESS RANDOM_BYTES UUID_TO_BIN
  INET6_ATON BINARY`.split(/\s+/),
);

/** " COLLATE NOCASE" when comparing `operands` needs MySQL's case-insensitive rule, else "". */
export function comparisonCollation(em: Emitter, operands: readonly Expr[]): string {
  return operands.some((o) => _keepsComparison(em, o)) ? "" : " COLLATE NOCASE";
}

function _keepsComparison(em: Emitter, e: Expr): boolean {
  switch (e.k) {
    case "paren":
      return _keepsComparison(em, e.e);
    case "col":
    case "collate":
    case "hex":
    case "null":
      return true;
    case "unary":
      return e.op === "BINARY" || isNumeric(em, e);
    case "cast":
      return e.type.startsWith("BINARY") || e.type === "JSON" || isNumeric(em, e);
    case "binary":
      return e.op === "->" || e.op === "->>" || isNumeric(em, e);
    case "call":
      return BINARY_FUNCTIONS.has(e.name) || isNumeric(em, e);
    default:
      return isNumeric(em, e);
  }
}
