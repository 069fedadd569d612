/**
 * MySQL's JSON builders nest a JSON column's document (`JSON_OBJECT('a', doc)` gives
 * `{"a": {...}}`), but the column's value is plain text in SQLite, which json_object() and
 * json_array() embed as a string. A column reference given to them as a value is wrapped in
 * `json(...)` when it resolves to a JSON column of the session's database: through the FROM lists
 * of the queries being written (innermost first, so correlated references resolve too), by
 * table name or alias, or through a derived table written `SELECT * FROM one_table` (drizzle's
 * relational queries select relations that way).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr, Query, TableRef } from "../parser/ast.ts";
import { leafRefs } from "./table_lookup.ts";

/** Value positions of the JSON builders SQLite implements: every argument, odd ones (after
 * each key), or the ones after each path. */
const VALUE_ARGS: Record<string, (i: number) => boolean> = {
  JSON_ARRAY: () => true,
  JSON_ARRAYAGG: () => true,
  JSON_OBJECT: (i) => i % 2 === 1,
  JSON_OBJECTAGG: (i) => i === 1,
  JSON_SET: (i) => i > 0 && i % 2 === 0,
  JSON_INSERT: (i) => i > 0 && i % 2 === 0,
  JSON_REPLACE: (i) => i > 0 && i % 2 === 0,
};

/** The call with its JSON-column value arguments wrapped in json(), or the call itself. */
export function withJsonColumnValues(
  em: Emitter,
  e: Extract<Expr, { k: "call" }>,
): Extract<Expr, { k: "call" }> {
  const isValue = VALUE_ARGS[e.name];
  if (isValue === undefined || !e.args.some((a, i) => isValue(i) && a.k === "col")) return e;
  const args = e.args.map((a, i): Expr =>
    isValue(i) && a.k === "col" && isJsonColumn(em, a.parts)
      ? { k: "call", name: "json", args: [a], distinct: false, star: false, over: null }
      : a
  );
  return { ...e, args };
}

function isJsonColumn(em: Emitter, parts: string[]): boolean {
  const schema = em.ctx.schema;
  if (schema?.isJsonColumn === undefined || em.sessionDatabase === null) return false;
  em.usesSchema = true;
  const column = parts[parts.length - 1]!;
  const table = owningTable(em, parts);
  return table !== null && schema.isJsonColumn(table, column);
}

/** The session-database table a column reference reads, or null when unknown. */
function owningTable(em: Emitter, parts: string[]): string | null {
  if (parts.length === 3) return sameDatabase(em, parts[0]!) ? parts[1]! : null;
  const scopes = em.fromScopes;
  if (parts.length === 2) {
    const alias = parts[0]!.toLowerCase();
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = named(em, scopes[i]!, alias);
      if (found !== undefined) return found;
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

/** The source named `alias` in a FROM list: its table, null (not a plain table), or
 * undefined when the list has no such name. */
function named(em: Emitter, from: TableRef[], alias: string): string | null | undefined {
  return sources(em, from).find((s) => s.name === alias)?.table;
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
