/**
 * DATE_FORMAT and TIME_FORMAT: every MySQL specifier (%a %b %c %D %d %e %f %H %h %I %i %j %k
 * %l %M %m %p %r %S %s %T %U %u %V %v %W %w %X %x %Y %y %%; an unknown `%q` prints `q`).
 * Formats are compiled once into a list of parts and kept in a bounded cache.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import {
  calcWeek,
  dayNumber,
  WEEK_FIRST_WEEKDAY,
  WEEK_MONDAY_FIRST,
  WEEK_YEAR,
  weekdayOf,
  weekYear,
  yearStart,
} from "./calendar.ts";
import { definer, type Warn } from "./define.ts";
import { KIND_TIME, pad2, padN, parseDateTime, parseTime, type Temporal } from "./temporal.ts";
import { warningOnUnreadable } from "./unreadable_args.ts";
import { toText } from "./values.ts";

/** English month and weekday names (MySQL's default `lc_time_names` en_US). */
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
export const DAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];

/** A compiled format: literal strings and specifier letters (as char codes). */
type Part = string | number;

const _compiled = new Map<string, Part[]>();
const CACHE_LIMIT = 256;

function _compile(fmt: string): Part[] {
  const hit = _compiled.get(fmt);
  if (hit !== undefined) return hit;
  const parts: Part[] = [];
  let lit = "";
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt.charCodeAt(i);
    if (c === 37 && i + 1 < fmt.length) { // %
      const spec = fmt.charCodeAt(++i);
      if (SPECIFIERS.has(spec)) {
        if (lit !== "") parts.push(lit);
        lit = "";
        parts.push(spec);
      } else lit += fmt[i]; // %% and unknown specifiers print the character
    } else lit += fmt[i];
  }
  if (lit !== "") parts.push(lit);
  if (_compiled.size >= CACHE_LIMIT) _compiled.delete(_compiled.keys().next().value as string);
  _compiled.set(fmt, parts);
  return parts;
}

const SPECIFIERS = new Set("abcDdefHhIijklMmprSsTUuVvWwXxYy".split("").map((c) => c.charCodeAt(0)));

function _ordinal(d: number): string {
  if (d >= 11 && d <= 13) return d + "th";
  const r = d % 10;
  return d + (r === 1 ? "st" : r === 2 ? "nd" : r === 3 ? "rd" : "th");
}

function _hour12(h: number): number {
  return (h % 24 + 11) % 12 + 1;
}

/**
 * Formats a value; null when a specifier needs a date part the value lacks (weekday or month
 * names of a zero date, any date specifier in TIME_FORMAT).
 */
export function formatDate(t: Temporal, fmt: string): string | null {
  const parts = _compile(fmt);
  const isTime = t.kind === KIND_TIME;
  let out = "";
  for (const p of parts) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    switch (p) {
      case 97: // a
      case 87: { // W
        if (isTime || (t.month === 0 && t.year === 0)) return null;
        const name = DAY_NAMES[weekdayOf(dayNumber(t), false)] as string;
        out += p === 97 ? name.slice(0, 3) : name;
        break;
      }
      case 98: // b
      case 77: { // M
        if (isTime || t.month === 0) return null;
        const name = MONTH_NAMES[t.month - 1] as string;
        out += p === 98 ? name.slice(0, 3) : name;
        break;
      }
      case 99: // c
        if (isTime) return null;
        out += t.month;
        break;
      case 68: // D
        if (isTime) return null;
        out += _ordinal(t.day);
        break;
      case 100: // d
        if (isTime) return null;
        out += pad2(t.day);
        break;
      case 101: // e
        if (isTime) return null;
        out += t.day;
        break;
      case 102: // f
        out += padN(t.micro, 6);
        break;
      case 72: // H
        out += (t.neg ? "-" : "") + pad2(t.hour);
        break;
      case 104: // h
      case 73: // I
        out += pad2(_hour12(t.hour));
        break;
      case 105: // i
        out += pad2(t.minute);
        break;
      case 106: // j
        if (isTime) return null;
        out += padN(dayNumber(t) - yearStart(t.year) + 1, 3);
        break;
      case 107: // k
        out += (t.neg ? "-" : "") + t.hour;
        break;
      case 108: // l
        out += _hour12(t.hour);
        break;
      case 109: // m
        if (isTime) return null;
        out += pad2(t.month);
        break;
      case 112: // p
        out += t.hour % 24 < 12 ? "AM" : "PM";
        break;
      case 114: // r
        out += pad2(_hour12(t.hour)) + ":" + pad2(t.minute) + ":" + pad2(t.second) +
          (t.hour % 24 < 12 ? " AM" : " PM");
        break;
      case 83: // S
      case 115: // s
        out += pad2(t.second);
        break;
      case 84: // T
        out += (t.neg ? "-" : "") + pad2(t.hour) + ":" + pad2(t.minute) + ":" + pad2(t.second);
        break;
      case 85: // U
      case 117: // u
        if (isTime) return null;
        out += pad2(
          calcWeek(t, p === 85 ? WEEK_FIRST_WEEKDAY : WEEK_MONDAY_FIRST),
        );
        break;
      case 86: // V
      case 118: // v
        if (isTime) return null;
        out += pad2(
          calcWeek(t, WEEK_YEAR | (p === 86 ? WEEK_FIRST_WEEKDAY : WEEK_MONDAY_FIRST)),
        );
        break;
      case 88: // X
      case 120: // x
        if (isTime) return null;
        calcWeek(t, WEEK_YEAR | (p === 88 ? WEEK_FIRST_WEEKDAY : WEEK_MONDAY_FIRST));
        out += padN(weekYear.year, 4);
        break;
      case 119: // w
        if (isTime || (t.month === 0 && t.year === 0)) return null;
        out += weekdayOf(dayNumber(t), true);
        break;
      case 89: // Y
        if (isTime) return null;
        out += padN(t.year, 4);
        break;
      case 121: // y
        if (isTime) return null;
        out += pad2(t.year % 100);
        break;
    }
  }
  return out;
}

/** Registers DATE_FORMAT and TIME_FORMAT (pure: English names only). */
export function registerDateFormat(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  def(
    "date_format",
    warningOnUnreadable((d: SqlValue, f: SqlValue) => {
      const fmt = toText(f);
      if (fmt === null) return null;
      const t = parseDateTime(d);
      return t === null ? null : formatDate(t, fmt);
    }, warn),
  );
  def(
    "time_format",
    warningOnUnreadable(
      (d: SqlValue, f: SqlValue) => {
        const fmt = toText(f);
        if (fmt === null) return null;
        const t = parseTime(d);
        if (t === null) return null;
        t.kind = KIND_TIME;
        return formatDate(t, fmt);
      },
      warn,
      "time",
    ),
  );
}
