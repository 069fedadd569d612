/**
 * MATCH(cols) AGAINST(query [IN BOOLEAN MODE]) without FULLTEXT indexes: the helper
 * `mysql_match(text, query, boolean_mode)` scores the concatenated columns (0 when nothing
 * matches), so it works both as a WHERE condition and as a relevance to sort by.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";

export function emitMatch(em: Emitter, e: Extract<Expr, { k: "match" }>): string {
  const columns = e.columns.map((c) => em.expr(c));
  const text = columns.length === 1 ? columns[0]! : `concat_ws(' ', ${columns.join(", ")})`;
  return `mysql_match(${text}, ${em.expr(e.against)}, ${e.booleanMode ? 1 : 0})`;
}
