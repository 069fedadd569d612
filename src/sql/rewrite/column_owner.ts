/**
 * The session-database table a column reference reads, through the FROM lists in scope
 * (innermost first, so correlated references resolve too), by table name or alias, or
 * through a derived table written `SELECT * FROM one_table`. Rewrites that depend on a
 * column's declared type (JSON builders, result types, division scale) start here.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Query, TableRef } from "../parser/ast.ts";
import { leafRefs } from "./table_lookup.ts";

/** The table `parts` (`col`, `t.col` or `db.t.col`) reads in `scopes` (outermost first),
 * or null when unknown or ambiguous. */
export function owningTable(
  em: Emitter,
  parts: string[],
  scopes: readonly TableRef[][] = em.fromScopes,
): string | null {
  if (parts.length === 3) return sameDatabase(em, parts[0]!) ? parts[1]! : null;
  if (parts.length === 2) {
    const alias = parts[0]!.toLowerCase();
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = sources(em, scopes[i]!).find((s) => s.name === alias);
      if (found !== undefined) return found.table;
    }
    return null;
  }
  // A bare name belongs to the innermost query whose tables have it.
  const column = parts[0]!.toLowerCase();
  for (let i = scopes.length - 1; i >= 0; i--) {
    const owners = sources(em, scopes[i]!).filter((s) =>
      s.table !== null &&
      (em.ctx.schema?.columns?.(s.table)?.some((c) => c.toLowerCase() === column) ?? false)
    );
    if (owners.length > 0) return owners.length === 1 ? owners[0]!.table : null;
  }
  return null;
}

interface Source {
  /** The name the FROM list gives it (lower-case). */
  name: string;
  /** The session-database table it reads, or null. */
  table: string | null;
}

function sources(em: Emitter, from: TableRef[]): Source[] {
  return leafRefs(from).map((r) =>
    r.k === "table"
      ? {
        name: (r.alias ?? r.name).toLowerCase(),
        table: r.db === null || sameDatabase(em, r.db) ? r.name : null,
      }
      : { name: r.alias.toLowerCase(), table: r.lateral ? null : starOf(em, r.q) }
  );
}

/** The table of `SELECT *[, more] FROM table ...` (one table, no joins), else null. */
function starOf(em: Emitter, q: Query): string | null {
  const body = q.body;
  if (body.k !== "core" || body.from.length !== 1) return null;
  const from = body.from[0]!;
  if (from.k !== "table" || !body.items.some((i) => i.e.k === "star")) return null;
  return from.db === null || sameDatabase(em, from.db) ? from.name : null;
}

function sameDatabase(em: Emitter, db: string): boolean {
  return db.toLowerCase() === em.sessionDatabase?.toLowerCase();
}
