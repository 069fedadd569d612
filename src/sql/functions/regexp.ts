/**
 * REGEXP and the REGEXP_* functions with MySQL 8 (ICU) semantics on JavaScript RegExp:
 * case-insensitive unless a binary string is involved or match_type says 'c'; POSIX bracket
 * classes ([[:alpha:]]) and Spencer word boundaries ([[:<:]], [[:>:]]) are translated;
 * REGEXP_REPLACE uses `$1` back-references and replaces every match by default. SQLite calls
 * `regexp(pattern, text)` for `text REGEXP pattern`. Compiled patterns sit in a bounded cache.
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer } from "./define.ts";
import { charLength } from "./string.ts";
import { int, toSmallInt, toText } from "./values.ts";

const CACHE_LIMIT = 256;
const _cache = new Map<string, RegExp>();

const POSIX: Record<string, string> = {
  alpha: "\\p{L}",
  alnum: "\\p{L}\\p{N}",
  digit: "0-9",
  lower: "\\p{Ll}",
  upper: "\\p{Lu}",
  space: "\\s",
  blank: " \\t",
  punct: "\\p{P}\\p{S}",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\p{Cc}",
  print: "\\P{C}",
  graph: "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}",
  word: "\\w",
};

/** ICU pattern text to a JS `u`-mode source. */
function _translate(p: string): string {
  let out = p.replace(/\[\[:<:\]\]|\[\[:>:\]\]/g, "\\b");
  out = out.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX[name] ?? m);
  // ICU allows escaping any punctuation; JS u-mode only syntax characters.
  out = out.replace(/\\([^A-Za-z0-9])/g, (m, c: string) => "^$\\.*+?()[]{}|/-".includes(c) ? m : c);
  return out;
}

/** Compiles (or reuses) a pattern; throws MySQL's regexp error when it is invalid. */
export function compile(pattern: string, flags: string): RegExp {
  const key = flags + "\u0000" + pattern;
  let re = _cache.get(key);
  if (re !== undefined) return re;
  try {
    re = new RegExp(_translate(pattern), flags + "u");
  } catch {
    try {
      re = new RegExp(pattern, flags); // legacy syntax as a fallback (e.g. `\-` outside classes)
    } catch (e) {
      throw new MysqlError(
        ER.REGEXP_ERROR,
        `Illegal argument to a regular expression: ${(e as Error).message}`,
      );
    }
  }
  if (_cache.size >= CACHE_LIMIT) _cache.delete(_cache.keys().next().value as string);
  _cache.set(key, re);
  return re;
}

/** Flags for a match_type string: c/i case, m multiline, n dot-all; default by binary-ness. */
function _flags(args: SqlValue[], matchType: SqlValue | undefined): string {
  let ci = !args.some((a) => a instanceof Uint8Array);
  let m = "";
  let s = "";
  const mt = matchType === undefined ? "" : toText(matchType) ?? "";
  for (const c of mt) {
    if (c === "c") ci = false;
    else if (c === "i") ci = true;
    else if (c === "m") m = "m";
    else if (c === "n") s = "s";
    else if (c !== "u") {
      throw new MysqlError(ER.WRONG_ARGUMENTS, "Incorrect arguments to regexp_like");
    }
  }
  return (ci ? "i" : "") + m + s;
}

