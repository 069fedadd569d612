/**
 * `mysql_cast(value, type)`: MySQL's CAST/CONVERT with the type as the translator normalizes it
 * ('SIGNED', 'UNSIGNED', 'CHAR', 'CHAR(10)', 'BINARY', 'BINARY(4)', 'DATE', 'DATETIME',
 * 'DATETIME(3)', 'TIME', 'DECIMAL(10,2)', 'DECIMAL', 'DOUBLE', 'FLOAT', 'JSON', 'YEAR').
 *
 * SIGNED rounds exact numbers half away from zero, takes the integer prefix of strings and
 * wraps on overflow; UNSIGNED wraps negative integers to 2^64 + x. SQLite integers stop at
 * 2^63 - 1, so UNSIGNED results from 2^63 up come back as their decimal text. DECIMAL results
 * are REAL rounded to the scale (the printed scale is the result-set formatter's business).
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { decimalValue, roundDecimal, toDecimal } from "./decimal.ts";
import { definer } from "./define.ts";
import { toJsonValue } from "./json_value.ts";
import { charPrefix } from "./string.ts";
import {
  formatDate,
  formatDateTime,
  formatTime,
  KIND_DATETIME,
  KIND_TIME,
  parseDateTime,
  parseTime,
  type Temporal,
} from "./temporal.ts";
import { addSeconds } from "./date_arith.ts";
import { bytesToValue, toBytes, toNumber, toText } from "./values.ts";

const U64 = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

interface CastType {
  base: string;
  /** Length, precision or fsp; -1 when not given. */
  p: number;
  /** Scale of DECIMAL(p, s). */
  s: number;
}

const _types = new Map<string, CastType>();

function _parseType(type: string): CastType {
  const hit = _types.get(type);
  if (hit !== undefined) return hit;
  const m = /^\s*([A-Z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(type);
  if (m === null) throw new MysqlError(ER.PARSE_ERROR, `Unknown CAST type: ${type}`);
  let base = (m[1] as string).toUpperCase().replace(/\s+/g, " ");
  if (base === "SIGNED INTEGER" || base === "INTEGER" || base === "INT") base = "SIGNED";
  if (base === "UNSIGNED INTEGER") base = "UNSIGNED";
  if (base === "NCHAR" || base === "CHARACTER" || base === "VARCHAR") base = "CHAR";
  if (base === "REAL" || base === "DOUBLE PRECISION") base = "DOUBLE";
  if (base === "NUMERIC" || base === "DEC") base = "DECIMAL";
  const t = {
    base,
    p: m[2] === undefined ? -1 : Number(m[2]),
    s: m[3] === undefined ? 0 : Number(m[3]),
  };
  if (_types.size >= 128) _types.clear();
  _types.set(type, t);
  return t;
}

/** The integer a value casts to, before signedness: exact numbers round, strings parse. */
function _integer(v: SqlValue, unsigned: boolean): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return 0n;
    const r = v < 0 ? -Math.round(-v) : Math.round(v);
    if (unsigned && r < 0) return 0n; // MySQL clamps negative decimals to 0 for UNSIGNED
    if (r >= 18446744073709551615) return unsigned ? U64 : I64_MAX;
    if (r >= 9223372036854775807 && !unsigned) return I64_MAX;
    if (r <= -9223372036854775808) return I64_MIN;
    return BigInt(r);
  }
  const s = toText(v) as string;
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  let neg = false;
  if (s[i] === "-" || s[i] === "+") neg = s[i++] === "-";
  let n = 0n;
  let any = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10n + BigInt(c - 48);
    any = true;
    if (n > U64) {
      n = U64;
      break;
    }
  }
  if (!any) return 0n;
  return neg ? -n : n;
}

/** An unsigned 64-bit value as SQLite can hold it: INTEGER below 2^63, else decimal text. */
export function unsignedResult(u: bigint): bigint | string {
  return u > I64_MAX ? u.toString() : u;
}

