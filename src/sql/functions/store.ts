/**
 * `mysql_store(value, spec)`: the value MySQL keeps when `value` is written to a column of type
 * `spec` in non-strict mode (where MySQL converts and warns instead of failing). `spec` is the
 * column type as the DDL module writes it into its coercion triggers: `int unsigned`,
 * `decimal(10,2)`, `datetime(3)`, `char(120)`, `binary(16)`, `enum('a','b')`, ... Results are
 * idempotent (`store(store(v)) = store(v)`), which the triggers rely on to skip values that are
 * already in stored form. Fractional seconds round as MySQL 8 does (MariaDB truncates).
 *
 * `mysql_store(value, spec, column)` also reports what a conversion lost (`StoreIssue`: a
 * clamped number, a cut string, text that is no number or date, no ENUM member), which the
 * session turns into MySQL's warning or, under a strict sql_mode, its error (1264, 1406,
 * 1265, 1366, 1292). Conversions that lose nothing (1.5 into DECIMAL(5,2), '2024-01-05' into
 * DATETIME) report nothing.
 */
import type { DatabaseSync } from "node:sqlite";
import { INTEGER_BITS } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import { definer } from "./define.ts";
import { addSeconds } from "./date_arith.ts";
import { decimalText, roundDecimal, toDecimal } from "./decimal.ts";
import { charLength, charPrefix } from "./string.ts";
import {
  formatDate,
  formatDateTime,
  formatTime,
  KIND_DATETIME,
  KIND_TIME,
  newTemporal,
  parseDateTime,
  parseTime,
  type Temporal,
  TIME_MAX_SECONDS,
} from "./temporal.ts";
import {
  bytesToValue,
  foldCase,
  parseIntegerPrefix,
  parseNumberPrefix,
  toText,
  utf8,
  utf8Length,
} from "./values.ts";

/** A parsed column type spec. */
interface _Spec {
  base: string;
  /** Numeric arguments: length, precision/scale, fsp, bit width. */
  args: number[];
  unsigned: boolean;
  /** ENUM / SET members, and their comparison keys. */
  members: string[];
  keys: string[];
}

const _specs = new Map<string, _Spec>();
const _LOB_BYTES: Record<string, number> = {
  tinytext: 255,
  text: 65535,
  tinyblob: 255,
  blob: 65535,
};
const _strict = new TextDecoder("utf-8", { fatal: true });
const _lenient = new TextDecoder();

/** What writing a value to a column lost (see the module comment). */
export type StoreIssue =
  /** A number clamped to the column's range (1264). */
  | { kind: "range" }
  /** A string or byte string cut to the column's length (1406; a warning: 1265). */
  | { kind: "too_long" }
  /** Not an ENUM / SET member, or a number followed by other text (1265). */
  | { kind: "truncated" }
  /** Text that is no number or date of the column's kind (1366, dates 1292). */
  | { kind: "invalid"; type: "integer" | "decimal" | "date" | "datetime" | "time"; text: string };

/** Receives the issues of the `storeValue` call running, when its caller asked for them. */
let _reporter: ((issue: StoreIssue) => void) | null = null;

function _issue(issue: StoreIssue): void {
  _reporter?.(issue);
}

/** The value MySQL stores for `value` in a column of type `spec` (non-strict mode); what the
 * conversion lost goes to `report`. */
export function storeValue(
  value: SqlValue,
  spec: string,
  report?: (issue: StoreIssue) => void,
): SqlValue {
  if (value === null) return null;
  if (report === undefined) return _store(value, spec);
  _reporter = report;
  try {
    return _store(value, spec);
  } finally {
    _reporter = null;
  }
}

