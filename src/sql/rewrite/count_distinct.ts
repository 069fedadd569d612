/**
 * COUNT(DISTINCT a, b): SQLite's DISTINCT aggregates take one argument, so the tuple is counted
 * as a JSON array; rows where any value is NULL are skipped, as in MySQL.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import { emitWindow } from "../emit/window_emitter.ts";
import type { Expr } from "../parser/ast.ts";

export function emitCountDistinct(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  if (e.name !== "COUNT" || !e.distinct || e.args.length < 2) return null;
  const nulls = e.args.map((a) => `${operand(em, a)} IS NULL`).join(" OR ");
  const tuple = `json_array(${e.args.map((a) => em.expr(a)).join(", ")})`;
  const call = `count(DISTINCT CASE WHEN ${nulls} THEN NULL ELSE ${tuple} END)`;
  return e.over === null ? call : `${call} OVER ${emitWindow(em, e.over)}`;
}
