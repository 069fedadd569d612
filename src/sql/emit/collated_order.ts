/**
 * ORDER BY a text column of a case- and accent-insensitive collation. SQLite's NOCASE folds
 * ASCII only, so 'Éclair' would sort after 'Z'; MySQL's _ci collations sort it with the E's.
 * Such a column is ordered by `mysql_sort_key(col)` (case and accents folded). Only columns of
 * tables of the session's database are known (the translation is then cached per schema
 * version); ordering by a function gives up an index-ordered scan, which only matters for
 * ordered text columns, rarely indexed for ordering.
 *
 * The function costs a JS call per row (100-row sort: 55 → 107 µs, with DISTINCT 77 → 162 µs).
 * For ASCII text NOCASE gives the same order (both fold A-Z only), so a top-level query without
 * LIMIT whose key is also a result column gets a second, native translation: the session runs
 * it and keeps its rows when every key value it returned is ASCII (`sortedNatively`), else runs
 * the exact one. LIMIT rules it out: rows left out of the result could have sorted into it.
 */
import type { SqlValue } from "../../types/values.ts";
import type { Expr, SelectItem, TableRef } from "../parser/ast.ts";
import type { Emitter } from "./emitter.ts";

/**
 * The sort expression for an ORDER BY item of a SELECT over `from`. `selectList` is the
 * select list of the statement's own query when it has no LIMIT (null otherwise): while the
 * emitter writes the native variant (`em.nativeOrder`), a key that is a column of that list is
 * left to NOCASE and its result index recorded.
 */
export function collatedOrderKey(
  em: Emitter,
  e: Expr,
  from: TableRef[],
  text: string,
  selectList: SelectItem[] | null = null,
): string {
  if (e.k !== "col" || from.length === 0) return text;
  const tables = _tables(em, from);
  const source = tables === null ? null : _source(em, tables, e.parts);
  if (source === null) return text;
  const column = e.parts[e.parts.length - 1]!;
  if (!em.ctx.schema?.isCaseInsensitiveText?.(source.name, column)) return text;
  em.collatedOrderKeys++;
  if (em.nativeOrder !== null && selectList !== null) {
    const index = _resultIndex(em, tables!, selectList, source, column);
    if (index >= 0) {
      em.nativeOrder.push(index);
      return text;
    }
  }
  return `mysql_sort_key(${text})`;
}

/**
 * True when rows sorted by NOCASE on `columns` are in MySQL's order: every string value of
 * those columns is ASCII without NUL (NOCASE stops comparing at a NUL). The strings are
 * checked at once: one native encoder pass over their concatenation costs less than a
 * regular expression call per string (100 strings of 120 chars: ~3 µs against ~12 µs).
 */
export function sortedNatively(rows: readonly SqlValue[][], columns: readonly number[]): boolean {
  const strings: string[] = [];
  for (const i of columns) {
    for (const row of rows) {
      const v = row[i];
      if (typeof v === "string") strings.push(v);
    }
  }
  const joined = strings.join("");
  const n = joined.length;
  if (scratch.length < n && n <= MAX_SCRATCH) scratch = new Uint8Array(n);
  const into = scratch.length >= n ? scratch.subarray(0, n) : new Uint8Array(n);
  // A non-ASCII character takes more bytes than chars, so the text cannot all fit in n bytes.
  const { read, written } = encoder.encodeInto(joined, into);
  return read === n && written === n && !joined.includes("\0");
}

const encoder = new TextEncoder();
const MAX_SCRATCH = 1 << 20;
let scratch = new Uint8Array(16 * 1024);

interface Named {
  name: string;
  alias: string | null;
}

/** The tables of `from` in the session's database, or null when there is no schema. */
function _tables(em: Emitter, from: TableRef[]): Named[] | null {
  const current = em.sessionDatabase;
  const schema = em.ctx.schema;
  if (current === null || schema === undefined || schema === null) return null;
  em.usesSchema = true;
  const tables: Named[] = [];
  for (const r of from) _collect(r, current, tables);
  return tables;
}

/** The table entry a column reference belongs to, or null. */
function _source(em: Emitter, tables: Named[], parts: string[]): Named | null {
  if (parts.length >= 2) {
    const qualifier = parts[parts.length - 2]!.toLowerCase();
    return tables.find((t) => (t.alias ?? t.name).toLowerCase() === qualifier) ?? null;
  }
  const column = parts[0]!.toLowerCase();
  const owners = tables.filter((t) =>
    em.ctx.schema?.columns?.(t.name)?.some((c) => c.toLowerCase() === column) ?? false
  );
  return owners.length === 1 ? owners[0]! : null;
}

/** The index of the select item that is the key column itself, or -1. An alias of the key's
 * name anywhere in the list could be what ORDER BY names: no index then. */
function _resultIndex(
  em: Emitter,
  tables: Named[],
  list: SelectItem[],
  source: Named,
  column: string,
): number {
  const name = column.toLowerCase();
  if (list.some((i) => i.alias !== null && i.alias.name.toLowerCase() === name)) return -1;
  return list.findIndex((i) =>
    i.alias === null && i.e.k === "col" &&
    i.e.parts[i.e.parts.length - 1]!.toLowerCase() === name &&
    _source(em, tables, i.e.parts) === source
  );
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