function _store(value: SqlValue, spec: string): SqlValue {
  const s = _spec(spec);
  const base = s.base;
  const bits = INTEGER_BITS[base];
  if (bits !== undefined) return _integer(value, bits, s.unsigned);
  switch (base) {
    case "decimal":
      return _decimal(value, s);
    case "float":
    case "double":
      return _float(value, s);
    case "bit":
      return _bit(value, s.args[0] ?? 1);
    case "year":
      return _year(value);
    case "date":
    case "datetime":
    case "timestamp":
      return _dateTime(value, base, s.args[0] ?? 0);
    case "time":
      return _time(value, s.args[0] ?? 0);
    case "char":
    case "varchar": {
      let text = _text(value);
      const n = s.args[0] ?? 1;
      if (text.length > n && charLength(text) > n) {
        const cut = charPrefix(text, n);
        _cut(text, cut);
        text = cut;
      }
      // CHAR is space-padded on disk and MySQL strips the padding when it reads it back.
      return base === "char" ? _rtrimSpaces(text) : text;
    }
    case "tinytext":
    case "text": {
      const text = _text(value);
      const cut = _utf8Prefix(text, _LOB_BYTES[base] as number);
      _cut(text, cut);
      return cut;
    }
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
      return _binary(value, base, s.args[0] ?? _LOB_BYTES[base] ?? 1);
    case "enum":
      return _enum(value, s);
    case "set":
      return _set(value, s);
    default:
      return value;
  }
}

/** A string cut to `cut`: too long, unless only trailing spaces went (MySQL: a note). */
function _cut(text: string, cut: string): void {
  if (cut.length < text.length && text.slice(cut.length).trim() !== "") {
    _issue({ kind: "too_long" });
  }
}

/**
 * Registers on a connection what the coercion triggers call: `mysql_store(value, spec
 * [, column])` (with the column, what it lost goes to `onIssue`), `mysql_stored(value, spec)`
 * (1 when the value is already in stored form) and `mysql_store_same(a, b, spec)` (1 when both
 * store as the same value).
 */
export function registerStore(
  db: DatabaseSync,
  onIssue?: (issue: StoreIssue, column: string) => void,
): void {
  const def = definer(db);
  const spec = (s: SqlValue) => typeof s === "string" ? s : "";
  def("mysql_store", (v: SqlValue, s: SqlValue, column: SqlValue = null) => {
    const report = onIssue === undefined || typeof column !== "string"
      ? undefined
      : (issue: StoreIssue) => onIssue(issue, column);
    const r = storeValue(v, spec(s), report);
    // node:sqlite cuts a text result at its first NUL; bytes keep all of it.
    return typeof r === "string" && r.includes("\0") ? utf8(r) : r;
  }, { varargs: true });
  def("mysql_stored", (v: SqlValue, s: SqlValue) => _same(storeValue(v, spec(s)), v) ? 1n : 0n);
  def("mysql_store_same", (a: SqlValue, b: SqlValue, s: SqlValue) => {
    const t = spec(s);
    return _same(storeValue(a, t), storeValue(b, t)) ? 1n : 0n;
  });
}

/** Same storage class and bytes (a string holding NUL matches its bytes, see mysql_store). */
function _same(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === "string" && b instanceof Uint8Array) return _same(b, a);
  if (a instanceof Uint8Array) {
    const bb = typeof b === "string" && b.includes("\0") ? utf8(b) : b;
    if (!(bb instanceof Uint8Array) || bb.length !== a.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== bb[i]) return false;
    return true;
  }
  return a === b || (typeof a === "number" && typeof b === "number" && isNaN(a) && isNaN(b));
}

function _spec(text: string): _Spec {
  const hit = _specs.get(text);
  if (hit) return hit;
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  const base = (open < 0 ? text.split(" ")[0] ?? "" : text.slice(0, open)).trim().toLowerCase();
  const inner = open < 0 || close < open ? "" : text.slice(open + 1, close);
  const spec: _Spec = {
    base,
    args: [],
    unsigned: / unsigned\b/i.test(open < 0 ? text : text.slice(close + 1)),
    members: [],
    keys: [],
  };
  if (base === "enum" || base === "set") {
    spec.members = _quotedList(inner);
    spec.keys = spec.members.map((m) => foldCase(base === "enum" ? _rtrimSpaces(m) : m));
  } else if (inner !== "") {
    spec.args = inner.split(",").map((a) => Number(a.trim()));
  }
  if (_specs.size >= 512) _specs.clear();
  _specs.set(text, spec);
  return spec;
}

