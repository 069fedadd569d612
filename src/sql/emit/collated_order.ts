/**
 * ORDER BY a text column of a case- and accent-insensitive collation. SQLite's NOCASE folds
 * ASCII only, so 'Éclair' would sort after 'Z'; MySQL's _ci collations sort it with the E's.
 * Such a column is ordered by `mysql_sort_key(col)` (case and accents folded). Only columns of
 * tables of the session's database are known (the translation is then cached per schema
 * version); ordering by a function gives up an index-ordered scan, which only matters for
 * ordered text columns, rarely indexed for ordering.
 *
 * The function costs a JS call per row (100-row sort: 55 → 107 µs, with DISTINCT 77 → 162 µs),
 * and even SQLite's own NOCASE sort doubles a 100-row range read. So a top-level query without
 * LIMIT whose keys are all such columns of its result gets a second translation without ORDER
 * BY (`rowOrder`): the session runs it and sorts the rows itself (`orderRows`, the same order
 * as SQLite sorting by the key). LIMIT rules it out: rows left out could have sorted into it.
 *
 * An ENUM or SET column sorts by its number, as MySQL's do: an ENUM by its member's position
 * (`'low'` before `'high'` when declared so), a SET by the bits of its members
 * (rewrite/member_numbers.ts).
 */
import type { SqlValue } from "../../types/values.ts";
import type { Expr, Query, SelectItem, TableRef } from "../parser/ast.ts";
import { foldCase } from "../functions/values.ts";
import { columnMembers, memberNumber } from "../rewrite/member_numbers.ts";
import { resolveOrderBy } from "../rewrite/order_by_names.ts";
import { leafRefs } from "../rewrite/table_lookup.ts";
import type { RowOrder, RowOrderKey } from "../statement.ts";
import type { Emitter } from "./emitter.ts";

/** The sort expression for an ORDER BY item of a SELECT over `from`. */
export function collatedOrderKey(em: Emitter, e: Expr, from: TableRef[], text: string): string {
  // Only the query's own FROM list: a compound's ORDER BY (none given) sorts its result.
  const members = from.length === 0 ? null : columnMembers(em, e, [from]);
  if (members !== null) return memberNumber(text, members);
  return _collatedColumn(em, e, from) === null ? text : `mysql_sort_key(${text})`;
}

/**
 * The statement's own query `q` without its ORDER BY, and the result columns to sort its rows
 * by, when every ORDER BY key is a _ci text column of the result and there is no LIMIT; null
 * otherwise (or when dropping ORDER BY would change the parameters: `sources` are the exact
 * statement's). When the keys are the whole result of a DISTINCT, DISTINCT goes too: SQLite's
 * DISTINCT of a NOCASE column costs as much as the range read (100 rows: 28 → 68 µs).
 */
export function rowOrder(em: Emitter, q: Query, sources: unknown[]): RowOrder | null {
  const core = q.body;
  if (core.k !== "core" || q.orderBy.length === 0 || q.limit !== null || core.calcFoundRows) {
    return null;
  }
  const keys: RowOrderKey[] = [];
  for (const item of resolveOrderBy(core, q.orderBy)) {
    const key = _collatedColumn(em, item.e, core.from);
    const column = key === null
      ? -1
      : _resultIndex(em, key.tables, core.items, key.source, key.column);
    if (column < 0) return null;
    keys.push({ column, desc: item.desc });
  }
  const distinct = core.distinct && core.items.every((_, i) => keys.some((k) => k.column === i));
  const body = distinct ? { ...core, distinct: false } : core;
  const unordered = em.compile(em.query({ ...q, body, orderBy: [] }));
  if (JSON.stringify(unordered.sources) !== JSON.stringify(sources)) return null;
  return { sql: unordered.sql, keys, distinct };
}

/**
 * The rows of `order.sql` as the exact statement returns them: sorted as SQLite sorts by
 * `mysql_sort_key` of the key columns (NULL first, then numbers, then text by its folded code
 * points, then blobs; ties keep their order), and with `order.distinct` rows equal under NOCASE
 * (SQLite's DISTINCT of these columns) left out after the first. Sorts `rows` in place.
 */
