/**
 * Clock and conversion functions: NOW and friends (statement clock, session time zone),
 * UNIX_TIMESTAMP, FROM_UNIXTIME, CONVERT_TZ, DATE, TIME, TIMESTAMP.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { dayNumber, EPOCH_DAY, fromDayNumber } from "./calendar.ts";
import { formatDate as formatFmt } from "./date_format.ts";
import { addSeconds } from "./date_arith.ts";
import { checkArity, definer, type FunctionContext, type Warn } from "./define.ts";
import {
  formatDate,
  formatDateTime,
  formatTemporal,
  formatTime,
  KIND_DATETIME,
  KIND_TIME,
  newTemporal,
  parseDateTime,
  parseTime,
  type Temporal,
} from "./temporal.ts";
import { localToUtc, zoneOffset } from "./time_zone.ts";
import { warningOnUnreadable } from "./unreadable_args.ts";
import { int, toInteger, toNumber, toText } from "./values.ts";

/** Upper bound of UNIX_TIMESTAMP / FROM_UNIXTIME in MySQL 8 on 64-bit builds (3001-01-19). */
const MAX_UNIX_SECONDS = 32536771199;

/** A UTC instant (ms) as a wall-clock Temporal in `offsetMinutes`. */
export function instantToTemporal(
  ms: number,
  options: { offsetMinutes: number; fsp: number },
): Temporal {
  const { offsetMinutes, fsp } = options;
  const local = ms + offsetMinutes * 60000;
  const days = Math.floor(local / 86400000);
  const msOfDay = local - days * 86400000;
  const [y, m, d] = fromDayNumber(days + EPOCH_DAY);
  const t = newTemporal(KIND_DATETIME);
  t.year = y;
  t.month = m;
  t.day = d;
  const secs = Math.floor(msOfDay / 1000);
  t.hour = Math.floor(secs / 3600);
  t.minute = Math.floor(secs / 60) % 60;
  t.second = secs % 60;
  t.micro = Math.round((msOfDay - secs * 1000) * 1000);
  t.fsp = fsp;
  return t;
}

/** Seconds since the epoch of a wall-clock value taken as UTC (fraction included). */
export function temporalToEpochSeconds(t: Temporal): number {
  const days = dayNumber(t) - EPOCH_DAY;
  return days * 86400 + t.hour * 3600 + t.minute * 60 + t.second + t.micro / 1e6;
}

function _fsp(args: SqlValue[], name: string): number {
  checkArity(name, args.length, { min: 0, max: 1 });
  if (args.length === 0) return 0;
  const f = toInteger(args[0] as SqlValue);
  return f === null || f < 0n ? 0 : f > 6n ? 6 : Number(f);
}