/** `'a','b''c'` → ["a", "b'c"]. */
function _quotedList(inner: string): string[] {
  const out: string[] = [];
  let i = inner.indexOf("'");
  while (i >= 0 && i < inner.length) {
    let s = "";
    let j = i + 1;
    for (; j < inner.length; j++) {
      if (inner[j] !== "'") s += inner[j];
      else if (inner[j + 1] === "'") s += inner[j++];
      else break;
    }
    out.push(s);
    i = inner.indexOf("'", j + 1);
  }
  return out;
}

/** Text of a value; BLOBs as UTF-8 with invalid bytes as '?' (MySQL's replacement). */
function _text(v: SqlValue): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) {
    try {
      return _strict.decode(v);
    } catch {
      return _lenient.decode(v).replace(/\uFFFD/g, "?");
    }
  }
  return toText(v) as string;
}

function _rtrimSpaces(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes that ends on a character. */
function _utf8Prefix(s: string, max: number): string {
  if (s.length * 3 <= max || utf8Length(s) <= max) return s;
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (bytes + n > max) break;
    bytes += n;
    i += ch.length;
  }
  return s.slice(0, i);
}

/** A double rounded half away from zero, as an integer. */
function _round(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (!Number.isFinite(x)) return x > 0 ? 1n << 64n : -(1n << 64n);
  return BigInt(x < 0 ? -Math.round(-x) : Math.round(x));
}

/** A whole number written in text, with optional spaces around it. */
const _NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Reports text that is not a number of `type`: no digits at all, or digits and more. */
function _checkNumberText(s: string, type: "integer" | "decimal"): void {
  if (_NUMBER_TEXT.test(s)) return;
  if (/^\s*[+-]?\.?\d/.test(s)) _issue({ kind: "truncated" });
  else _issue({ kind: "invalid", type, text: s });
}

/** A value as MySQL reads it for an integer column, before the range check. */
function _toInteger(v: SqlValue): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return _round(v);
  const s = _text(v);
  _checkNumberText(s, "integer");
  const x = parseNumberPrefix(s);
  if (Math.abs(x) < 2 ** 53) return _round(x);
  const exact = parseIntegerPrefix(s); // beyond 2^53 a double is not exact
  return Number(exact) === x ? exact : _round(x);
}

function _integer(v: SqlValue, bits: number, unsigned: boolean): SqlValue {
  const i = _toInteger(v);
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const r = i < min ? min : i > max ? max : i;
  if (r !== i) _issue({ kind: "range" });
  // BIGINT UNSIGNED above 2^63-1 does not fit SQLite's INTEGER: kept as a REAL.
  return r > 9223372036854775807n ? Number(r) : r;
}

function _decimal(v: SqlValue, s: _Spec): SqlValue {
  const precision = s.args[0] ?? 10;
  const scale = s.args[1] ?? 0;
  let x: number | bigint;
  if (typeof v === "bigint" || typeof v === "number") x = v;
  else {
    const t = _text(v);
    _checkNumberText(t, "decimal");
    x = parseNumberPrefix(t);
  }
  let text: string;
  if (typeof x === "number" && !Number.isFinite(x)) {
    _issue({ kind: "range" });
    text = Number.isNaN(x) ? "0" : _decimalMax(precision, scale, x < 0 && !s.unsigned);
  } else {
    // Rounded on the shortest decimal text, so 1.005 gives 1.01 (the double is 1.00499…).
    const d = roundDecimal(toDecimal(x), scale);
    const neg = d.neg && !/^0*$/.test(d.digits);
    let lead = 0;
    while (lead < d.point && d.digits.charCodeAt(lead) === 48) lead++;
    if (neg && s.unsigned) {
      _issue({ kind: "range" });
      text = "0";
    } else if (d.point - lead > precision - scale) {
      _issue({ kind: "range" });
      text = _decimalMax(precision, scale, neg);
    } else text = decimalText(d, scale);
  }
  // Whole values stay exact as INTEGERs (all of int64); others are REALs (NUMERIC affinity).
  const dot = text.indexOf(".");
  if (dot < 0 || /^0*$/.test(text.slice(dot + 1))) {
    const whole = BigInt(dot < 0 ? text : text.slice(0, dot));
    if (whole >= -(1n << 63n) && whole < 1n << 63n) return whole;
  }
  return Number(text);
}

