/**
 * `INTERVAL amount unit` values as MySQL reads them: simple units take a number (SECOND keeps
 * its fraction, other units round exact numbers and take the integer prefix of strings);
 * composite units take a string of digit groups with any separators, a leading '-' negating
 * the whole interval, missing leading groups counting as zero ('30' HOUR_MINUTE is 30 minutes).
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { formatDouble, toInteger, toText } from "./values.ts";

/** A parsed interval: months or (seconds, micro), both non-negative, with a sign. */
export interface Interval {
  months: number;
  seconds: number;
  micro: number;
  neg: boolean;
  /** Fraction digits the interval brings to the result. */
  fsp: number;
  /** The unit has a time part, so a DATE operand gives a DATETIME. */
  hasTime: boolean;
}

/** Seconds per field of each composite unit, MICRO marking a microsecond field. */
const MICRO = -1;
const COMPOSITE: Record<string, number[]> = {
  SECOND_MICROSECOND: [1, MICRO],
  MINUTE_MICROSECOND: [60, 1, MICRO],
  MINUTE_SECOND: [60, 1],
  HOUR_MICROSECOND: [3600, 60, 1, MICRO],
  HOUR_SECOND: [3600, 60, 1],
  HOUR_MINUTE: [3600, 60],
  DAY_MICROSECOND: [86400, 3600, 60, 1, MICRO],
  DAY_SECOND: [86400, 3600, 60, 1],
  DAY_MINUTE: [86400, 3600, 60],
  DAY_HOUR: [86400, 3600],
};
const SIMPLE_SECONDS: Record<string, number> = {
  MINUTE: 60,
  HOUR: 3600,
  DAY: 86400,
  WEEK: 604800,
};
const SIMPLE_MONTHS: Record<string, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

function _result(): Interval {
  return { months: 0, seconds: 0, micro: 0, neg: false, fsp: 0, hasTime: false };
}

/** Parses an interval; null for a NULL amount. Throws for an unknown unit. */
export function parseInterval(amount: SqlValue, unit: string): Interval | null {
  if (amount === null) return null;
  const u = unit.toUpperCase();
  const r = _result();
  const monthsPer = SIMPLE_MONTHS[u];
  if (monthsPer !== undefined) {
    _signed(r, toInteger(amount) as bigint, monthsPer, true);
    return r;
  }
  const secondsPer = SIMPLE_SECONDS[u];
  if (secondsPer !== undefined) {
    _signed(r, toInteger(amount) as bigint, secondsPer, false);
    r.hasTime = u === "MINUTE" || u === "HOUR";
    return r;
  }
  if (u === "SECOND") return _seconds(r, amount);
  if (u === "MICROSECOND") {
    const n = toInteger(amount) as bigint;
    r.neg = n < 0n;
    const a = Number(r.neg ? -n : n);
    r.seconds = Math.floor(a / 1e6);
    r.micro = a % 1e6;
    r.fsp = 6;
    r.hasTime = true;
    return r;
  }
  if (u === "YEAR_MONTH") {
    const g = _groups(toText(amount) as string, 2, r, false);
    r.months = (g[0] as number) * 12 + (g[1] as number);
    return r;
  }
  const fields = COMPOSITE[u];
  if (fields === undefined) throw new MysqlError(ER.PARSE_ERROR, `Unknown interval unit: ${unit}`);
  const g = _groups(toText(amount) as string, fields.length, r, fields.at(-1) === MICRO);
  r.hasTime = true;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as number;
    if (f === MICRO) {
      r.micro = g[i] as number;
      r.fsp = 6;
    } else r.seconds += (g[i] as number) * f;
  }
  r.seconds += Math.floor(r.micro / 1e6);
  r.micro %= 1e6;
  return r;
}

function _signed(r: Interval, n: bigint, per: number, months: boolean): void {
  r.neg = n < 0n;
  const a = Number(r.neg ? -n : n) * per;
  if (months) r.months = a;
  else r.seconds = a;
}

/** SECOND keeps its fraction: 1.5 → 1 s 500000 µs; a string amount brings 6 fraction digits. */
function _seconds(r: Interval, amount: SqlValue): Interval {
  r.hasTime = true;
  if (typeof amount === "bigint") {
    _signed(r, amount, 1, false);
    return r;
  }
  const s = typeof amount === "number" ? formatDouble(amount) : toText(amount) as string;
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) === 45) {
    r.neg = true;
    i++;
  } else if (s.charCodeAt(i) === 43) i++;
  let whole = 0;
  while (_digit(s, i)) whole = whole * 10 + s.charCodeAt(i++) - 48;
  let micro = 0;
  let digits = 0;
  if (s.charCodeAt(i) === 46) {
    i++;
    while (_digit(s, i)) {
      if (digits < 6) micro = micro * 10 + s.charCodeAt(i) - 48;
      digits++;
      i++;
    }
  }
  for (let k = Math.min(digits, 6); k < 6; k++) micro *= 10;
  r.seconds = whole;
  r.micro = micro;
  r.fsp = typeof amount === "number" ? Math.min(digits, 6) : 6;
  if (whole === 0 && micro === 0) r.neg = false;
  return r;
}

function _digit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/**
 * Reads up to `count` digit groups, right-aligned; a microsecond last group is scaled by its
 * digit count ('1.5' SECOND_MICROSECOND is 1 s 500000 µs). Sets `r.neg` on a leading '-'.
 */
function _groups(s: string, count: number, r: Interval, scaleLast: boolean): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < s.length && !_digit(s, i)) {
    if (s.charCodeAt(i) === 45) r.neg = true;
    i++;
  }
  let lastLen = 0;
  while (i < s.length && out.length < count) {
    let v = 0;
    const start = i;
    while (_digit(s, i)) v = v * 10 + s.charCodeAt(i++) - 48;
    lastLen = i - start;
    out.push(v);
    while (i < s.length && !_digit(s, i)) i++;
  }
  if (scaleLast && out.length > 0 && lastLen > 0 && lastLen < 6) {
    out[out.length - 1] = (out[out.length - 1] as number) * 10 ** (6 - lastLen);
  }
  while (out.length < count) out.unshift(0);
  return out;
}
