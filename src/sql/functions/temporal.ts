/**
 * MySQL temporal values: parsing strings and numbers the way MySQL reads DATE, DATETIME and
 * TIME arguments (relaxed delimiters, 2-digit years, `YYYYMMDDhhmmss` numbers, zero dates),
 * and printing them back. Parsing scans characters by hand: no regex, one small object.
 */
import type { SqlValue } from "../../types/values.ts";
import { daysInMonth } from "./calendar.ts";
import { formatDouble } from "./values.ts";

const _decoder = new TextDecoder();

export const KIND_DATE = 0;
export const KIND_DATETIME = 1;
export const KIND_TIME = 2;

/** A parsed temporal value. For TIME, `hour` holds all hours (days folded in) and `neg` the sign. */
export interface Temporal {
  kind: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
  /** Fraction digits to print (0-6), taken from the input. */
  fsp: number;
  neg: boolean;
}

/** A zeroed DATE value. */
export function newTemporal(kind = KIND_DATE): Temporal {
  return {
    kind,
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    micro: 0,
    fsp: 0,
    neg: false,
  };
}

/** Largest TIME MySQL holds: 838:59:59. */
export const TIME_MAX_SECONDS = 838 * 3600 + 59 * 60 + 59;

/** Reads a DATE or DATETIME argument; null when MySQL would return NULL (invalid date). */
export function parseDateTime(v: SqlValue): Temporal | null {
  if (v === null) return null;
  if (typeof v === "string") return _parseDateTimeString(v);
  if (typeof v === "bigint") return _dateTimeFromInteger(v, 0, 0);
  if (typeof v === "number") {
    if (!Number.isFinite(v) || v < 0) return null;
    const ip = Math.trunc(v);
    const [micro, fsp] = _fraction(v - ip, v);
    return _dateTimeFromInteger(BigInt(ip), micro, fsp);
  }
  return _parseDateTimeString(_decoder.decode(v));
}

/** Reads a TIME argument (a DATETIME string gives its time part); null when invalid. */
export function parseTime(v: SqlValue): Temporal | null {
  if (v === null) return null;
  if (typeof v === "string") return _parseTimeString(v);
  if (typeof v === "bigint") return _timeFromInteger(v, 0, 0);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null;
    const ip = Math.trunc(v);
    const [micro, fsp] = _fraction(Math.abs(v - ip), v);
    return _timeFromInteger(BigInt(ip), micro, fsp);
  }
  return _parseTimeString(_decoder.decode(v));
}

/** Reads an argument that may be a DATETIME or a TIME (TIMEDIFF, ADDTIME): DATETIME first. */
export function parseDateTimeOrTime(v: SqlValue): Temporal | null {
  if (typeof v === "string") {
    const dt = _parseDateTimeString(v);
    if (dt !== null && dt.kind === KIND_DATETIME) return dt;
    return _parseTimeString(v);
  }
  if (typeof v === "bigint" && (v >= 10000000000n || v <= -10000000000n)) {
    return parseDateTime(v);
  }
  return parseTime(v);
}

function _fraction(f: number, whole: number): [number, number] {
  if (f === 0) return [0, 0];
  const s = formatDouble(Math.abs(whole));
  const dot = s.indexOf(".");
  const fsp = dot < 0 ? 6 : Math.min(6, s.length - dot - 1);
  return [Math.min(999999, Math.round(f * 1e6)), fsp];
}

function _isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function _isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function _twoDigitYear(y: number): number {
  return y < 70 ? 2000 + y : 1900 + y;
}

function _digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

/** Parses `.ffffff` at `i` into t.micro / t.fsp; returns the index after it. */
function _readFraction(s: string, i: number, t: Temporal): number {
  if (s.charCodeAt(i) !== 46 || !_isDigit(s.charCodeAt(i + 1))) return i;
  i++;
  let micro = 0;
  let n = 0;
  while (_isDigit(s.charCodeAt(i))) {
    if (n < 6) micro = micro * 10 + s.charCodeAt(i) - 48;
    n++;
    i++;
  }
  const fsp = Math.min(n, 6);
  for (let k = fsp; k < 6; k++) micro *= 10;
  t.micro = micro;
  t.fsp = fsp;
  return i;
}