/** The largest DECIMAL(p,s) value (999.99), negated when `neg`. */
function _decimalMax(precision: number, scale: number, neg: boolean): string {
  return (neg ? "-" : "") + ("9".repeat(precision - scale) || "0") +
    (scale > 0 ? "." + "9".repeat(scale) : "");
}

function _float(v: SqlValue, s: _Spec): SqlValue {
  let x = typeof v === "number"
    ? v
    : typeof v === "bigint"
    ? Number(v)
    : parseNumberPrefix(_text(v));
  if (s.unsigned && x < 0) {
    _issue({ kind: "range" });
    x = 0;
  }
  const m = s.args[0];
  const d = s.args[1];
  if (m !== undefined && d !== undefined) {
    const r = _decimal(x, { ...s, base: "decimal", args: [m, d] });
    return Number(r);
  }
  return x;
}

function _bit(v: SqlValue, width: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  let u: bigint;
  if (typeof v === "bigint" || typeof v === "number") {
    const i = typeof v === "bigint" ? v : _round(v);
    u = i < 0n ? (i < -(1n << 63n) ? all : i + (1n << 64n)) : i;
  } else {
    // A string or BLOB is its bytes, big-endian.
    const bytes = v instanceof Uint8Array ? v : utf8(v ?? "");
    u = 0n;
    for (const b of bytes) {
      u = (u << 8n) | BigInt(b);
      if (u > all) break;
    }
  }
  if (u > all) u = all;
  return width === 64 && u > 9223372036854775807n ? u - (1n << 64n) : u;
}

function _year(v: SqlValue): bigint {
  let y: bigint;
  if (typeof v === "string" || v instanceof Uint8Array) {
    const s = _text(v);
    y = _toInteger(s);
    if (y === 0n && s.length === 4) return 0n; // '0000' is the zero year; '0' and '00' are 2000
    if (y >= 0n && y < 100n) return y < 70n ? 2000n + y : 1900n + y;
  } else {
    y = _toInteger(v);
    if (y === 0n) return 0n;
    if (y > 0n && y < 100n) return y < 70n ? 2000n + y : 1900n + y;
  }
  if (y >= 1901n && y <= 2155n) return y;
  _issue({ kind: "range" });
  return 0n;
}

/** Rounds the fraction to `fsp` digits as MySQL 8 does; null when the carry leaves year 9999. */
function _roundFraction(t: Temporal, fsp: number): Temporal | null {
  const unit = 10 ** (6 - fsp);
  const micro = Math.round(t.micro / unit) * unit;
  t.fsp = fsp;
  if (micro < 1e6) {
    t.micro = micro;
    return t;
  }
  if (t.kind === KIND_TIME) {
    t.micro = 0;
    t.second++;
    return t;
  }
  if (t.year === 0 || t.month === 0 || t.day === 0) {
    t.micro = Math.floor(t.micro / unit) * unit; // no calendar to carry into: truncate
    return t;
  }
  const r = addSeconds({ ...t, micro: 0 }, { seconds: 1, micro: 0 });
  if (r) r.fsp = fsp;
  return r;
}

const _TS_MIN = "1970-01-01 00:00:01.000000";
const _TS_MAX = "2038-01-19 03:14:07.999999";

/** True when a string's fraction has a 7th digit of 5 or more (the parser keeps six). */
function _roundsUp(v: SqlValue): boolean {
  if (typeof v !== "string") return false;
  const m = /\.\d{6}([5-9])\d*\s*$/.exec(v);
  return m !== null;
}

