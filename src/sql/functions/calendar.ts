/**
 * Calendar arithmetic with MySQL's conventions: day numbers as `TO_DAYS` counts them (day 1 is
 * 0000-01-01 of the proleptic Gregorian calendar), weekdays, and the week-number rules behind
 * `WEEK()`, `YEARWEEK()` and `DATE_FORMAT`'s `%U %u %V %v %X %x`.
 */

/** Week rule flags (MySQL's `week_behaviour` bits). */
export const WEEK_MONDAY_FIRST = 1;
export const WEEK_YEAR = 2;
export const WEEK_FIRST_WEEKDAY = 4;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y & 3) === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1] as number;
}

/** Days in year `y`. */
export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365;
}

/** A calendar date (Temporal values are one). */
export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

/** `TO_DAYS` of a date: MySQL's day number (0 for the zero date). */
export function dayNumber(date: YearMonthDay): number {
  return _dayNumber(date.year, date.month, date.day);
}

/** Day number of January 1st of year `y`. */
export function yearStart(y: number): number {
  return _dayNumber(y, 1, 1);
}

function _dayNumber(y: number, m: number, d: number): number {
  if (y === 0 && m === 0) return 0;
  let sum = 365 * y + 31 * (m - 1) + d;
  let yy = y;
  if (m <= 2) yy--;
  else sum -= Math.trunc((m * 4 + 23) / 10);
  const century = Math.trunc(((Math.trunc(yy / 100) + 1) * 3) / 4);
  return sum + Math.trunc(yy / 4) - century;
}

/** Day number of 1970-01-01, so `dayNumber = unix days + EPOCH_DAY`. */
export const EPOCH_DAY = 719528;

/** Highest day number MySQL accepts (9999-12-31). */
export const MAX_DAY_NUMBER = 3652424;

/** The date of a day number as [year, month, day]; [0, 0, 0] below year 1 or above 9999. */
export function fromDayNumber(n: number): [number, number, number] {
  if (n < 366 || n > MAX_DAY_NUMBER) return [0, 0, 0];
  // Civil-from-days on days since 0000-03-01 (proleptic Gregorian, era of 400 years).
  const z = n - 60;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return [y, m, d];
}

/** Weekday of a day number: 0 = Monday … 6 = Sunday, or 0 = Sunday … when `sundayFirst`. */
export function weekdayOf(dayNr: number, sundayFirst: boolean): number {
  return (dayNr + 5 + (sundayFirst ? 1 : 0)) % 7;
}

/** `WEEK()`'s mode argument turned into week rule flags. */
export function weekMode(mode: number): number {
  let flags = mode & 7;
  if (!(flags & WEEK_MONDAY_FIRST)) flags ^= WEEK_FIRST_WEEKDAY;
  return flags;
}

/** Scratch result of `calcWeek`: the year the week belongs to. */
export const weekYear = { year: 0 };

/** MySQL's week number of a date under the given rule flags; sets `weekYear.year`. */
export function calcWeek(date: YearMonthDay, flags: number): number {
  const { year: y, month: m, day: d } = date;
  const dayNr = _dayNumber(y, m, d);
  let firstDayNr = _dayNumber(y, 1, 1);
  const mondayFirst = (flags & WEEK_MONDAY_FIRST) !== 0;
  let yearFlag = (flags & WEEK_YEAR) !== 0;
  const firstWeekday = (flags & WEEK_FIRST_WEEKDAY) !== 0;
  let weekday = weekdayOf(firstDayNr, !mondayFirst);
  let year = y;
  if (m === 1 && d <= 7 - weekday) {
    if (!yearFlag && ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4))) {
      weekYear.year = year;
      return 0;
    }
    yearFlag = true;
    year--;
    const days = daysInYear(year);
    firstDayNr -= days;
    weekday = (weekday + 53 * 7 - days) % 7;
  }
  let days: number;
  if ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4)) {
    days = dayNr - (firstDayNr + (7 - weekday));
  } else {
    days = dayNr - (firstDayNr - weekday);
  }
  if (yearFlag && days >= 52 * 7) {
    weekday = (weekday + daysInYear(year)) % 7;
    if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday === 0)) {
      weekYear.year = year + 1;
      return 1;
    }
  }
  weekYear.year = year;
  return Math.floor(days / 7) + 1;
}
