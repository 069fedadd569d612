/**
 * HAVING without GROUP BY. MySQL accepts it everywhere; SQLite only in aggregate queries.
 * Without any aggregate it is a filter (it may use select aliases, which SQLite's WHERE also
 * accepts): it joins the WHERE. With aggregates only in HAVING, `GROUP BY NULL` makes the
 * whole table one group (differs from MySQL only on an empty table).
 */
import type { Expr, OrderItem, Query, SelectCore } from "../parser/ast.ts";

const AGGREGATES = new Set([
  "COUNT",
  "SUM",
  "AVG",
  "MIN",
  "MAX",
  "BIT_AND",
  "BIT_OR",
  "BIT_XOR",
  "STD",
  "STDDEV",
  "STDDEV_POP",
  "STDDEV_SAMP",
  "VAR_POP",
  "VAR_SAMP",
  "VARIANCE",
  "JSON_ARRAYAGG",
  "JSON_OBJECTAGG",
]);

export interface HavingResolution {
  where: Expr | null;
  having: Expr | null;
  groupBy: OrderItem[];
}

export function resolveHaving(core: SelectCore): HavingResolution {
  const { where, having, groupBy } = core;
  if (having === null || groupBy.length > 0) return { where, having, groupBy };
  if (core.items.some((i) => hasAggregate(i.e))) return { where, having, groupBy };
  if (hasAggregate(having)) return { where, having, groupBy: [{ e: { k: "null" }, desc: false }] };
  const merged: Expr = where === null ? having : { k: "binary", op: "AND", l: where, r: having };
  return { where: merged, having: null, groupBy };
}

/** True when `e` calls an aggregate function outside any subquery. */
export function hasAggregate(e: Expr): boolean {
  switch (e.k) {
    case "call":
      return (AGGREGATES.has(e.name) && e.over === null) || e.args.some(hasAggregate);
    case "group_concat":
      return e.over === null;
    case "unary":
    case "cast":
    case "convert_using":
    case "collate":
    case "extract":
    case "paren":
      return hasAggregate(e.e);
    case "binary":
      return hasAggregate(e.l) || hasAggregate(e.r);
    case "is":
      return hasAggregate(e.e);
    case "like":
      return hasAggregate(e.e) || hasAggregate(e.pattern);
    case "regexp":
      return hasAggregate(e.e) || hasAggregate(e.pattern);
    case "in":
      return hasAggregate(e.e) || (e.list?.some(hasAggregate) ?? false);
    case "between":
      return hasAggregate(e.e) || hasAggregate(e.lo) || hasAggregate(e.hi);
    case "case":
      return (e.operand !== null && hasAggregate(e.operand)) ||
        e.whens.some((w) => hasAggregate(w.when) || hasAggregate(w.then)) ||
        (e.else !== null && hasAggregate(e.else));
    case "interval":
      return hasAggregate(e.amount);
    case "unit_call":
      return hasAggregate(e.a) || hasAggregate(e.b);
    case "trim":
      return hasAggregate(e.e) || (e.remove !== null && hasAggregate(e.remove));
    case "row":
      return e.items.some(hasAggregate);
    default:
      return false;
  }
}

/** True when the query's first SELECT (or any member) uses an aggregate in its select list. */
export function queryHasAggregate(q: Query): boolean {
  return q.body.k === "core" && q.body.items.some((i) => hasAggregate(i.e));
}
