/**
 * HAVING without GROUP BY. MySQL accepts it everywhere; SQLite only in aggregate queries.
 * Without any aggregate it is a filter: it joins the WHERE (`filter`). With aggregates only in
 * HAVING, `GROUP BY NULL` makes the whole table one group (differs from MySQL only on an empty
 * table).
 *
 * Names in HAVING: MySQL looks a bare name up in the select list first, SQLite in the tables
 * first. Connector/J's `getTables` filters `CASE ... END AS TABLE_TYPE` with
 * `HAVING TABLE_TYPE IN ('TABLE', ...)` over information_schema's own TABLE_TYPE column, so
 * `havingAliases` gives the select items a bare HAVING name stands for.
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

/** An aggregate call (outside a window): its arguments are read row by row. */
export function isAggregateCall(e: Expr): boolean {
  return (e.k === "call" && AGGREGATES.has(e.name)) || e.k === "group_concat";
}

export interface HavingResolution {
  groupBy: OrderItem[];
  /** The HAVING condition is a plain filter: it joins the WHERE. */
  filter: boolean;
}

export function resolveHaving(core: SelectCore): HavingResolution {
  const { having, groupBy } = core;
  const kept = { groupBy, filter: false };
  if (having === null || groupBy.length > 0) return kept;
  if (core.items.some((i) => hasAggregate(i.e))) return kept;
  if (hasAggregate(having)) return { groupBy: [{ e: { k: "null" }, desc: false }], filter: false };
  return { groupBy, filter: true };
}

/** Select aliases (lower-case) a bare name in HAVING stands for, or null when none. */
export function havingAliases(core: SelectCore): Map<string, Expr> | null {
  if (core.having === null) return null;
  let aliases: Map<string, Expr> | null = null;
  for (const item of core.items) {
    if (item.alias === null) continue;
    const name = item.alias.name.toLowerCase();
    // An alias of the column of the same name changes nothing.
    const e = item.e;
    if (e.k === "col" && e.parts[e.parts.length - 1]!.toLowerCase() === name) continue;
    aliases ??= new Map();
    if (!aliases.has(name)) aliases.set(name, e);
  }
  return aliases;
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
    case "assign":
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
