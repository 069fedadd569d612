/**
 * Date arithmetic: the helpers the translator emits for `DATE_ADD`/`DATE_SUB`/`+ INTERVAL`
 * (`mysql_date_add`, `mysql_date_sub`), `TIMESTAMPADD`/`TIMESTAMPDIFF`, and DATEDIFF, TIMEDIFF,
 * ADDTIME, SUBTIME, ADDDATE, SUBDATE. Month units clamp to the month's last day as MySQL does.
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { dayNumber, daysInMonth, fromDayNumber, MAX_DAY_NUMBER } from "./calendar.ts";
import { definer, type SqlFunction, type Warn } from "./define.ts";
import { parseInterval } from "./interval.ts";
import {
  formatTemporal,
  formatTime,
  hasZeroPart,
  KIND_DATE,
  KIND_DATETIME,
  KIND_TIME,
  newTemporal,
  parseDateTime,
  parseDateTimeOrTime,
  type Temporal,
  TIME_MAX_SECONDS,
} from "./temporal.ts";
import { warningOnUnreadable } from "./unreadable_args.ts";
import { int, toText } from "./values.ts";

/** Adds seconds and microseconds to a date/datetime; null when the result leaves 0001-9999. */
export function addSeconds(
  t: Temporal,
  delta: { seconds: number; micro: number },
): Temporal | null {
  const { seconds, micro } = delta;
  let us = t.micro + micro;
  const carry = Math.floor(us / 1e6);
  us -= carry * 1e6;
  const base = dayNumber(t) * 86400 + t.hour * 3600 + t.minute * 60 +
    t.second;
  const total = base + seconds + carry;
  const days = Math.floor(total / 86400);
  if (days < 366 || days > MAX_DAY_NUMBER) return null;
  const secs = total - days * 86400;
  const [y, m, d] = fromDayNumber(days);
  const r = newTemporal(KIND_DATETIME);
  r.year = y;
  r.month = m;
  r.day = d;
  r.hour = Math.floor(secs / 3600);
  r.minute = Math.floor(secs / 60) % 60;
  r.second = secs % 60;
  r.micro = us;
  r.fsp = t.fsp;
  return r;
}

/** Adds months, clamping the day to the target month's length; null outside years 0-9999. */
export function addMonths(t: Temporal, months: number): Temporal | null {
  const period = t.year * 12 + t.month - 1 + months;
  if (period < 0 || period >= 120000) return null;
  const r = { ...t };
  r.year = Math.floor(period / 12);
  r.month = period % 12 + 1;
  const dim = daysInMonth(r.year, r.month);
  if (r.day > dim) r.day = dim;
  return r;
}

/** DATE_ADD(date, INTERVAL amount unit) with `sign` -1 for DATE_SUB. Returns the MySQL text. */
function _dateAdd(d: SqlValue, amount: SqlValue, unit: string, sign: number): SqlValue {
  const t = parseDateTime(d);
  if (t === null || amount === null || hasZeroPart(t)) return null;
  const iv = parseInterval(amount, unit);
  if (iv === null) return null;
  const neg = iv.neg !== (sign < 0);
  let r: Temporal | null;
  if (iv.months !== 0) {
    r = addMonths(t, neg ? -iv.months : iv.months);
    if (r !== null && r.year === 0) r = null;
  } else {
    r = addSeconds(t, {
      seconds: neg ? -iv.seconds : iv.seconds,
      micro: neg ? -iv.micro : iv.micro,
    });
  }
  if (r === null) return null;
  r.kind = t.kind === KIND_DATE && !iv.hasTime ? KIND_DATE : KIND_DATETIME;
  r.fsp = Math.max(t.fsp, iv.fsp);
  return formatTemporal(r);
}

/** TIMESTAMPDIFF(unit, a, b): whole units from a to b, truncated toward zero. */
function _timestampDiff(unit: string, a: Temporal, b: Temporal): bigint | null {
  const u = _unit(unit);
  const sa = dayNumber(a) * 86400 + a.hour * 3600 + a.minute * 60 + a.second;
  const sb = dayNumber(b) * 86400 + b.hour * 3600 + b.minute * 60 + b.second;
  const diffUs = BigInt(sb - sa) * 1000000n + BigInt(b.micro - a.micro);
  switch (u) {
    case "MICROSECOND":
      return diffUs;
    case "SECOND":
      return diffUs / 1000000n;
    case "MINUTE":
      return diffUs / 60000000n;
    case "HOUR":
      return diffUs / 3600000000n;
    case "DAY":
      return diffUs / 86400000000n;
    case "WEEK":
      return diffUs / 604800000000n;
    case "MONTH":
    case "QUARTER":
    case "YEAR": {
      const neg = diffUs < 0n;
      const months = neg ? _monthsBetween(b, a) : _monthsBetween(a, b);
      const per = u === "MONTH" ? 1 : u === "QUARTER" ? 3 : 12;
      const whole = Math.floor(months / per);
      return int(neg ? -whole : whole);
    }
  }
  throw _badUnit(unit);
}

