/**
 * Byte- and number-base functions: ASCII, ORD, CHAR (bytes, not code points), HEX, UNHEX, BIN,
 * OCT, CONV (64-bit unsigned arithmetic through BigInt), TO_BASE64 / FROM_BASE64 (MySQL wraps
 * lines at 76 characters), INET_ATON / INET_NTOA and `mysql_convert_charset`. Byte results are
 * returned as text when they are valid UTF-8 (so they compare equal to string literals) and as
 * a BLOB otherwise. Overrides SQLite's `char`, `hex` and one-argument `unhex`.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer } from "./define.ts";
import { bytesToValue, int, toBytes, toInteger, toText, utf8 } from "./values.ts";

const U64 = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** A number as MySQL's HEX/CONV read it: the 64-bit two's-complement integer. */
function _u64(v: number | bigint): bigint {
  if (typeof v === "bigint") return BigInt.asUintN(64, v);
  const r = v < 0 ? -Math.round(-v) : Math.round(v);
  if (r >= 18446744073709551616 || r <= -9223372036854775808) return U64;
  return BigInt.asUintN(64, BigInt(r));
}

function _digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 122 ? l - 87 : 99;
}

/** CONV(n, from, to): null for bad bases or an empty number. */
export function conv(s: string, bases: { from: number; to: number }): string | null {
  const { from, to } = bases;
  const fb = Math.abs(from);
  const tb = Math.abs(to);
  if (fb < 2 || fb > 36 || tb < 2 || tb > 36) return null;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  if (i === s.length) return null;
  let neg = false;
  if (s[i] === "-" || s[i] === "+") neg = s[i++] === "-";
  let v = 0n;
  const big = BigInt(fb);
  let overflow = false;
  for (; i < s.length; i++) {
    const d = _digitValue(s.charCodeAt(i));
    if (d >= fb) break;
    v = v * big + BigInt(d);
    if (v > U64) overflow = true;
  }
  let value: bigint; // the signed or unsigned 64-bit result of the parse
  if (from < 0) {
    if (overflow || (!neg && v > I64_MAX) || (neg && v > -I64_MIN)) value = neg ? I64_MIN : I64_MAX;
    else value = neg ? -v : v;
  } else {
    value = overflow ? U64 : neg ? BigInt.asUintN(64, -v) : v;
  }
  if (to < 0) {
    const signed = BigInt.asIntN(64, value);
    return signed < 0n
      ? "-" + (-signed).toString(tb).toUpperCase()
      : signed.toString(tb).toUpperCase();
  }
  return BigInt.asUintN(64, value).toString(tb).toUpperCase();
}

function _hexBytes(b: Uint8Array): string {
  let out = "";
  for (const x of b) out += (x < 16 ? "0" : "") + x.toString(16);
  return out.toUpperCase();
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function _toBase64(b: Uint8Array): string {
  let out = "";
  let line = 0;
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    if (line === 76) {
      out += "\n";
      line = 0;
    }
    out += B64[n >> 18] as string;
    out += B64[(n >> 12) & 63] as string;
    out += i + 1 < b.length ? B64[(n >> 6) & 63] as string : "=";
    out += i + 2 < b.length ? B64[n & 63] as string : "=";
    line += 4;
  }
  return out;
}

/** Strict base64 (whitespace ignored, padding required); null when malformed. */
function _fromBase64(s: string): Uint8Array | null {
  const vals: number[] = [];
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (c === 61) {
      pad++;
      continue;
    }
    const v = c < 128 ? B64_INDEX[c] as number : -1;
    if (v < 0 || pad > 0) return null;
    vals.push(v);
  }
  if ((vals.length + pad) % 4 !== 0 || pad > 2) return null;
  const out = new Uint8Array(Math.floor((vals.length * 6) / 8));
  let o = 0;
  for (let i = 0; i < vals.length; i += 4) {
    const n = ((vals[i] as number) << 18) | ((vals[i + 1] ?? 0) << 12) |
      ((vals[i + 2] ?? 0) << 6) | (vals[i + 3] ?? 0);
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function _inetAton(s: string): bigint | null {
  if (s === "") return null;
  let result = 0n;
  let byte = 0;
  let dots = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    last = c;
    if (c >= 48 && c <= 57) {
      byte = byte * 10 + c - 48;
      if (byte > 255) return null;
    } else if (c === 46) {
      dots++;
      result = (result << 8n) + BigInt(byte);
      byte = 0;
    } else return null;
  }
  if (last === 46) return null;
  if (dots === 1) result <<= 16n; // 127.1 is 127.0.0.1
  else if (dots === 2) result <<= 8n;
  return (result << 8n) + BigInt(byte);
}

