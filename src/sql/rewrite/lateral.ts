/**
 * LATERAL derived tables (MySQL 8.0.14+; drizzle-orm's relational queries use them). SQLite has
 * no LATERAL, but a table-valued function in FROM may take columns of the tables left of it, so
 * `LATERAL (q) AS x` becomes
 * `json_each((SELECT json_group_array(json_array(cols...)) FROM (q))) AS x`: one json_each row
 * per row of `q`, evaluated for each row of the tables before it, with LEFT JOIN / ON keeping
 * their meaning. `x.col` reads `json_extract(x.value, '$[i]')`. Values travel as JSON, so
 * numbers, text and NULL keep their value and a BLOB column fails (SQLite's JSON holds none);
 * json_each's own columns (`id`, `key`, `value`, `type`, ...) make those names ambiguous when
 * written unqualified next to a LATERAL.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { Emitter } from "../emit/emitter.ts";
import type { Query, QueryBody, TableRef } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { leafRefs } from "./table_lookup.ts";

type Derived = TableRef & { k: "derived" };

/** Scope of LATERAL aliases (lower-case) → their column names, for column references. */
export type LateralScope = Map<string, string[]>;

/** Writes a LATERAL derived table as a json_each over the rows of its query. */
export function emitLateral(em: Emitter, r: Derived): string {
  const row = lateralColumns(em, r).map((n) => `"__lateral".${em.ident(n)}`).join(", ");
  const rows = em.tableRef({ k: "derived", q: r.q, alias: "__lateral", columns: r.columns });
  return `json_each((SELECT json_group_array(json_array(${row})) FROM ${rows})) AS ${
    em.ident(r.alias)
  }`;
}

/** Enters the scope of a SELECT's FROM list: its LATERAL aliases are added, and names its other
 * tables take hide outer LATERAL aliases. Returns the scope to restore afterwards. */
export function enterLateralScope(em: Emitter, from: TableRef[]): LateralScope | null {
  const outer = em.laterals;
  const leaves = leafRefs(from);
  if (outer === null && !leaves.some((r) => r.k === "derived" && r.lateral)) return outer;
  const scope: LateralScope = new Map(outer ?? []);
  for (const r of leaves) {
    if (r.k === "table") scope.delete((r.alias ?? r.name).toLowerCase());
    else if (r.lateral) scope.set(r.alias.toLowerCase(), lateralColumns(em, r));
    else scope.delete(r.alias.toLowerCase());
  }
  em.laterals = scope.size > 0 ? scope : null;
  return outer;
}

/** `alias.col` of a LATERAL table in scope, or null for any other reference. */
export function lateralColumn(em: Emitter, parts: string[]): string | null {
  if (em.laterals === null || parts.length !== 2) return null;
  const columns = em.laterals.get(parts[0]!.toLowerCase());
  if (columns === undefined) return null;
  const name = parts[1]!.toLowerCase();
  const i = columns.findIndex((c) => c.toLowerCase() === name);
  if (i < 0) {
    throw new MysqlError(ER.BAD_FIELD, `Unknown column '${parts.join(".")}' in 'field list'`);
  }
  return `json_extract(${em.ident(parts[0]!)}."value", '$[${i}]')`;
}

/** `alias.*` of a LATERAL table in scope, or null. */
export function lateralStar(em: Emitter, parts: string[]): string | null {
  if (em.laterals === null || parts.length !== 1) return null;
  const columns = em.laterals.get(parts[0]!.toLowerCase());
  if (columns === undefined) return null;
  return columns.map((c) => `${lateralColumn(em, [parts[0]!, c])} AS ${em.ident(c)}`).join(", ");
}

/** The column names of a LATERAL table: its column list, else its first SELECT's names. */
function lateralColumns(em: Emitter, r: Derived): string[] {
  if (r.columns !== null) return r.columns;
  return firstCore(r.q).items.map((item) => {
    if (item.alias !== null) return item.alias.name;
    if (item.e.k === "col") return item.e.parts[item.e.parts.length - 1]!;
    if (item.e.k === "star") throw unsupported("* in a LATERAL derived table");
    const name = em.sourceName(item.start, item.end);
    if (name === null) throw unsupported("an unnamed literal in a LATERAL derived table");
    return name;
  });
}

function firstCore(q: Query): QueryBody & { k: "core" } {
  let body = q.body;
  while (body.k !== "core") body = body.k === "setop" ? body.left : body.q.body;
  return body;
}