function _monthsBetween(beg: Temporal, end: Temporal): number {
  const secBeg = beg.hour * 3600 + beg.minute * 60 + beg.second;
  const secEnd = end.hour * 3600 + end.minute * 60 + end.second;
  let years = end.year - beg.year;
  const before = end.month < beg.month || (end.month === beg.month && end.day < beg.day);
  if (before) years -= 1;
  let months = 12 * years;
  months += before ? 12 - (beg.month - end.month) : end.month - beg.month;
  if (end.day < beg.day) months -= 1;
  else if (
    end.day === beg.day &&
    (secEnd < secBeg || (secEnd === secBeg && end.micro < beg.micro))
  ) months -= 1;
  return months;
}

function _unit(unit: string): string {
  const u = unit.toUpperCase();
  return u.startsWith("SQL_TSI_") ? u.slice(8) : u;
}

function _badUnit(unit: string): MysqlError {
  return new MysqlError(ER.PARSE_ERROR, `Unknown interval unit: ${unit}`);
}

/** Signed seconds and microseconds of a TIME. */
function _timeParts(t: Temporal): [number, number] {
  const s = t.hour * 3600 + t.minute * 60 + t.second;
  return t.neg ? [-s, -t.micro] : [s, t.micro];
}

/** A signed (seconds, micro) pair as a TIME clamped to ±838:59:59. */
function _secondsToTime(seconds: number, micro: number, fsp: number): Temporal {
  let total = seconds * 1e6 + micro;
  const t = newTemporal(KIND_TIME);
  if (total < 0) {
    t.neg = true;
    total = -total;
  }
  let secs = Math.floor(total / 1e6);
  t.micro = Math.round(total - secs * 1e6);
  if (secs > TIME_MAX_SECONDS) {
    secs = TIME_MAX_SECONDS;
    t.micro = 0;
  }
  t.hour = Math.floor(secs / 3600);
  t.minute = Math.floor(secs / 60) % 60;
  t.second = secs % 60;
  t.fsp = fsp;
  return t;
}

function _addTime(a: SqlValue, b: SqlValue, sign: number): SqlValue {
  const x = parseDateTimeOrTime(a);
  const y = parseDateTimeOrTime(b);
  if (x === null || y === null || y.kind !== KIND_TIME) return null;
  const fsp = x.fsp > 0 || y.fsp > 0 ? 6 : 0;
  const [ys, yu] = _timeParts(y);
  if (x.kind === KIND_TIME) {
    const [xs, xu] = _timeParts(x);
    return formatTime(_secondsToTime(xs + sign * ys, xu + sign * yu, fsp));
  }
  const r = addSeconds(x, { seconds: sign * ys, micro: sign * yu });
  if (r === null) return null;
  r.fsp = fsp;
  return formatTemporal(r);
}

/** Registers the date arithmetic functions (all pure). */
export function registerDateArith(db: DatabaseSync, warn: Warn): void {
  const define = definer(db);
  // Each reads its DATETIME arguments at `positions`.
  const def = (name: string, fn: SqlFunction, positions = [0]) =>
    define(name, warningOnUnreadable(fn, warn, "datetime", positions));
  def(
    "mysql_date_add",
    (d: SqlValue, n: SqlValue, unit: SqlValue) => _dateAdd(d, n, toText(unit) ?? "", 1),
  );
  def(
    "mysql_date_sub",
    (d: SqlValue, n: SqlValue, unit: SqlValue) => _dateAdd(d, n, toText(unit) ?? "", -1),
  );
  def(
    "mysql_timestampadd",
    (unit: SqlValue, n: SqlValue, d: SqlValue) => _dateAdd(d, n, _unit(toText(unit) ?? ""), 1),
    [2],
  );
  def("adddate", (d: SqlValue, n: SqlValue) => _dateAdd(d, n, "DAY", 1));
  def("subdate", (d: SqlValue, n: SqlValue) => _dateAdd(d, n, "DAY", -1));
  def("mysql_timestampdiff", (unit: SqlValue, a: SqlValue, b: SqlValue) => {
    const u = toText(unit);
    const x = parseDateTime(a);
    const y = parseDateTime(b);
    if (u === null || x === null || y === null || hasZeroPart(x) || hasZeroPart(y)) return null;
    return _timestampDiff(u, x, y);
  }, [1, 2]);
  def("datediff", (a: SqlValue, b: SqlValue) => {
    const x = parseDateTime(a);
    const y = parseDateTime(b);
    if (x === null || y === null || hasZeroPart(x) || hasZeroPart(y)) return null;
    return int(dayNumber(x) - dayNumber(y));
  }, [0, 1]);
  define("timediff", (a: SqlValue, b: SqlValue) => {
    const x = parseDateTimeOrTime(a);
    const y = parseDateTimeOrTime(b);
    if (x === null || y === null || (x.kind === KIND_TIME) !== (y.kind === KIND_TIME)) {
      return null;
    }
    const fsp = Math.max(x.fsp, y.fsp);
    if (x.kind === KIND_TIME) {
      const [xs, xu] = _timeParts(x);
      const [ys, yu] = _timeParts(y);
      return formatTime(_secondsToTime(xs - ys, xu - yu, fsp));
    }
    const sx = dayNumber(x) * 86400 + x.hour * 3600 + x.minute * 60 +
      x.second;
    const sy = dayNumber(y) * 86400 + y.hour * 3600 + y.minute * 60 +
      y.second;
    return formatTime(_secondsToTime(sx - sy, x.micro - y.micro, fsp));
  });
  define("addtime", (a: SqlValue, b: SqlValue) => _addTime(a, b, 1));
  define("subtime", (a: SqlValue, b: SqlValue) => _addTime(a, b, -1));
}