/** Registers the byte and base functions (all pure). */
export function registerStringBytes(db: DatabaseSync): void {
  const def = definer(db);
  def("ascii", (v: SqlValue) => {
    const b = toBytes(v);
    return b === null ? null : int(b.length === 0 ? 0 : b[0] as number);
  });
  def("ord", (v: SqlValue) => {
    if (v === null) return null;
    if (v instanceof Uint8Array) return int(v[0] ?? 0);
    const s = toText(v) as string;
    if (s === "") return 0n;
    const first = utf8(String.fromCodePoint(s.codePointAt(0) as number));
    let n = 0;
    for (const x of first) n = n * 256 + x;
    return int(n);
  });
  def("char", (...a: SqlValue[]) => {
    checkArity("char", a.length, { min: 1 });
    const out: number[] = [];
    for (const v of a) {
      const b = toInteger(v);
      if (b === null) continue;
      const n = Number(BigInt.asUintN(32, b));
      if (n > 0xffffff) out.push(n >>> 24);
      if (n > 0xffff) out.push((n >>> 16) & 255);
      if (n > 0xff) out.push((n >>> 8) & 255);
      out.push(n & 255);
    }
    return bytesToValue(new Uint8Array(out));
  }, { varargs: true });
  def("hex", (v: SqlValue) => {
    if (v === null) return null;
    if (typeof v === "bigint" || typeof v === "number") return _u64(v).toString(16).toUpperCase();
    return _hexBytes(toBytes(v) as Uint8Array);
  });
  def("unhex", (v: SqlValue) => {
    let s = toText(v);
    if (s === null) return null;
    if (s.length % 2 === 1) s = "0" + s;
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) {
      const hi = _digitValue(s.charCodeAt(2 * i));
      const lo = _digitValue(s.charCodeAt(2 * i + 1));
      if (hi > 15 || lo > 15) return null;
      out[i] = hi * 16 + lo;
    }
    return bytesToValue(out);
  });
  const base = (to: number) => (v: SqlValue) => {
    if (v === null) return null;
    if (typeof v === "number") return _u64(Math.trunc(v)).toString(to);
    return conv(toText(v) as string, { from: 10, to });
  };
  def("bin", base(2));
  def("oct", base(8));
  def("conv", (n: SqlValue, f: SqlValue, t: SqlValue) => {
    const from = toInteger(f);
    const to = toInteger(t);
    if (n === null || from === null || to === null) return null;
    const s = typeof n === "number" ? _u64(Math.trunc(n)).toString() : toText(n) as string;
    return conv(s, { from: Number(from), to: Number(to) });
  });
  def("to_base64", (v: SqlValue) => {
    const b = toBytes(v);
    return b === null ? null : _toBase64(b);
  });
  def("from_base64", (v: SqlValue) => {
    const s = toText(v);
    if (s === null) return null;
    const b = _fromBase64(s);
    return b === null ? null : bytesToValue(b);
  });
  def("inet_aton", (v: SqlValue) => {
    const s = toText(v);
    return s === null ? null : _inetAton(s);
  });
  def("inet_ntoa", (v: SqlValue) => {
    const n = toInteger(v);
    if (n === null || n < 0n || n > 0xffffffffn) return null;
    const x = Number(n);
    return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`;
  });
  def("mysql_convert_charset", (v: SqlValue, cs: SqlValue) => {
    if (v === null) return null;
    const charset = (toText(cs) ?? "").toLowerCase();
    // All text is stored as UTF-8: utf8/utf8mb3/utf8mb4/latin1/ascii conversions keep the value.
    return charset === "binary" ? toBytes(v) : toText(v);
  });
}
