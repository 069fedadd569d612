/**
 * String functions on characters (code points, not UTF-16 units): CONCAT, CONCAT_WS, SUBSTRING,
 * LEFT, RIGHT, LOCATE/INSTR, LPAD/RPAD, REPEAT, REVERSE, INSERT, TRIM … Searches that MySQL does
 * under the connection's case-insensitive collation (LOCATE, INSTR, FIND_IN_SET, FIELD, STRCMP)
 * fold case and accents; REPLACE and SUBSTRING_INDEX stay case-sensitive as in MySQL.
 * Overrides SQLite's builtins where MySQL differs: concat, concat_ws, length, substr, substring,
 * instr, lower, upper, and the one-argument trim, ltrim, rtrim.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer } from "./define.ts";
import {
  bytesToValue,
  compareValues,
  foldCase,
  int,
  isNumeric,
  toBytes,
  toNumber,
  toSmallInt,
  toText,
  utf8Length,
} from "./values.ts";

/** Longest string a function builds (MySQL's max_allowed_packet); longer results are NULL. */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code points of a string when it has any outside the BMP, else null (indices are chars). */
function _wide(s: string): string[] | null {
  return SURROGATE.test(s) ? Array.from(s) : null;
}

/** Number of characters. */
export function charLength(s: string): number {
  const w = _wide(s);
  return w === null ? s.length : w.length;
}

/** The first `n` characters. */
export function charPrefix(s: string, n: number): string {
  return _slice(s, 0, n);
}

/** Characters [from, to) (0-based). */
function _slice(s: string, from: number, to?: number): string {
  const w = _wide(s);
  return w === null ? s.slice(from, to) : w.slice(from, to).join("");
}

/** SUBSTRING(s, pos[, len]) on characters: pos 0 gives '', negative pos counts from the end. */
function _substring(s: string, pos: number, len: number | undefined): string {
  const n = charLength(s);
  if (pos === 0 || (len !== undefined && len <= 0)) return "";
  const start = pos > 0 ? pos - 1 : n + pos;
  if (start < 0 || start >= n) return "";
  return _slice(s, start, len === undefined ? undefined : Math.min(n, start + len));
}

function _substringBytes(b: Uint8Array, pos: number, len: number | undefined): Uint8Array {
  const n = b.length;
  if (pos === 0 || (len !== undefined && len <= 0)) return new Uint8Array(0);
  const start = pos > 0 ? pos - 1 : n + pos;
  if (start < 0 || start >= n) return new Uint8Array(0);
  return b.subarray(start, len === undefined ? n : Math.min(n, start + len));
}

/** LOCATE(needle, hay, pos): 1-based character position, case-insensitive; 0 if absent. */
function _locate(needle: string, hay: string, pos: number): number {
  const n = charLength(hay);
  if (pos < 1 || pos > n + 1) return 0;
  if (needle === "") return pos;
  const h = foldCase(hay);
  const x = foldCase(needle);
  const w = _wide(h);
  if (w === null) {
    const i = h.indexOf(x, pos - 1);
    return i < 0 ? 0 : i + 1;
  }
  const from = w.slice(0, pos - 1).join("").length;
  const i = h.indexOf(x, from);
  return i < 0 ? 0 : charLength(h.slice(0, i)) + 1;
}

function _pad(s: string, len: number, pad: string, left: boolean): string | null {
  const n = charLength(s);
  if (len < 0 || len > MAX_STRING_LENGTH) return null;
  if (len <= n) return _slice(s, 0, len);
  if (pad === "") return null;
  const need = len - n;
  const pw = Array.from(pad);
  let fill = pad.repeat(Math.floor(need / pw.length));
  fill += pw.slice(0, need % pw.length).join("");
  return left ? fill + s : s + fill;
}

const COMBINING_TAIL = /^.\p{M}+$/u;

/** One character per code point through a case mapping, as MySQL maps them: a mapping that
 * adds characters keeps the original ('ß' stays 'ß' in UPPER) unless the extra characters are
 * combining marks, which are dropped ('İ' lowers to 'i'). */
function _mapCase(s: string, upper: boolean): string {
  const m = upper ? s.toUpperCase() : s.toLowerCase();
  if (m.length === s.length) return m;
  let out = "";
  for (const ch of s) {
    const c = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (c.length === ch.length) out += c;
    else out += COMBINING_TAIL.test(c) ? String.fromCodePoint(c.codePointAt(0) as number) : ch;
  }
  return out;
}

function _trim(s: string, rem: string, leading: boolean, trailing: boolean): string {
  if (rem === "") return s;
  let start = 0;
  let end = s.length;
  if (leading) { while (s.startsWith(rem, start)) start += rem.length; }
  if (trailing) { while (end - rem.length >= start && s.endsWith(rem, end)) end -= rem.length; }
  return s.slice(start, end);
}

