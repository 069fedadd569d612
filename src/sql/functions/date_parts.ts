/**
 * Parts of dates and times (YEAR … MICROSECOND, WEEK modes 0-7, weekday and name functions,
 * EXTRACT through `mysql_extract`) and day/period conversions (TO_DAYS, FROM_DAYS, MAKEDATE,
 * MAKETIME, SEC_TO_TIME, PERIOD_ADD …). Zero parts give 0 for the plain part functions and
 * NULL for those that need a real calendar day, as in MySQL.
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import {
  calcWeek,
  dayNumber,
  daysInMonth,
  fromDayNumber,
  MAX_DAY_NUMBER,
  WEEK_YEAR,
  weekdayOf,
  weekMode,
  weekYear,
  yearStart,
} from "./calendar.ts";
import { DAY_NAMES, MONTH_NAMES } from "./date_format.ts";
import { checkArity, type Define, definer, type Warn } from "./define.ts";
import {
  formatDate,
  formatTime,
  hasZeroPart,
  KIND_TIME,
  newTemporal,
  parseDateTime,
  parseDateTimeOrTime,
  parseTime,
  type Temporal,
  TIME_MAX_SECONDS,
} from "./temporal.ts";
import { type TemporalKind, warningOnUnreadable } from "./unreadable_args.ts";
import { formatDouble, int, toInteger, toNumber, toText } from "./values.ts";

type Part = (t: Temporal) => SqlValue;

/** Registers `name(v)`: `part` of `v` read by `parse`, NULL (and a warning) when unreadable. */
function _onPart(def: Define, warn: Warn, kind: TemporalKind): (name: string, part: Part) => void {
  const parse = kind === "time" ? parseTime : parseDateTime;
  return (name, part) =>
    def(
      name,
      warningOnUnreadable(
        (v: SqlValue) => {
          const t = parse(v);
          return t === null ? null : part(t);
        },
        warn,
        kind,
      ),
    );
}

/** Needs a real calendar day: NULL for zero parts. */
function _day(part: Part): Part {
  return (t) => (hasZeroPart(t) ? null : part(t));
}

function _week(t: Temporal, mode: SqlValue | undefined, year: boolean): SqlValue {
  if (hasZeroPart(t)) return null;
  const m = mode === undefined ? 0 : Number(toInteger(mode) ?? 0n); // NULL mode is mode 0
  const flags = weekMode(m) | (year ? WEEK_YEAR : 0);
  const w = calcWeek(t, flags);
  return int(year ? weekYear.year * 100 + w : w);
}

/** `EXTRACT(unit FROM v)`. */
export function extract(unit: string, v: SqlValue): SqlValue {
  const u = unit.toUpperCase();
  const dateUnit = u === "YEAR" || u === "QUARTER" || u === "MONTH" || u === "WEEK" ||
    u === "YEAR_MONTH" || u.startsWith("DAY");
  const t = dateUnit ? parseDateTime(v) : parseDateTimeOrTime(v);
  if (t === null) return null;
  const sign = t.kind === KIND_TIME && t.neg ? -1 : 1;
  const { year: y, month: mo, day: d, hour: h, minute: mi, second: s, micro: us } = t;
  let r: number;
  switch (u) {
    case "YEAR":
      return int(y);
    case "QUARTER":
      return int(Math.floor((mo + 2) / 3));
    case "MONTH":
      return int(mo);
    case "WEEK":
      return _week(t, 0n, false);
    case "DAY":
      return int(d);
    case "YEAR_MONTH":
      return int(y * 100 + mo);
    case "DAY_HOUR":
      return int(d * 100 + h);
    case "DAY_MINUTE":
      return int(d * 10000 + h * 100 + mi);
    case "DAY_SECOND":
      return int(d * 1000000 + h * 10000 + mi * 100 + s);
    case "DAY_MICROSECOND":
      return BigInt(d * 1000000 + h * 10000 + mi * 100 + s) * 1000000n + BigInt(us);
    case "HOUR": // a TIME beyond 24 hours gives the hour of the day, as MariaDB does
      r = t.kind === KIND_TIME ? h % 24 : h;
      break;
    case "MINUTE":
      r = mi;
      break;
    case "SECOND":
      r = s;
      break;
    case "MICROSECOND":
      r = us;
      break;
    case "HOUR_MINUTE":
      r = h * 100 + mi;
      break;
    case "HOUR_SECOND":
      r = h * 10000 + mi * 100 + s;
      break;
    case "HOUR_MICROSECOND":
      r = (h * 10000 + mi * 100 + s) * 1000000 + us;
      break;
    case "MINUTE_SECOND":
      r = mi * 100 + s;
      break;
    case "MINUTE_MICROSECOND":
      r = (mi * 100 + s) * 1000000 + us;
      break;
    case "SECOND_MICROSECOND":
      r = s * 1000000 + us;
      break;
    default:
      throw new MysqlError(ER.PARSE_ERROR, `Unknown EXTRACT unit: ${unit}`);
  }
  return int(sign * r);
}

/** A signed number of seconds as a clamped TIME with `fsp` fraction digits. */
function _secToTime(total: number, fsp: number): string {
  const t = newTemporal(KIND_TIME);
  t.neg = total < 0;
  const a = Math.abs(total);
  let secs = Math.floor(a);
  t.micro = Math.round((a - secs) * 1e6);
  if (t.micro >= 1e6) {
    secs++;
    t.micro -= 1e6;
  }
  if (secs > TIME_MAX_SECONDS) {
    secs = TIME_MAX_SECONDS;
    t.micro = fsp > 0 ? 999999 : 0;
  }
  t.hour = Math.floor(secs / 3600);
  t.minute = Math.floor(secs / 60) % 60;
  t.second = secs % 60;
  t.fsp = fsp;
  return formatTime(t);
}