function _valid(t: Temporal): boolean {
  if (t.year > 9999 || t.month > 12 || t.day > 31) return false;
  if (t.month > 0 && t.day > 0 && t.day > daysInMonth(t.year, t.month)) return false;
  return t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

function _parseDateTimeString(s: string): Temporal | null {
  const n = s.length;
  let i = 0;
  while (i < n && _isSpace(s.charCodeAt(i))) i++;
  let j = i;
  while (j < n && _isDigit(s.charCodeAt(j))) j++;
  const run = j - i;
  if (run === 0) return null;
  const t = newTemporal();
  const next = s.charCodeAt(j);
  if (run >= 5 || (run > 0 && j === n && run !== 4)) {
    // Digits only: YYYYMMDD[hhmmss] or YYMMDD[hhmmss].
    let p = i;
    if (run === 14 || run === 8) {
      t.year = _digits(s, p, p + 4);
      p += 4;
    } else if (run === 12 || run === 6) {
      t.year = _twoDigitYear(_digits(s, p, p + 2));
      p += 2;
    } else return null;
    t.month = _digits(s, p, p + 2);
    t.day = _digits(s, p + 2, p + 4);
    if (run > 8) {
      t.kind = KIND_DATETIME;
      t.hour = _digits(s, p + 4, p + 6);
      t.minute = _digits(s, p + 6, p + 8);
      t.second = _digits(s, p + 8, p + 10);
      _readFraction(s, j, t);
    }
    return _valid(t) ? t : null;
  }
  // Delimited: Y<p>M<p>D[(T| +)h<p>m<p>s[.f]]; any punctuation delimits, junk after is ignored.
  t.year = run <= 2 ? _twoDigitYear(_digits(s, i, j)) : _digits(s, i, j);
  if (j >= n || _isDigit(next) || _isSpace(next)) return null;
  i = j + 1;
  j = i;
  while (j < n && _isDigit(s.charCodeAt(j))) j++;
  if (j === i) return null;
  t.month = _digits(s, i, j);
  if (j >= n || _isDigit(s.charCodeAt(j)) || _isSpace(s.charCodeAt(j))) return null;
  i = j + 1;
  j = i;
  while (j < n && _isDigit(s.charCodeAt(j))) j++;
  if (j === i) return null;
  t.day = _digits(s, i, j);
  i = j;
  let c = s.charCodeAt(i);
  if (c === 84 || _isSpace(c)) { // 'T' or spaces, then the time
    i++;
    while (i < n && _isSpace(s.charCodeAt(i))) i++;
    if (_isDigit(s.charCodeAt(i))) {
      t.kind = KIND_DATETIME;
      const parts = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        j = i;
        while (j < n && _isDigit(s.charCodeAt(j))) j++;
        parts[k] = _digits(s, i, j);
        i = j;
        c = s.charCodeAt(i);
        if (
          k === 2 || !(c >= 33 && c <= 47 && c !== 46 || c === 58) ||
          !_isDigit(s.charCodeAt(i + 1))
        ) break;
        i++;
      }
      t.hour = parts[0] as number;
      t.minute = parts[1] as number;
      t.second = parts[2] as number;
      _readFraction(s, i, t);
    }
  }
  return _valid(t) ? t : null;
}

function _dateTimeFromInteger(v: bigint, micro: number, fsp: number): Temporal | null {
  let nr = v;
  const t = newTemporal();
  if (nr === 0n) return t;
  if (nr < 0n || nr < 101n) return null;
  let isDate = true;
  if (nr <= 691231n) nr = (nr + 20000000n) * 1000000n;
  else if (nr < 700101n) return null;
  else if (nr <= 991231n) nr = (nr + 19000000n) * 1000000n;
  else if (nr < 10000101n) return null;
  else if (nr <= 99991231n) nr = nr * 1000000n;
  else if (nr < 101000000n) return null;
  else if (nr <= 691231235959n) {
    nr = nr + 20000000000000n;
    isDate = false;
  } else if (nr < 700101000000n) return null;
  else if (nr <= 991231235959n) {
    nr = nr + 19000000000000n;
    isDate = false;
  } else if (nr <= 99991231235959n) isDate = false;
  else return null;
  const x = Number(nr);
  t.year = Math.floor(x / 1e10);
  t.month = Math.floor(x / 1e8) % 100;
  t.day = Math.floor(x / 1e6) % 100;
  t.hour = Math.floor(x / 1e4) % 100;
  t.minute = Math.floor(x / 100) % 100;
  t.second = x % 100;
  t.micro = micro;
  t.fsp = fsp;
  t.kind = isDate && micro === 0 ? KIND_DATE : KIND_DATETIME;
  return _valid(t) ? t : null;
}

