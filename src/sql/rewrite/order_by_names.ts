/**
 * ORDER BY name: MySQL looks a bare name up in the select list first, so
 * `SELECT t1.name FROM t1 JOIN t2 ... ORDER BY name` sorts by t1.name even when t2 has a
 * `name` column too; SQLite reports "ambiguous column name". A bare ORDER BY name that matches
 * the column of exactly one unaliased qualified select item is replaced by that item. A name
 * that is the alias of one select item that is a plain column is replaced by that column.
 */
import type { Expr, OrderItem, SelectCore } from "../parser/ast.ts";

export function resolveOrderBy(core: SelectCore, orderBy: OrderItem[]): OrderItem[] {
  if (orderBy.length === 0) return orderBy;
  return orderBy.map((item) => {
    const e = item.e;
    if (e.k !== "col" || e.parts.length !== 1) return item;
    const name = e.parts[0]!.toLowerCase();
    const aliased = core.items.filter((i) =>
      i.alias !== null && i.alias.name.toLowerCase() === name
    );
    if (aliased.length > 0) {
      // The alias of a plain column is that column (sorted by its collation or ENUM order).
      const only = aliased.length === 1 ? aliased[0]!.e : null;
      return only !== null && only.k === "col" ? { e: only, desc: item.desc } : item;
    }
    const matches = core.items.filter((i) =>
      i.alias === null && i.e.k === "col" && i.e.parts.length > 1 &&
      i.e.parts[i.e.parts.length - 1]!.toLowerCase() === name
    );
    if (matches.length !== 1) return item;
    return { e: matches[0]!.e as Expr, desc: item.desc };
  });
}
