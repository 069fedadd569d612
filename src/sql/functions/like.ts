/**
 * LIKE as MySQL's case- and accent-insensitive collations compare (utf8mb4_general_ci,
 * unicode_520_ci, 0900_ai_ci): 'CRÈME' LIKE '%creme%' is true. SQLite's own LIKE folds ASCII
 * only, so `like(pattern, value[, escape])` is overridden on every connection (SQLite calls it
 * for `value LIKE pattern`). That also turns off SQLite's LIKE-prefix index optimisation:
 * prefix LIKEs scan instead of seeking, which WordPress-sized tables absorb. Binary values
 * (BLOBs, `BINARY` operands) compare byte for byte, case-sensitively. MySQL's default escape
 * character, backslash, applies when no ESCAPE is given.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { definer } from "./define.ts";
import { foldCase, toText } from "./values.ts";

const CACHE_LIMIT = 256;
const _cache = new Map<string, RegExp>();

/** `s LIKE pattern ESCAPE escape` under the case- and accent-insensitive collation. */
export function likeMatch(s: string, pattern: string, escape: string): boolean {
  return _compiled(pattern, escape, true).test(foldCase(s));
}

/** Registers the `like` override (2 and 3 arguments) and `mysql_sort_key(text)`, the key
 * ORDER BY uses for text columns of the _ci collations (case and accents folded). */
export function registerLike(db: DatabaseSync): void {
  const def = definer(db);
  def("mysql_sort_key", (v: SqlValue) => typeof v === "string" ? foldCase(v) : v);
  def("like", (p: SqlValue, v: SqlValue) => _like(p, v, "\\"));
  def("like", (p: SqlValue, v: SqlValue, e: SqlValue) => _like(p, v, toText(e) ?? "\\"));
}

function _like(p: SqlValue, v: SqlValue, escape: string): SqlValue {
  if (p === null || v === null) return null;
  if (p instanceof Uint8Array || v instanceof Uint8Array) {
    const bytes = (x: SqlValue) => x instanceof Uint8Array ? _latin1(x) : toText(x) ?? "";
    return _compiled(bytes(p), escape, false).test(bytes(v)) ? 1n : 0n;
  }
  return likeMatch(toText(v) ?? "", toText(p) ?? "", escape) ? 1n : 0n;
}

/** Bytes as one char each, so a binary comparison is a plain string match. */
function _latin1(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

function _compiled(pattern: string, escape: string, fold: boolean): RegExp {
  const key = `${fold ? "f" : "b"}${escape}\u0000${pattern}`;
  let re = _cache.get(key);
  if (re === undefined) {
    re = _likeRegExp(fold ? foldCase(pattern) : pattern, escape);
    if (_cache.size >= CACHE_LIMIT) _cache.delete(_cache.keys().next().value!);
    _cache.set(key, re);
  }
  return re;
}

function _likeRegExp(pattern: string, escape: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === escape && i + 1 < pattern.length) {
      re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(re + "$", "u");
}
