/**
 * STR_TO_DATE(str, format): reads `str` with DATE_FORMAT specifiers. The result is a DATE, TIME
 * or DATETIME by which kinds of specifiers the format has; text left over after the format is
 * ignored; a mismatch gives NULL. Zero parts are allowed (STR_TO_DATE('9','%m') → 0000-09-00),
 * and the day is not checked against the month, as MariaDB 10.11 does.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { fromDayNumber, yearStart } from "./calendar.ts";
import { DAY_NAMES, MONTH_NAMES } from "./date_format.ts";
import { ER } from "../../types/errors.ts";
import { definer, type Warn } from "./define.ts";
import {
  formatTemporal,
  KIND_DATE,
  KIND_DATETIME,
  KIND_TIME,
  newTemporal,
  type Temporal,
} from "./temporal.ts";
import { toText } from "./values.ts";

const DATE_SPECS = "abcDdejMmUuVvWwXxYy";
const TIME_SPECS = "fHhIiklprSsTt";

function _isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Reads up to `max` digits at `pos.i`; -1 when there is none. */
function _num(s: string, pos: { i: number }, max: number): number {
  let v = 0;
  let n = 0;
  while (n < max && pos.i < s.length) {
    const c = s.charCodeAt(pos.i);
    if (c < 48 || c > 57) break;
    v = v * 10 + c - 48;
    pos.i++;
    n++;
  }
  return n === 0 ? -1 : v;
}

/** Reads a word and finds the one name it is a prefix of (MySQL's find_type); -1 if none. */
function _name(s: string, pos: { i: number }, names: string[], abbrev: boolean): number {
  let j = pos.i;
  while (j < s.length && ((s.charCodeAt(j) | 32) >= 97 && (s.charCodeAt(j) | 32) <= 122)) j++;
  const word = s.slice(pos.i, j).toLowerCase();
  if (word === "") return -1;
  let found = -1;
  for (let k = 0; k < names.length; k++) {
    const full = (names[k] as string).toLowerCase();
    const name = abbrev ? full.slice(0, 3) : full;
    if (name === word) {
      found = k;
      break;
    }
    if (name.startsWith(word)) {
      if (found >= 0) return -1; // ambiguous prefix
      found = k;
    }
  }
  if (found >= 0) pos.i = j;
  return found;
}

/** Parses `s` by `fmt`; null on mismatch. */
export function strToDate(s: string, fmt: string): Temporal | null {
  const t = newTemporal();
  const pos = { i: 0 };
  let hasDate = false;
  let hasTime = false;
  let pm = -1;
  let hour12 = false;
  let dayOfYear = -1;
  for (let f = 0; f < fmt.length; f++) {
    const fc = fmt.charCodeAt(f);
    if (_isSpace(fc)) continue; // spaces in the format match nothing; specifiers skip them
    if (fc !== 37 || f + 1 >= fmt.length) {
      if (pos.i >= s.length) continue;
      if (s.charCodeAt(pos.i) !== fc) return null;
      pos.i++;
      continue;
    }
    const spec = fmt[++f] as string;
    if (DATE_SPECS.includes(spec)) hasDate = true;
    else if (TIME_SPECS.includes(spec)) hasTime = true;
    if (pos.i >= s.length) continue; // input used up: the rest of the format only sets the type
    while (spec !== "%" && pos.i < s.length && _isSpace(s.charCodeAt(pos.i))) pos.i++;
    let v = 0;
    switch (spec) {
      case "Y": {
        const start = pos.i;
        v = _num(s, pos, 4);
        t.year = pos.i - start <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v;
        break;
      }
      case "y":
        v = _num(s, pos, 2);
        t.year = v < 70 ? 2000 + v : 1900 + v;
        break;
      case "m":
      case "c":
        v = t.month = _num(s, pos, 2);
        break;
      case "d":
      case "e":
        v = t.day = _num(s, pos, 2);
        break;
      case "D":
        v = t.day = _num(s, pos, 2);
        if (v >= 0) pos.i += 2;
        break;
      case "j":
        v = dayOfYear = _num(s, pos, 3);
        break;
      case "M":
      case "b":
        v = _name(s, pos, MONTH_NAMES, spec === "b");
        t.month = v + 1;
        break;
      case "W":
      case "a":
        v = _name(s, pos, DAY_NAMES, spec === "a");
        break;
      case "w":
        v = _num(s, pos, 1);
        break;
      case "H":
      case "k":
        v = t.hour = _num(s, pos, 2);
        break;
      case "h":
      case "I":
      case "l":
        v = t.hour = _num(s, pos, 2);
        hour12 = true;
        break;
      case "i":
        v = t.minute = _num(s, pos, 2);
        break;
      case "S":
      case "s":
        v = t.second = _num(s, pos, 2);
        break;
      case "f": {
        const start = pos.i;
        v = _num(s, pos, 6);
        if (v >= 0) t.micro = v * 10 ** (6 - (pos.i - start));
        t.fsp = 6;
        break;
      }
      case "p":
        v = _ampm(s, pos);
        pm = v;
        break;
      case "r":
      case "T": {
        const h = _num(s, pos, 2);
        const ok1 = s.charCodeAt(pos.i++) === 58;
        const m = _num(s, pos, 2);
        const ok2 = s.charCodeAt(pos.i++) === 58;
        const sec = _num(s, pos, 2);
        if (h < 0 || m < 0 || sec < 0 || !ok1 || !ok2) return null;
        t.hour = h;
        t.minute = m;
        t.second = sec;
        if (spec === "r") {
          while (pos.i < s.length && _isSpace(s.charCodeAt(pos.i))) pos.i++;
          pm = _ampm(s, pos);
          hour12 = true;
          v = pm;
        }
        break;
      }
      case "%":
        v = s.charCodeAt(pos.i) === 37 ? (pos.i++, 0) : -1;
        break;
      default: // %U %u %V %v %X %x: accepted, not used to build the date
        v = _num(s, pos, 4);
    }
    if (v < 0) return null;
  }
  if (pm >= 0) {
    if (!hour12 || t.hour > 12 || t.hour < 1) return null;
    t.hour = t.hour % 12 + (pm === 1 ? 12 : 0);
  } else if (hour12 && t.hour > 12) return null;
  if (dayOfYear > 0) {
    const [y, m, d] = fromDayNumber(yearStart(t.year) + dayOfYear - 1);
    if (y !== t.year) return null;
    t.month = m;
    t.day = d;
  }
  if (t.month > 12 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return null;
  t.kind = hasDate && hasTime ? KIND_DATETIME : hasTime ? KIND_TIME : KIND_DATE;
  return t;
}

function _ampm(s: string, pos: { i: number }): number {
  const two = s.slice(pos.i, pos.i + 2).toUpperCase();
  if (two === "AM" || two === "PM") {
    pos.i += 2;
    return two === "AM" ? 0 : 1;
  }
  return -1;
}

/** Registers STR_TO_DATE. */
export function registerStrToDate(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  def("str_to_date", (s: SqlValue, f: SqlValue) => {
    const str = toText(s);
    const fmt = toText(f);
    if (str === null || fmt === null) return null;
    const t = strToDate(str, fmt);
    if (t === null) {
      const message = `Incorrect datetime value: '${str}' for function str_to_date`;
      warn(ER.WRONG_VALUE_FOR_TYPE, message);
      return null;
    }
    return formatTemporal(t);
  });
}