/** Wraps a function of text arguments: any NULL argument gives NULL. */
function _text1(fn: (s: string) => SqlValue) {
  return (a: SqlValue) => {
    const s = toText(a);
    return s === null ? null : fn(s);
  };
}

/** Registers the character-string functions (all pure). */
export function registerString(db: DatabaseSync): void {
  const def = definer(db);
  def("concat", (...a: SqlValue[]) => {
    checkArity("concat", a.length, { min: 1 });
    let out = "";
    let binary = false;
    for (const v of a) {
      if (v === null) return null;
      if (v instanceof Uint8Array) binary = true;
    }
    if (binary) {
      const parts = a.map((v) => toBytes(v) as Uint8Array);
      const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        buf.set(p, o);
        o += p.length;
      }
      return bytesToValue(buf);
    }
    for (const v of a) out += toText(v);
    return out;
  }, { varargs: true });
  def("concat_ws", (...a: SqlValue[]) => {
    checkArity("concat_ws", a.length, { min: 2 });
    const sep = toText(a[0] as SqlValue);
    if (sep === null) return null;
    let out = "";
    let first = true;
    for (let i = 1; i < a.length; i++) {
      const s = toText(a[i] as SqlValue);
      if (s === null) continue;
      out += first ? s : sep + s;
      first = false;
    }
    return out;
  }, { varargs: true });
  for (const name of ["substring", "substr", "mid"]) {
    def(name, (...a: SqlValue[]) => {
      checkArity(name, a.length, { min: 2, max: 3 });
      const v = a[0] as SqlValue;
      const pos = toSmallInt(a[1] as SqlValue);
      const len = a.length === 3 ? toSmallInt(a[2] as SqlValue) : undefined;
      if (v === null || pos === null || len === null) return null;
      if (v instanceof Uint8Array) return _substringBytes(v, pos, len);
      return _substring(toText(v) as string, pos, len);
    }, { varargs: true });
  }
  def("substring_index", (a: SqlValue, b: SqlValue, c: SqlValue) => {
    const s = toText(a);
    const delim = toText(b);
    const count = toSmallInt(c);
    if (s === null || delim === null || count === null) return null;
    if (delim === "" || count === 0) return "";
    if (count > 0) {
      let i = -delim.length;
      for (let k = 0; k < count; k++) {
        i = s.indexOf(delim, i + delim.length);
        if (i < 0) return s;
      }
      return s.slice(0, i);
    }
    let i = s.length;
    for (let k = 0; k < -count; k++) {
      if (i - delim.length < 0) return s;
      i = s.lastIndexOf(delim, i - delim.length);
      if (i < 0) return s;
    }
    return s.slice(i + delim.length);
  });
  def("mysql_member_position", (v: SqlValue, members: SqlValue, set: SqlValue) => {
    const text = toText(v);
    if (text === null) return null;
    const folded = _memberKeys(toText(members) ?? "[]");
    if (set !== 1n) return int(folded.indexOf(foldCase(text)) + 1);
    let bits = 0n;
    if (text === "") return bits;
    for (const item of text.split(",")) {
      const at = folded.indexOf(foldCase(item));
      if (at >= 0) bits |= 1n << BigInt(at);
    }
    return bits;
  });
  def("find_in_set", (a: SqlValue, b: SqlValue) => {
    const x = toText(a);
    const list = toText(b);
    if (x === null || list === null) return null;
    if (x.includes(",") || list === "") return 0n;
    const key = foldCase(x);
    const items = list.split(",");
    for (let i = 0; i < items.length; i++) {
      if (foldCase(items[i] as string) === key) return int(i + 1);
    }
    return 0n;
  });
  for (const [name, left] of [["lpad", true], ["rpad", false]] as const) {
    def(name, (a: SqlValue, b: SqlValue, c: SqlValue) => {
      const s = toText(a);
      const len = toSmallInt(b);
      const pad = toText(c);
      if (s === null || len === null || pad === null) return null;
      return _pad(s, len, pad, left);
    });
  }
  def("locate", (...a: SqlValue[]) => {
    checkArity("locate", a.length, { min: 2, max: 3 });
    const needle = toText(a[0] as SqlValue);
    const hay = toText(a[1] as SqlValue);
    const pos = a.length === 3 ? toSmallInt(a[2] as SqlValue) : 1;
    if (needle === null || hay === null || pos === null) return null;
    return int(_locate(needle, hay, pos));
  }, { varargs: true });
  def("instr", (a: SqlValue, b: SqlValue) => {
    const hay = toText(a);
    const needle = toText(b);
    return hay === null || needle === null ? null : int(_locate(needle, hay, 1));
  });
  const charLen = (v: SqlValue) =>
    v === null
      ? null
      : v instanceof Uint8Array
      ? int(v.length)
      : int(charLength(toText(v) as string));
  def("char_length", charLen);
  def("character_length", charLen);
  const byteLen = (v: SqlValue) =>
    v === null
      ? null
      : v instanceof Uint8Array
      ? int(v.length)
      : int(utf8Length(toText(v) as string));
  def("length", byteLen);
  def("octet_length", byteLen);
  def("bit_length", (v: SqlValue) => {
    const n = byteLen(v);
    return n === null ? null : n * 8n;
  });
  def("field", (...a: SqlValue[]) => {
    checkArity("field", a.length, { min: 2 });
    const x = a[0] as SqlValue;
    if (x === null) return 0n;
    const allText = a.every((v) => v === null || !isNumeric(v));
    for (let i = 1; i < a.length; i++) {
      const v = a[i] as SqlValue;
      if (v === null) continue;
      const eq = allText ? compareValues(x, v) === 0 : compareValues(_num(x), _num(v)) === 0;
      if (eq) return int(i);
    }
    return 0n;
  }, { varargs: true });
  def("elt", (...a: SqlValue[]) => {
    checkArity("elt", a.length, { min: 2 });
    const n = toSmallInt(a[0] as SqlValue);
    if (n === null || n < 1 || n >= a.length) return null;
    return a[n] as SqlValue;
  }, { varargs: true });
  def("left", (a: SqlValue, b: SqlValue) => {
    const s = toText(a);
    const n = toSmallInt(b);
    return s === null || n === null ? null : n <= 0 ? "" : _slice(s, 0, n);
  });
  def("right", (a: SqlValue, b: SqlValue) => {
    const s = toText(a);
    const n = toSmallInt(b);
    if (s === null || n === null) return null;
    if (n <= 0) return "";
    const len = charLength(s);
    return n >= len ? s : _slice(s, len - n);
  });
  def("reverse", _text1((s) => Array.from(s).reverse().join("")));
  def("repeat", (a: SqlValue, b: SqlValue) => {
    const s = toText(a);
    const n = toSmallInt(b);
    if (s === null || n === null) return null;
    if (n <= 0 || s === "") return "";
    return s.length * n > MAX_STRING_LENGTH ? null : s.repeat(n);
  });
  def("space", (a: SqlValue) => {
    const n = toSmallInt(a);
    if (n === null) return null;
    return n <= 0 ? "" : n > MAX_STRING_LENGTH ? null : " ".repeat(n);
  });
  for (
    const [name, upper] of [["lower", false], ["lcase", false], ["upper", true], [
      "ucase",
      true,
    ]] as const
  ) {
    def(name, (v: SqlValue) => {
      if (v === null || v instanceof Uint8Array) return v; // binary strings keep their case
      return _mapCase(toText(v) as string, upper);
    });
  }
  def("ltrim", _text1((s) => _trim(s, " ", true, false)));
  def("rtrim", _text1((s) => _trim(s, " ", false, true)));
  def("trim", _text1((s) => _trim(s, " ", true, true)));
  def("mysql_trim", (a: SqlValue, b: SqlValue, c: SqlValue) => {
    const s = toText(a);
    const rem = toText(b);
    const mode = (toText(c) ?? "BOTH").toUpperCase();
    if (s === null || rem === null) return null;
    return _trim(s, rem, mode !== "TRAILING", mode !== "LEADING");
  });
  // INSERT is a keyword in SQLite: the translator emits INSERT(s, pos, len, new) as mysql_insert.
  def("mysql_insert", (a: SqlValue, b: SqlValue, c: SqlValue, d: SqlValue) => {
    const s = toText(a);
    const pos = toSmallInt(b);
    const len = toSmallInt(c);
    const repl = toText(d);
    if (s === null || pos === null || len === null || repl === null) return null;
    const n = charLength(s);
    if (pos < 1 || pos > n) return s;
    const end = len < 0 || pos - 1 + len > n ? n : pos - 1 + len;
    return _slice(s, 0, pos - 1) + repl + _slice(s, end);
  });
  def("strcmp", (a: SqlValue, b: SqlValue) => {
    if (a === null || b === null) return null;
    return int(compareValues(toText(a), toText(b)));
  });
}

/** Parsed member lists of `mysql_member_position`, case-folded (a few per schema). */
const _members = new Map<string, string[]>();

function _memberKeys(json: string): string[] {
  let keys = _members.get(json);
  if (keys === undefined) {
    let list: unknown;
    try {
      list = JSON.parse(json);
    } catch {
      list = []; // not from the translator: no members
    }
    keys = Array.isArray(list) ? list.map((m) => foldCase(String(m))) : [];
    if (_members.size >= 64) _members.clear();
    _members.set(json, keys);
  }
  return keys;
}

function _num(v: SqlValue): SqlValue {
  return isNumeric(v) ? v : toNumber(v);
}