function _timeFromInteger(v: bigint, micro: number, fsp: number): Temporal | null {
  const neg = v < 0n;
  const a = neg ? -v : v;
  if (a >= 10000000000n) {
    const dt = _dateTimeFromInteger(a, micro, fsp);
    if (dt === null) return null;
    dt.kind = KIND_TIME;
    dt.neg = neg;
    return dt;
  }
  const t = newTemporal(KIND_TIME);
  t.neg = neg && (a !== 0n || micro !== 0);
  if (a > 8385959n) return _clampTime(t);
  const x = Number(a);
  t.hour = Math.floor(x / 10000);
  t.minute = Math.floor(x / 100) % 100;
  t.second = x % 100;
  t.micro = micro;
  t.fsp = fsp;
  if (t.minute > 59 || t.second > 59) return null;
  return t;
}

function _clampTime(t: Temporal): Temporal {
  t.hour = 838;
  t.minute = 59;
  t.second = 59;
  t.micro = 0;
  t.fsp = 0;
  return t;
}

function _parseTimeString(s: string): Temporal | null {
  const dt = _parseDateTimeString(s);
  if (dt !== null && dt.kind === KIND_DATETIME) return dt;
  const n = s.length;
  let i = 0;
  while (i < n && _isSpace(s.charCodeAt(i))) i++;
  const t = newTemporal(KIND_TIME);
  if (s.charCodeAt(i) === 45) {
    t.neg = true;
    i++;
  }
  let j = i;
  while (j < n && _isDigit(s.charCodeAt(j))) j++;
  if (j === i) return null;
  let first = _digits(s, i, j);
  let days = 0;
  if (_isSpace(s.charCodeAt(j)) && _isDigit(s.charCodeAt(j + 1))) {
    days = first;
    i = j + 1;
    j = i;
    while (j < n && _isDigit(s.charCodeAt(j))) j++;
    first = _digits(s, i, j);
  }
  if (s.charCodeAt(j) === 58 && _isDigit(s.charCodeAt(j + 1))) {
    t.hour = first;
    i = j + 1;
    j = i;
    while (j < n && _isDigit(s.charCodeAt(j))) j++;
    t.minute = _digits(s, i, j);
    if (s.charCodeAt(j) === 58 && _isDigit(s.charCodeAt(j + 1))) {
      i = j + 1;
      j = i;
      while (j < n && _isDigit(s.charCodeAt(j))) j++;
      t.second = _digits(s, i, j);
    }
  } else if (days > 0) {
    t.hour = first;
  } else {
    if (j - i > 7) return null;
    t.hour = Math.floor(first / 10000);
    t.minute = Math.floor(first / 100) % 100;
    t.second = first % 100;
  }
  _readFraction(s, j, t);
  if (t.minute > 59 || t.second > 59) return null;
  t.hour += days * 24;
  if (t.hour * 3600 + t.minute * 60 + t.second > TIME_MAX_SECONDS) _clampTime(t);
  if (t.hour === 0 && t.minute === 0 && t.second === 0 && t.micro === 0) t.neg = false;
  return t;
}

const PAD2: string[] = [];
for (let k = 0; k < 100; k++) PAD2.push(k < 10 ? "0" + k : String(k));

/** Two-digit zero-padded number (0-99). */
export function pad2(n: number): string {
  return n < 100 && n >= 0 ? PAD2[n] as string : String(n);
}

/** Zero-padded to `width` digits. */
export function padN(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : "0".repeat(width - s.length) + s;
}

function _frac(micro: number, fsp: number): string {
  if (fsp === 0) return "";
  return "." + padN(micro, 6).slice(0, fsp);
}

/** 'YYYY-MM-DD'. */
export function formatDate(t: Temporal): string {
  return padN(t.year, 4) + "-" + pad2(t.month) + "-" + pad2(t.day);
}

/** 'YYYY-MM-DD HH:MM:SS[.f]'. */
export function formatDateTime(t: Temporal): string {
  return formatDate(t) + " " + pad2(t.hour) + ":" + pad2(t.minute) + ":" + pad2(t.second) +
    _frac(t.micro, t.fsp);
}

/** '[-]HH:MM:SS[.f]' (hours may exceed 99). */
export function formatTime(t: Temporal): string {
  return (t.neg ? "-" : "") + pad2(t.hour) + ":" + pad2(t.minute) + ":" + pad2(t.second) +
    _frac(t.micro, t.fsp);
}

/** Prints a value by its kind. */
export function formatTemporal(t: Temporal): string {
  return t.kind === KIND_DATE
    ? formatDate(t)
    : t.kind === KIND_DATETIME
    ? formatDateTime(t)
    : formatTime(t);
}

/** True for '0000-00-00' style dates (any zero part makes weekday functions return NULL). */
export function hasZeroPart(t: Temporal): boolean {
  return t.year === 0 || t.month === 0 || t.day === 0;
}