export function orderRows(rows: SqlValue[][], order: RowOrder): SqlValue[][] {
  if (rows.length < 2) return rows;
  const keys = order.keys;
  const compare = (a: SqlValue[], b: SqlValue[]): number => {
    for (let k = 0; k < keys.length; k++) {
      const { column, desc } = keys[k]!;
      const c = compareFolded(a[column]!, b[column]!);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
  if (!_sortByPrefix(rows, keys[0]!, compare)) rows.sort(compare);
  return order.distinct ? _distinct(rows, compare) : rows;
}

/** Up to this many rows sort by a packed number first: prefix * MAX_PACKED_ROWS + index. */
const MAX_PACKED_ROWS = 4096;
const PREFIX_CHARS = 5;
/** Past the largest prefix: a 1 bit (so that NULL, 0, sorts first), then 8 bits a character
 * (the code + 1, 0 past the end): 41 bits, 53 with the index, a double's exact integers. */
const PREFIX_END = 2 ** (8 * PREFIX_CHARS + 1);

/**
 * Sorts by the first key's first characters with the typed array's native sort (V8's sort with
 * a comparator costs ~40 ns a comparison: 100 rows ~20 µs), then each run of equal prefixes by
 * `compare`. False (rows untouched) when a first-key value is not NULL or ASCII-prefixed text.
 */
function _sortByPrefix(
  rows: SqlValue[][],
  first: RowOrderKey,
  compare: (a: SqlValue[], b: SqlValue[]) => number,
): boolean {
  const n = rows.length;
  if (n > MAX_PACKED_ROWS) return false;
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = rows[i]![first.column];
    let prefix = 0;
    if (typeof v === "string") {
      prefix = 1;
      for (let c = 0; c < PREFIX_CHARS; c++) {
        let unit = c < v.length ? v.charCodeAt(c) + 1 : 0;
        if (unit > 0x80) return false;
        if (unit > 0x41 && unit <= 0x5b) unit += 0x20;
        prefix = prefix * 256 + unit;
      }
    } else if (v !== null) {
      return false;
    }
    if (first.desc) prefix = PREFIX_END - 1 - prefix;
    packed[i] = prefix * MAX_PACKED_ROWS + i;
  }
  packed.sort();
  const unsorted = rows.slice();
  for (let i = 0; i < n; i++) rows[i] = unsorted[packed[i]! % MAX_PACKED_ROWS]!;
  for (let start = 0; start < n;) {
    const prefix = Math.floor(packed[start]! / MAX_PACKED_ROWS);
    let end = start + 1;
    while (end < n && Math.floor(packed[end]! / MAX_PACKED_ROWS) === prefix) end++;
    if (end - start > 1) rows.splice(start, end - start, ...rows.slice(start, end).sort(compare));
    start = end;
  }
  return true;
}

/** Sorted `rows` without those equal under NOCASE to an earlier row of their run of ties. */
function _distinct(
  rows: SqlValue[][],
  compare: (a: SqlValue[], b: SqlValue[]) => number,
): SqlValue[][] {
  const out: SqlValue[][] = [rows[0]!];
  let run = 0;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (compare(out[run]!, row) !== 0) run = out.length;
    else if (out.slice(run).some((kept) => _sameRow(kept, row))) continue;
    out.push(row);
  }
  return out;
}

/** Equal as SQLite's DISTINCT compares NOCASE columns: text equal but for ASCII case. */
function _sameRow(a: SqlValue[], b: SqlValue[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === "string" && typeof y === "string") {
      if (!_sameNocase(x, y)) return false;
    } else if (compareFolded(x, y) !== 0) {
      return false;
    }
  }
  return true;
}

/** The order of `mysql_sort_key(a)` and `mysql_sort_key(b)` in SQLite: < 0, 0 or > 0. */
export function compareFolded(a: SqlValue, b: SqlValue): number {
  if (typeof a === "string" && typeof b === "string") return _compareText(a, b);
  const ra = _rank(a);
  const rb = _rank(b);
  if (ra !== rb) return ra - rb;
  if (a instanceof Uint8Array) return _compareBytes(a, b as Uint8Array);
  if (a === null) return 0;
  return a < b! ? -1 : a > b! ? 1 : 0;
}

/** NOCASE equality: only A-Z fold. */
function _sameNocase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return false;
  }
  return true;
}

/** SQLite's storage class order: NULL, numbers, text, blobs. */
function _rank(v: SqlValue): number {
  if (v === null) return 0;
  if (typeof v === "string") return 2;
  return v instanceof Uint8Array ? 3 : 1;
}

/**
 * foldCase(a) against foldCase(b) by code point (SQLite compares the keys' UTF-8 bytes), without
 * folding: while both sides are ASCII, the folds are the characters lower-cased; the first
 * non-ASCII difference compares the folds of the whole strings.
 */
function _compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x | y) >= 0x80) return _compareCodePoints(foldCase(a), foldCase(b));
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Code point order of two strings (UTF-16 order puts U+E000-U+FFFF after astral ones). */
function _compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return _codePointRank(x) - _codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (astral code points) after U+E000-U+FFFF, as their code points sort. */
function _codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function _compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** A _ci text column of a table of `from` that `e` names, or null. */
function _collatedColumn(
  em: Emitter,
  e: Expr,
  from: TableRef[],
): { tables: Named[]; source: Named; column: string } | null {
  if (e.k !== "col" || from.length === 0) return null;
  const tables = _tables(em, from);
  const source = tables === null ? null : _source(em, tables, e.parts);
  if (source === null) return null;
  const column = e.parts[e.parts.length - 1]!;
  if (!em.ctx.schema?.isCaseInsensitiveText?.(source.name, column)) return null;
  if (em.ctx.enumMembers?.(source.name, column)) return null; // sorted by number
  return { tables: tables!, source, column };
}

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
  for (const r of leafRefs(from)) {
    if (r.k === "table" && (r.db === null || r.db.toLowerCase() === current.toLowerCase())) {
      tables.push({ name: r.name, alias: r.alias });
    }
  }
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
