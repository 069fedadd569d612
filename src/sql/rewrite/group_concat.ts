/**
 * GROUP_CONCAT([DISTINCT] e1[, e2...] [ORDER BY ...] [SEPARATOR s]) with SQLite's
 * `group_concat(x, sep ORDER BY ...)`: several expressions are concatenated (a NULL in any of
 * them skips the row, as in MySQL). SQLite's DISTINCT aggregates take one argument and no
 * separator, so with DISTINCT each value gets a \x01 prefix, the default `,` separator is used,
 * then `,\x01` is replaced by the separator and the first mark dropped.
 * Not done: truncation at group_concat_max_len.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import { emitOrderItems } from "../emit/query_emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";

const MARK = "CAST(x'01' AS TEXT)";

export function emitGroupConcat(em: Emitter, e: Extract<Expr, { k: "group_concat" }>): string {
  if (e.over !== null) throw unsupported("GROUP_CONCAT as a window function");
  const value = e.args.length === 1
    ? em.expr(e.args[0]!)
    : e.args.map((a) => operand(em, a)).join(" || ");
  const order = e.orderBy.length > 0 ? ` ORDER BY ${emitOrderItems(em, e.orderBy)}` : "";
  const separator = e.separator === null ? "','" : em.expr(e.separator);
  if (!e.distinct) return `group_concat(${value}, ${separator}${order})`;
  const marked = `${MARK} || (${value})`;
  return `substr(replace(group_concat(DISTINCT ${marked}${order}), ',' || ${MARK}, ${separator}), 2)`;
}
