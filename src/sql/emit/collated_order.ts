/**
 * ORDER BY a text column of a case- and accent-insensitive collation. SQLite's NOCASE folds
 * ASCII only, so 'Éclair' would sort after 'Z'; MySQL's _ci collations sort it with the E's.
 * Such a column is ordered by `mysql_sort_key(col)` (case and accents folded). Only columns of
 * tables of the session's database are known (the translation is then cached per schema
 * version); ordering by a function gives up an index-ordered scan, which only matters for
 * ordered text columns, rarely indexed for ordering.
 */
import type { Expr, TableRef } from "../parser/ast.ts";
import type { Emitter } from "./emitter.ts";

/** The sort expression for an ORDER BY item of a SELECT over `from`. */
export function collatedOrderKey(em: Emitter, e: Expr, from: TableRef[], text: string): string {
  if (e.k !== "col" || from.length === 0) return text;
  const table = _tableOf(em, e.parts, from);
  if (table === null) return text;
  const column = e.parts[e.parts.length - 1]!;
  return em.ctx.schema?.isCaseInsensitiveText?.(table, column) ? `mysql_sort_key(${text})` : text;
}

interface Named {
  name: string;
  alias: string | null;
}

/** The table of the session's database a column reference belongs to, or null. */
function _tableOf(em: Emitter, parts: string[], from: TableRef[]): string | null {
  const current = em.sessionDatabase;
  const schema = em.ctx.schema;
  if (current === null || schema === undefined || schema === null) return null;
  em.usesSchema = true;
  const tables: Named[] = [];
  for (const r of from) _collect(r, current, tables);
  if (parts.length >= 2) {
    const qualifier = parts[parts.length - 2]!.toLowerCase();
    const t = tables.find((t) => (t.alias ?? t.name).toLowerCase() === qualifier);
    return t?.name ?? null;
  }
  const column = parts[0]!.toLowerCase();
  const owners = tables.filter((t) =>
    schema.columns?.(t.name)?.some((c) => c.toLowerCase() === column) ?? false
  );
  return owners.length === 1 ? owners[0]!.name : null;
}

function _collect(r: TableRef, current: string, out: Named[]): void {
  switch (r.k) {
    case "table":
      if (r.db === null || r.db.toLowerCase() === current.toLowerCase()) {
        out.push({ name: r.name, alias: r.alias });
      }
      return;
    case "join":
      _collect(r.left, current, out);
      _collect(r.right, current, out);
      return;
    case "group":
      for (const x of r.refs) _collect(x, current, out);
      return;
    case "derived":
      return;
  }
}