function _fspOf(v: SqlValue): number {
  if (typeof v === "bigint") return 0;
  if (typeof v === "number") {
    const s = formatDouble(v);
    const dot = s.indexOf(".");
    return dot < 0 ? 0 : Math.min(6, s.length - dot - 1);
  }
  return 6;
}

function _period(p: number): number {
  let year = Math.floor(p / 100);
  if (year < 100) year += year < 70 ? 2000 : 1900;
  return year * 12 + (p % 100) - 1;
}

/** Registers the date-part and conversion functions (all pure). */
export function registerDateParts(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  const onDate = _onPart(def, warn, "datetime");
  const onTime = _onPart(def, warn, "time");
  onDate("year", (t) => int(t.year));
  onDate("month", (t) => int(t.month));
  onDate("day", (t) => int(t.day));
  onDate("dayofmonth", (t) => int(t.day));
  onDate("quarter", (t) => int(Math.floor((t.month + 2) / 3)));
  onTime("hour", (t) => int(t.hour));
  onTime("minute", (t) => int(t.minute));
  onTime("second", (t) => int(t.second));
  onTime("microsecond", (t) => int(t.micro));
  const dayNr = (t: Temporal) => dayNumber(t);
  onDate("dayofweek", _day((t) => int(weekdayOf(dayNr(t), true) + 1)));
  onDate("weekday", _day((t) => int(weekdayOf(dayNr(t), false))));
  onDate("dayofyear", _day((t) => int(dayNr(t) - yearStart(t.year) + 1)));
  onDate("dayname", _day((t) => DAY_NAMES[weekdayOf(dayNr(t), false)] as string));
  onDate("monthname", (t) => (t.month === 0 ? null : MONTH_NAMES[t.month - 1] as string));
  onDate("weekofyear", _day((t) => int(calcWeek(t, weekMode(3)))));
  onDate("to_days", (t) => (t.year === 0 && t.month === 0 ? null : int(dayNr(t))));
  onDate(
    "to_seconds",
    (t) =>
      t.year === 0 && t.month === 0
        ? null
        : int(dayNr(t) * 86400 + t.hour * 3600 + t.minute * 60 + t.second),
  );
  onDate(
    "last_day",
    _day((t) => {
      t.day = daysInMonth(t.year, t.month);
      return formatDate(t);
    }),
  );
  for (const [name, year] of [["week", false], ["yearweek", true]] as const) {
    def(
      name,
      warningOnUnreadable((...a: SqlValue[]) => {
        checkArity(name, a.length, { min: 1, max: 2 });
        const t = parseDateTime(a[0] as SqlValue);
        if (t === null) return null;
        return _week(t, a[1], year);
      }, warn),
      { varargs: true },
    );
  }
  def(
    "mysql_extract",
    warningOnUnreadable(
      (unit: SqlValue, v: SqlValue) => extract(toText(unit) ?? "", v),
      warn,
      "datetime",
      [1],
    ),
  );
  def("from_days", (n: SqlValue) => {
    const d = toInteger(n);
    if (d === null) return null;
    const [y, m, day] = fromDayNumber(d > BigInt(MAX_DAY_NUMBER) || d < 0n ? 0 : Number(d));
    const t = newTemporal();
    t.year = y;
    t.month = m;
    t.day = day;
    return formatDate(t);
  });
  def("makedate", (y: SqlValue, doy: SqlValue) => {
    const yi = toInteger(y);
    const di = toInteger(doy);
    if (yi === null || di === null || di <= 0n || yi < 0n || yi > 9999n) return null;
    let year = Number(yi);
    if (year < 100) year += year < 70 ? 2000 : 1900;
    const nr = yearStart(year) + Number(di) - 1;
    if (nr > MAX_DAY_NUMBER) return null;
    const [ry, rm, rd] = fromDayNumber(nr);
    const t = newTemporal();
    t.year = ry;
    t.month = rm;
    t.day = rd;
    return formatDate(t);
  });
  def("maketime", (h: SqlValue, m: SqlValue, s: SqlValue) => {
    const hi = toInteger(h);
    const mi = toInteger(m);
    const sn = toNumber(s);
    if (hi === null || mi === null || sn === null) return null;
    if (mi < 0n || mi > 59n || sn < 0 || sn >= 60) return null;
    const hours = Number(hi < 0n ? -hi : hi);
    const total = hours * 3600 + Number(mi) * 60 + sn;
    return _secToTime(hi < 0n ? -total : total, _fspOf(s));
  });
  def("sec_to_time", (v: SqlValue) => {
    const n = toNumber(v);
    return n === null ? null : _secToTime(n, _fspOf(v));
  });
  def("time_to_sec", (v: SqlValue) => {
    const t = parseTime(v);
    if (t === null) return null;
    const secs = t.hour * 3600 + t.minute * 60 + t.second;
    const sign = t.kind === KIND_TIME && t.neg ? -1 : 1;
    return t.micro === 0 ? int(sign * secs) : sign * (secs + t.micro / 1e6);
  });
  def("period_add", (p: SqlValue, n: SqlValue) => {
    const pi = toInteger(p);
    const ni = toInteger(n);
    if (pi === null || ni === null) return null;
    if (pi === 0n) return 0n;
    const months = _period(Number(pi)) + Number(ni);
    return int(Math.floor(months / 12) * 100 + (months % 12) + 1);
  });
  def("period_diff", (a: SqlValue, b: SqlValue) => {
    const ai = toInteger(a);
    const bi = toInteger(b);
    if (ai === null || bi === null) return null;
    return int(_period(Number(ai)) - _period(Number(bi)));
  });
}