function _temporal(t: Temporal, fsp: number): Temporal | null {
  const target = Math.max(0, Math.min(6, fsp));
  if (t.fsp > target && t.micro > 0) {
    // MySQL 8 rounds fractional seconds to the target precision (MariaDB truncates).
    const unit = 10 ** (6 - target);
    const rounded = Math.round(t.micro / unit) * unit;
    if (rounded >= 1e6 && t.kind !== KIND_TIME) {
      const r = addSeconds({ ...t, micro: 0 }, { seconds: 1, micro: 0 });
      if (r === null) return null;
      r.kind = t.kind;
      t = r;
    } else if (rounded >= 1e6) {
      t.second += 1;
      t.micro = 0;
      if (t.second === 60) {
        t.second = 0;
        t.minute += 1;
        if (t.minute === 60) {
          t.minute = 0;
          t.hour += 1;
        }
      }
    } else t.micro = rounded;
  }
  t.fsp = target;
  if (target === 0) t.micro = 0;
  return t;
}

/** CAST(value AS type). */
export function cast(v: SqlValue, type: string): SqlValue {
  const t = _parseType(type);
  if (v === null) return null;
  switch (t.base) {
    case "SIGNED": {
      const n = _integer(v, false);
      return n > I64_MAX || n < I64_MIN ? BigInt.asIntN(64, n) : n;
    }
    case "UNSIGNED":
      return unsignedResult(BigInt.asUintN(64, _integer(v, true)));
    case "CHAR": {
      const s = toText(v) as string;
      return t.p >= 0 ? charPrefix(s, t.p) : s;
    }
    case "BINARY": {
      let b = toBytes(v) as Uint8Array;
      if (t.p >= 0) {
        const out = new Uint8Array(t.p);
        out.set(b.subarray(0, t.p));
        b = out;
      }
      return bytesToValue(b);
    }
    case "DATE": {
      const d = parseDateTime(v);
      return d === null ? null : formatDate(d);
    }
    case "DATETIME":
    case "TIMESTAMP": {
      const d = parseDateTime(v);
      if (d === null) return null;
      d.kind = KIND_DATETIME;
      const r = _temporal(d, t.p < 0 ? 0 : t.p);
      return r === null ? null : formatDateTime(r);
    }
    case "TIME": {
      const d = parseTime(v);
      if (d === null) return null;
      d.kind = KIND_TIME;
      const r = _temporal(d, t.p < 0 ? 0 : t.p);
      return r === null ? null : formatTime(r);
    }
    case "DECIMAL":
      return _decimal(v, t.p < 0 ? 10 : t.p, t.s);
    case "DOUBLE":
    case "FLOAT":
      return typeof v === "bigint" ? Number(v) : toNumber(v);
    case "JSON":
      return toJsonValue(v);
    case "YEAR":
      return _year(v);
  }
  throw new MysqlError(ER.PARSE_ERROR, `Unknown CAST type: ${type}`);
}

function _decimal(v: SqlValue, precision: number, scale: number): number {
  const x = typeof v === "bigint" ? v : toNumber(v) as number;
  const rounded = decimalValue(roundDecimal(toDecimal(x), scale));
  const max = 10 ** (precision - scale) - 10 ** -scale;
  // Out of range clamps to the largest value of the type, as MySQL does (with a warning).
  if (rounded > max) return decimalValue(roundDecimal(toDecimal(max), scale));
  if (rounded < -max) return -decimalValue(roundDecimal(toDecimal(max), scale));
  return rounded;
}

/** CAST(x AS YEAR) (MySQL 8.0.22+): 1-69 → 20xx, 70-99 → 19xx, 1901-2155, else NULL. */
function _year(v: SqlValue): SqlValue {
  if (typeof v === "string") {
    const d = parseDateTime(v);
    if (d !== null && v.length > 4) return BigInt(d.year);
  }
  const n = Number(_integer(v, false));
  if (n === 0) return typeof v === "string" ? 2000n : 0n;
  if (n >= 1 && n <= 69) return BigInt(2000 + n);
  if (n >= 70 && n <= 99) return BigInt(1900 + n);
  return n >= 1901 && n <= 2155 ? BigInt(n) : null;
}

/** Registers `mysql_cast`. */
export function registerCast(db: DatabaseSync): void {
  const def = definer(db);
  def("mysql_cast", (v: SqlValue, type: SqlValue) => cast(v, toText(type) ?? ""));
}
