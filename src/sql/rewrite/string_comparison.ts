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
import { FIXED } from "../emit/function_result_types.ts";
import type { Expr } from "../parser/ast.ts";
import { isNumeric } from "./numeric_comparison.ts";

/** Text results MySQL gives utf8mb4_bin, so compares byte for byte (JSON ones are typed
 * string, not JSON). */
const BIN_COLLATED_FUNCTIONS = new Set(["JSON_UNQUOTE", "JSON_VALUE", "JSON_QUOTE"]);

/** A call whose result is byte-compared: a binary string, JSON, or utf8mb4_bin text. */
function byteCompared(name: string): boolean {
  const type = FIXED[name];
  return type?.binary === true || type?.kind === "json" || BIN_COLLATED_FUNCTIONS.has(name);
}

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
      return byteCompared(e.name) || isNumeric(em, e);
    default:
      return isNumeric(em, e);
  }
}