function _dateTime(v: SqlValue, base: string, fsp: number): string {
  const input = typeof v === "number" || typeof v === "bigint" ? v : _text(v);
  let t = parseDateTime(input);
  if (t === null) {
    _issue({ kind: "invalid", type: base === "date" ? "date" : "datetime", text: String(input) });
  }
  if (base === "date") return t ? formatDate(t) : "0000-00-00";
  if (t) {
    t.kind = KIND_DATETIME;
    if (_roundsUp(input) && t.fsp > 0) t.micro++;
    t = _roundFraction(t, fsp);
  }
  const zero = newTemporal(KIND_DATETIME);
  zero.fsp = fsp;
  if (t === null) return formatDateTime(zero);
  if (base === "timestamp" && (t.year !== 0 || t.month !== 0 || t.day !== 0)) {
    const full = formatDateTime({ ...t, fsp: 6 });
    if (full < _TS_MIN || full > _TS_MAX) {
      _issue({ kind: "invalid", type: "datetime", text: String(input) });
      return formatDateTime(zero);
    }
  }
  return formatDateTime(t);
}

function _time(v: SqlValue, fsp: number): string {
  const input = typeof v === "number" || typeof v === "bigint" ? v : _text(v);
  const parsed = parseTime(input);
  if (parsed === null) _issue({ kind: "invalid", type: "time", text: String(input) });
  const t = parsed ?? newTemporal(KIND_TIME);
  if (_roundsUp(input) && t.fsp > 0) t.micro++;
  if (t.kind !== KIND_TIME) { // a DATETIME keeps its time of day
    t.kind = KIND_TIME;
    t.neg = false;
  }
  _roundFraction(t, fsp);
  let secs = t.hour * 3600 + t.minute * 60 + t.second;
  if (secs > TIME_MAX_SECONDS || (secs === TIME_MAX_SECONDS && t.micro > 0)) {
    _issue({ kind: "range" });
    secs = TIME_MAX_SECONDS; // MySQL 8's TIME ends at 838:59:59.000000
    t.micro = 0;
  }
  t.hour = Math.floor(secs / 3600);
  t.minute = Math.floor(secs / 60) % 60;
  t.second = secs % 60;
  if (secs === 0 && t.micro === 0) t.neg = false;
  return formatTime(t);
}

function _binary(v: SqlValue, base: string, max: number): SqlValue {
  const length = v instanceof Uint8Array ? v.length : utf8Length(toText(v) as string);
  if (length > max) _issue({ kind: "too_long" });
  if (base !== "binary") {
    if (typeof v === "string") {
      return utf8Length(v) <= max ? v : bytesToValue(utf8(v).slice(0, max));
    }
    if (v instanceof Uint8Array) return v.length <= max ? v : v.slice(0, max);
    const text = toText(v) as string;
    return text.length <= max ? text : text.slice(0, max);
  }
  // BINARY(n) is always n bytes: cut, or padded with zero bytes.
  const bytes = v instanceof Uint8Array ? v : utf8(toText(v) as string);
  const out = new Uint8Array(max);
  out.set(bytes.length > max ? bytes.subarray(0, max) : bytes);
  return out;
}

function _enum(v: SqlValue, s: _Spec): string {
  const text = _text(v);
  const at = s.keys.indexOf(foldCase(_rtrimSpaces(text)));
  if (at >= 0) return s.members[at] as string;
  // No member matches: a number is the 1-based index; anything else is the error value ''.
  const n = Math.trunc(/^\s*\d+(\.\d*)?\s*$/.test(text) ? Number(text) : 0);
  if (n >= 1 && n <= s.members.length) return s.members[n - 1] as string;
  _issue({ kind: "truncated" });
  return "";
}

function _set(v: SqlValue, s: _Spec): string {
  let mask = 0n;
  const text = typeof v === "bigint" ? null : _text(v);
  if (text === null || /^\d+$/.test(text) && !s.keys.includes(foldCase(text))) {
    mask = text === null ? v as bigint : BigInt(text);
  } else if (text !== "") {
    for (const part of text.split(",")) {
      const at = s.keys.indexOf(foldCase(part));
      if (at >= 0) mask |= 1n << BigInt(at);
      else _issue({ kind: "truncated" });
    }
  }
  return s.members.filter((_, i) => (mask >> BigInt(i)) & 1n).join(",");
}
