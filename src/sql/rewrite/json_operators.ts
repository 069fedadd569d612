/**
 * JSON_EXTRACT returns JSON text in MySQL (a string comes back quoted) but SQL values in
 * SQLite: it is the helper `mysql_json_extract`. `x MEMBER OF (doc)` is `mysql_member_of`.
 * JSON_ARRAYAGG / JSON_OBJECTAGG are SQLite's json_group_array / json_group_object.
 * The `->` / `->>` operators are in logical_operators.ts with the other binary operators.
 */
import type { Emitter } from "../emit/emitter.ts";
import { functionCall } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";

/** MySQL's JSON aggregates under SQLite's names (same results, also as window functions). */
const JSON_AGGREGATES: Record<string, string> = {
  JSON_ARRAYAGG: "json_group_array",
  JSON_OBJECTAGG: "json_group_object",
};

export function emitJsonCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  const aggregate = JSON_AGGREGATES[e.name];
  if (aggregate !== undefined) return functionCall(em, aggregate, e);
  if (e.name !== "JSON_EXTRACT" || e.over !== null) return null;
  return `mysql_json_extract(${e.args.map((a) => em.expr(a)).join(", ")})`;
}