/** UTF-16 index of the 1-based character position `pos` in `s`. */
function _offset(s: string, pos: number): number {
  if (charLength(s) === s.length) return pos - 1;
  let i = 0;
  for (let k = 1; k < pos && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

const _globals = new WeakMap<RegExp, RegExp>();

/** The global-flag twin of a cached pattern (for scanning from an offset). */
function _global(re: RegExp): RegExp {
  let g = _globals.get(re);
  if (g === undefined) {
    g = new RegExp(re.source, re.flags + "g");
    _globals.set(re, g);
  }
  return g;
}

/** The `occurrence`-th match at or after character `pos`, or null. */
function _find(re: RegExp, s: string, pos: number, occurrence: number): RegExpExecArray | null {
  const g = _global(re);
  g.lastIndex = _offset(s, pos);
  let m: RegExpExecArray | null = null;
  for (let k = 0; k < occurrence; k++) {
    m = g.exec(s);
    if (m === null) return null;
    if (m[0] === "") g.lastIndex++;
  }
  return m;
}

/** Registers REGEXP and the REGEXP_* functions (all pure). */
export function registerRegexp(db: DatabaseSync): void {
  const def = definer(db);
  const like = (p: SqlValue, s: SqlValue, flags: string) => {
    const pattern = toText(p);
    const text = toText(s);
    if (pattern === null || text === null) return null;
    return compile(pattern, flags).test(text) ? 1n : 0n;
  };
  def("regexp", (p: SqlValue, s: SqlValue) => like(p, s, _flags([p, s], undefined)));
  def("regexp_binary", (p: SqlValue, s: SqlValue) => like(p, s, ""));
  def("regexp_like", (...a: SqlValue[]) => {
    checkArity("regexp_like", a.length, { min: 2, max: 3 });
    return like(a[1] as SqlValue, a[0] as SqlValue, _flags(a.slice(0, 2), a[2]));
  }, { varargs: true });
  def("regexp_instr", (...a: SqlValue[]) => {
    checkArity("regexp_instr", a.length, { min: 2, max: 6 });
    const s = toText(a[0] as SqlValue);
    const p = toText(a[1] as SqlValue);
    const pos = a.length > 2 ? toSmallInt(a[2] as SqlValue) : 1;
    const occ = a.length > 3 ? toSmallInt(a[3] as SqlValue) : 1;
    const opt = a.length > 4 ? toSmallInt(a[4] as SqlValue) : 0;
    if (s === null || p === null || pos === null || occ === null || opt === null) return null;
    if (pos < 1 || pos > charLength(s) + 1) {
      throw new MysqlError(ER.REGEXP_ERROR, "Index out of bounds in regular expression search");
    }
    const m = _find(compile(p, _flags(a.slice(0, 2), a[5])), s, pos, Math.max(1, occ));
    if (m === null) return 0n;
    const end = opt === 1 ? m.index + m[0].length : m.index;
    return int(charLength(s.slice(0, end)) + 1);
  }, { varargs: true });
  def("regexp_substr", (...a: SqlValue[]) => {
    checkArity("regexp_substr", a.length, { min: 2, max: 5 });
    const s = toText(a[0] as SqlValue);
    const p = toText(a[1] as SqlValue);
    const pos = a.length > 2 ? toSmallInt(a[2] as SqlValue) : 1;
    const occ = a.length > 3 ? toSmallInt(a[3] as SqlValue) : 1;
    if (s === null || p === null || pos === null || occ === null) return null;
    const m = _find(compile(p, _flags(a.slice(0, 2), a[4])), s, Math.max(1, pos), Math.max(1, occ));
    return m === null ? null : m[0];
  }, { varargs: true });
  def("regexp_replace", (...a: SqlValue[]) => {
    checkArity("regexp_replace", a.length, { min: 3, max: 6 });
    const s = toText(a[0] as SqlValue);
    const p = toText(a[1] as SqlValue);
    const r = toText(a[2] as SqlValue);
    const pos = a.length > 3 ? toSmallInt(a[3] as SqlValue) : 1;
    const occ = a.length > 4 ? toSmallInt(a[4] as SqlValue) : 0;
    if (s === null || p === null || r === null || pos === null || occ === null) return null;
    const re = compile(p, _flags(a.slice(0, 2), a[5]));
    const start = _offset(s, Math.max(1, pos));
    const head = s.slice(0, start);
    const tail = s.slice(start);
    const g = _global(re);
    if (occ <= 0) return head + tail.replace(g, r);
    let n = 0;
    return head + tail.replace(g, (...m: unknown[]) => {
      const match = m[0] as string;
      if (++n !== occ) return match;
      const groups = m.slice(1, -2) as (string | undefined)[];
      return r.replace(/\$(\d)/g, (_x, d: string) => groups[Number(d) - 1] ?? "");
    });
  }, { varargs: true });
}
