/**
 * Value coercion shared by every MySQL function family: how MySQL reads a SQLite value as a
 * number, an integer or a string, and how it prints a DOUBLE. Functions receive integers as
 * `bigint` (they are registered with `useBigIntArguments`), reals as `number`, TEXT as
 * `string` and BLOB as `Uint8Array`; they return integers as `bigint` because `node:sqlite`
 * stores every JS `number` as REAL.
 */
import type { SqlValue } from "../../types/values.ts";

const decoder = new TextDecoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** MySQL reads a string as a number by its longest numeric prefix: '12abc' → 12, 'abc' → 0. */
export function parseNumberPrefix(s: string): number {
  const n = s.length;
  let i = 0;
  while (i < n && _isSpace(s.charCodeAt(i))) i++;
  const start = i;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) c = s.charCodeAt(++i); // + -
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) { // .
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = s.charCodeAt(++i);
    }
  }
  if (digits === 0) return 0;
  if (c === 101 || c === 69) { // e E
    let j = i + 1;
    let e = s.charCodeAt(j);
    if (e === 43 || e === 45) e = s.charCodeAt(++j);
    if (e >= 48 && e <= 57) {
      while (e >= 48 && e <= 57) e = s.charCodeAt(++j);
      i = j;
    }
  }
  const v = Number(s.slice(start, i));
  return Number.isNaN(v) ? 0 : v;
}

/** The integer prefix of a string as MySQL's strtoll reads it: '2.9' → 2, '1e3' → 1. */
export function parseIntegerPrefix(s: string): bigint {
  const n = s.length;
  let i = 0;
  while (i < n && _isSpace(s.charCodeAt(i))) i++;
  const start = i;
  let c = s.charCodeAt(i);
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  const digitsStart = i;
  while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
  if (i === digitsStart) return 0n;
  return BigInt(s.slice(start, i));
}

function _isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** A value as MySQL's DOUBLE (NULL stays null). */
export function toNumber(v: SqlValue): number | null {
  if (typeof v === "number") return v;
  if (v === null) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return parseNumberPrefix(v);
  return parseNumberPrefix(decoder.decode(v));
}

/**
 * A value as a MySQL integer argument (lengths, positions, counts): exact numbers round half
 * away from zero (`LEFT(s, 2.5)` takes 3), strings take their integer prefix.
 */
export function toInteger(v: SqlValue): bigint | null {
  if (typeof v === "bigint") return v;
  if (v === null) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return v > 0 ? 9223372036854775807n : -9223372036854775808n;
    const r = v < 0 ? -Math.round(-v) : Math.round(v);
    if (r >= 9223372036854775807) return 9223372036854775807n;
    if (r <= -9223372036854775808) return -9223372036854775808n;
    return BigInt(r);
  }
  return parseIntegerPrefix(typeof v === "string" ? v : decoder.decode(v));
}

/** Like `toInteger` but as a JS number clamped to a safe range, for loop bounds and positions. */
export function toSmallInt(v: SqlValue): number | null {
  const b = toInteger(v);
  if (b === null) return null;
  if (b > 4294967296n) return 4294967296;
  if (b < -4294967296n) return -4294967296;
  return Number(b);
}

/** A value as MySQL text: integers in decimal, doubles as MySQL prints them, BLOBs as UTF-8. */
export function toText(v: SqlValue): string | null {
  if (typeof v === "string") return v;
  if (v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return formatDouble(v);
  return decoder.decode(v);
}

/** The bytes of a value as MySQL sees them (UTF-8 for text). */
export function toBytes(v: SqlValue): Uint8Array | null {
  if (v === null) return null;
  if (v instanceof Uint8Array) return v;
  return encoder.encode(toText(v) as string);
}

/** Bytes back to a value: text when they are valid UTF-8 (so `= 'A'` works), else a BLOB. */
export function bytesToValue(b: Uint8Array): string | Uint8Array {
  try {
    return strictDecoder.decode(b);
  } catch {
    return b;
  }
}

/** UTF-8 encoding of a string. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** UTF-8 byte length of a string without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A DOUBLE as MySQL prints it (`my_gcvt`): shortest round-trip digits, plain notation when the
 * decimal exponent is between -14 and 15 (`1e14` → 100000000000000, `1e15` → 1e15,
 * `1e-15` → 0.000000000000001), `1.5e300` style otherwise.
 */
export function formatDouble(x: number): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const ax = x < 0 ? -x : x;
  if (ax >= 1e-6 && ax < 1e15) return String(x); // JS prints these exactly like MySQL
  const e = ax.toExponential(); // "d.ddde±n", shortest digits
  const ePos = e.indexOf("e");
  const digits = e.slice(0, ePos).replace(".", "");
  const decpt = Number(e.slice(ePos + 1)) + 1;
  const len = digits.length;
  const sign = x < 0 ? "-" : "";
  if (decpt >= -14 && (decpt <= 15 || len > decpt)) {
    if (decpt <= 0) return sign + "0." + "0".repeat(-decpt) + digits;
    if (decpt >= len) return sign + digits + "0".repeat(decpt - len);
    return sign + digits.slice(0, decpt) + "." + digits.slice(decpt);
  }
  const mant = len > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return sign + mant + "e" + (decpt - 1);
}

/** A JS integer-valued number as a SQLite INTEGER. */
export function int(n: number): bigint {
  return BigInt(n);
}

/** True when the value is (or reads as) a number rather than a string. */
export function isNumeric(v: SqlValue): v is number | bigint {
  return typeof v === "number" || typeof v === "bigint";
}

/**
 * Case- and accent-insensitive key for one string, one code point in for one code point out so
 * positions stay valid (utf8mb4_general_ci-like: 'É' → 'e'; 'ß' stays 'ß').
 */
export function foldCase(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase();
  let out = "";
  for (const ch of s) out += _foldChar(ch);
  return out;
}

const _foldCache = new Map<string, string>();

function _foldChar(ch: string): string {
  if (ch.charCodeAt(0) < 0x80) return ch.toLowerCase();
  const hit = _foldCache.get(ch);
  if (hit !== undefined) return hit;
  let f = ch.toLowerCase();
  if ([...f].length !== 1) f = ch;
  const base = f.normalize("NFD");
  const first = String.fromCodePoint(base.codePointAt(0) as number);
  if (first !== base && first.length === f.length) f = first;
  if (_foldCache.size < 4096) _foldCache.set(ch, f);
  return f;
}

/**
 * MySQL comparison of two non-NULL values: numerically when either side is a number, else by
 * the case-insensitive collation. Returns -1, 0 or 1.
 */
export function compareValues(a: SqlValue, b: SqlValue): number {
  if (isNumeric(a) || isNumeric(b)) {
    if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
    const x = toNumber(a) as number;
    const y = toNumber(b) as number;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return _compareBytes(toBytes(a) as Uint8Array, toBytes(b) as Uint8Array);
  }
  const x = foldCase(_rtrimSpaces(a as string));
  const y = foldCase(_rtrimSpaces(b as string));
  return x < y ? -1 : x > y ? 1 : 0;
}

function _rtrimSpaces(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return e === s.length ? s : s.slice(0, e);
}

function _compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** MySQL truthiness: the numeric value is non-zero (NULL stays null). */
export function truthy(v: SqlValue): boolean | null {
  if (v === null) return null;
  if (typeof v === "bigint") return v !== 0n;
  return toNumber(v) !== 0;
}