/** Registers the clock and conversion functions. */
export function registerDateTime(db: DatabaseSync, ctx: FunctionContext): void {
  const def = definer(db);
  const nonDet = { deterministic: false, varargs: true };
  const session = (ms: number, fsp: number) => {
    const off = zoneOffset(ctx.timeZone(), ms) ?? 0;
    return instantToTemporal(ms, { offsetMinutes: off, fsp });
  };
  const nowFn = (name: string, clock: () => number, utc: boolean) => (...a: SqlValue[]) => {
    const fsp = _fsp(a, name);
    const ms = clock();
    return formatDateTime(
      utc ? instantToTemporal(ms, { offsetMinutes: 0, fsp }) : session(ms, fsp),
    );
  };
  // CURRENT_TIMESTAMP, CURRENT_DATE and CURRENT_TIME are SQLite keywords (UTC, real clock):
  // the translator renames them to now(), curdate() and curtime().
  for (const name of ["now", "localtime", "localtimestamp"]) {
    def(name, nowFn(name, ctx.now, false), nonDet);
  }
  def("sysdate", nowFn("sysdate", Date.now, false), nonDet);
  def("utc_timestamp", nowFn("utc_timestamp", ctx.now, true), nonDet);
  const dateFn = (utc: boolean) => () => {
    const ms = ctx.now();
    return formatDate(utc ? instantToTemporal(ms, { offsetMinutes: 0, fsp: 0 }) : session(ms, 0));
  };
  def("curdate", dateFn(false), { deterministic: false });
  def("utc_date", dateFn(true), { deterministic: false });
  const timeFn = (name: string, utc: boolean) => (...a: SqlValue[]) => {
    const fsp = _fsp(a, name);
    const ms = ctx.now();
    const t = utc ? instantToTemporal(ms, { offsetMinutes: 0, fsp }) : session(ms, fsp);
    t.kind = KIND_TIME;
    return formatTime(t);
  };
  def("curtime", timeFn("curtime", false), nonDet);
  def("utc_time", timeFn("utc_time", true), nonDet);

  def(
    "unix_timestamp",
    warningOnUnreadable((...a: SqlValue[]) => {
      checkArity("unix_timestamp", a.length, { min: 0, max: 1 });
      if (a.length === 0) return int(Math.floor(ctx.now() / 1000));
      const t = parseDateTime(a[0] as SqlValue);
      if (t === null) return null;
      const utcMs = localToUtc(ctx.timeZone(), temporalToEpochSeconds(t) * 1000);
      if (utcMs === null) return null;
      const secs = utcMs / 1000;
      // MySQL 8 returns 0 for dates outside its range (MariaDB returns NULL).
      if (secs < 0 || secs > MAX_UNIX_SECONDS + 0.999999 || t.month === 0 || t.day === 0) {
        return 0n;
      }
      return t.micro === 0 ? int(Math.round(secs)) : Math.round(secs * 1e6) / 1e6;
    }, ctx.onWarning),
    nonDet,
  );

  def("from_unixtime", (...a: SqlValue[]) => {
    checkArity("from_unixtime", a.length, { min: 1, max: 2 });
    const v = a[0] as SqlValue;
    const n = toNumber(v);
    if (n === null || n < 0 || n > MAX_UNIX_SECONDS + 0.999999) return null;
    let fsp = 0;
    if (typeof v === "number" && !Number.isInteger(v)) {
      const s = String(v);
      fsp = Math.min(6, s.length - s.indexOf(".") - 1);
    }
    const whole = Math.floor(n);
    const micro = Math.round((n - whole) * 1e6);
    const t = session(whole * 1000, fsp);
    t.micro = micro;
    if (a.length === 1) return formatDateTime(t);
    const fmt = toText(a[1] as SqlValue);
    return fmt === null ? null : formatFmt(t, fmt);
  }, nonDet);

  def("convert_tz", (v: SqlValue, from: SqlValue, to: SqlValue) => {
    const t = parseDateTime(v);
    const fz = toText(from);
    const tz = toText(to);
    if (t === null || fz === null || tz === null || t.month === 0 || t.day === 0) return null;
    const wall = temporalToEpochSeconds(t) * 1000;
    const utc = localToUtc(fz, Math.floor(wall / 1000) * 1000);
    if (utc === null) return null;
    const off = zoneOffset(tz, utc);
    if (off === null) return null;
    const r = instantToTemporal(utc, { offsetMinutes: off, fsp: t.fsp });
    r.micro = t.micro;
    return formatDateTime(r);
  }, { deterministic: false });
}

/** Registers DATE(), TIME() and TIMESTAMP() (pure). */
export function registerDateConversions(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  def(
    "date",
    warningOnUnreadable((v: SqlValue) => {
      const t = parseDateTime(v);
      return t === null ? null : formatDate(t);
    }, warn),
  );
  def(
    "time",
    warningOnUnreadable(
      (v: SqlValue) => {
        const t = parseTime(v);
        if (t === null) return null;
        t.kind = KIND_TIME;
        return formatTime(t);
      },
      warn,
      "time",
    ),
  );
  def(
    "timestamp",
    warningOnUnreadable((...a: SqlValue[]) => {
      checkArity("timestamp", a.length, { min: 1, max: 2 });
      const t = parseDateTime(a[0] as SqlValue);
      if (t === null) return null;
      t.kind = KIND_DATETIME;
      if (a.length === 1) return formatDateTime(t);
      const d = parseTime(a[1] as SqlValue);
      if (d === null) return null;
      const secs = d.hour * 3600 + d.minute * 60 + d.second;
      const r = addSeconds(t, {
        seconds: d.neg ? -secs : secs,
        micro: d.neg ? -d.micro : d.micro,
      });
      if (r === null) return null;
      r.fsp = Math.max(t.fsp, d.fsp);
      return formatTemporal(r);
    }, warn),
    { varargs: true },
  );
}
