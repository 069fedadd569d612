/**
 * JSON_EXTRACT returns JSON text in MySQL (a string comes back quoted) but SQL values in
 * SQLite: it is the helper `mysql_json_extract`. `x MEMBER OF (doc)` is `mysql_member_of`.
 * The `->` / `->>` operators are in logical_operators.ts with the other binary operators.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";

export function emitJsonCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  if (e.name !== "JSON_EXTRACT" || e.over !== null) return null;
  return `mysql_json_extract(${e.args.map((a) => em.expr(a)).join(", ")})`;
}
