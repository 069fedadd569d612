/**
 * Logical operators: `||` and `&&` were read as OR and AND by the parser (MySQL's default
 * sql_mode; SQLite's `||` is concatenation); `!x` binds tighter than comparisons in MySQL but
 * SQLite's NOT does not, so it is parenthesized; XOR (three-valued) is the helper
 * `mysql_xor(a, b)`; `<=>` is SQLite's null-safe IS (strings compared as `=` compares them,
 * string_comparison.ts); IS UNKNOWN is IS NULL; SOUNDS LIKE
 * compares soundex(); the JSON operators `->` and `->>` are JSON_EXTRACT and
 * JSON_UNQUOTE(JSON_EXTRACT()) with MySQL's JSON text (`mysql_json_extract`).
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { comparisonCollation } from "./string_comparison.ts";

/** Writes XOR and `<=>`; null for other operators. */
export function emitLogical(em: Emitter, op: string, l: Expr, r: Expr): string | null {
  if (op === "XOR") return `mysql_xor(${em.expr(l)}, ${em.expr(r)})`;
  if (op === "<=>") {
    return `${operand(em, l)}${comparisonCollation(em, [l, r])} IS ${operand(em, r)}`;
  }
  if (op === "SOUNDS LIKE") return `soundex(${em.expr(l)}) = soundex(${em.expr(r)})`;
  if (op === "->") return `mysql_json_extract(${em.expr(l)}, ${em.expr(r)})`;
  if (op === "->>") return `json_unquote(mysql_json_extract(${em.expr(l)}, ${em.expr(r)}))`;
  return null;
}

/** NOT x and !x. */
export function emitNot(em: Emitter, e: Expr, op: "NOT" | "!"): string {
  const text = `NOT ${operand(em, e)}`;
  return op === "!" ? `(${text})` : text;
}

/** x IS [NOT] NULL | TRUE | FALSE | UNKNOWN. */
export function emitIs(em: Emitter, e: Extract<Expr, { k: "is" }>): string {
  const what = e.what === "UNKNOWN" ? "NULL" : e.what;
  return `${operand(em, e.e)} IS ${e.not ? "NOT " : ""}${what}`;
}
