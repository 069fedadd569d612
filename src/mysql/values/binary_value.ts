/**
 * Encodes one non-NULL `SqlValue` for a binary-protocol row (notes §4.7, §4.8).
 *
 * The column type decides the bytes, never the JS kind of the value, because clients read
 * a fixed width for numeric and temporal types and would misparse the rest of the row
 * otherwise. Conversion rule for values that do not fit their column (SQLite allows any
 * value in any column):
 * - integer types: the value is converted like MySQL's string/double to integer cast
 *   (leading number of a string, rounding half away from zero, 0 when nothing numeric) and
 *   saturated to the type's range (signed or UNSIGNED);
 * - FLOAT/DOUBLE: converted to a number the same way;
 * - DECIMAL/NEWDECIMAL: a decimal string (numeric text kept as is, numbers formatted to
 *   `decimals` places, anything else its leading number);
 * - DATE/DATETIME/TIMESTAMP/TIME: parsed from text; anything unparseable is sent as the
 *   zero value (length 0), which every client accepts;
 * - BIT: numbers become big-endian bytes, as MySQL sends BIT values;
 * - every other type is length-prefixed bytes: strings as UTF-8, numbers as their text.
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { utf8Decode } from "../framing/utf8.ts";
import { formatDecimal } from "./format_number.ts";
import { bitBytes, NumberStyle, numberText } from "./text_value.ts";
import { parseDateTime, parseTime, writeBinaryDateTime, writeBinaryTime } from "./temporal.ts";

const LEADING_NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A value as a JS number or bigint, the way MySQL casts text to a number. */
export function toNumeric(value: Exclude<SqlValue, null>): number | bigint {
  if (typeof value === "number" || typeof value === "bigint") return value;
  const text = typeof value === "string" ? value : utf8Decode(value);
  if (INTEGER_TEXT.test(text)) {
    const big = BigInt(text.trim());
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  const m = LEADING_NUMBER.exec(text);
  return m ? Number(m[0]) : 0;
}

/** An integer type's width and range (signed or UNSIGNED). */
export interface IntRange {
  bytes: 1 | 2 | 4 | 8;
  min: bigint;
  max: bigint;
  minN: number;
  maxN: number;
}

function _range(type: ColumnType, unsigned: boolean): IntRange {
  const bytes = type === ColumnType.TINY
    ? 1
    : type === ColumnType.SHORT || type === ColumnType.YEAR
    ? 2
    : type === ColumnType.LONGLONG
    ? 8
    : 4;
  const bits = BigInt(bytes * 8);
  const min = unsigned ? 0n : -(1n << (bits - 1n));
  const max = unsigned ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
  return { bytes, min, max, minN: Number(min), maxN: Number(max) };
}

const RANGES = new Map<number, IntRange>();
for (
  const t of [
    ColumnType.TINY,
    ColumnType.SHORT,
    ColumnType.YEAR,
    ColumnType.LONG,
    ColumnType.INT24,
    ColumnType.LONGLONG,
  ]
) {
  RANGES.set(t, _range(t, false));
  RANGES.set(t | 0x100, _range(t, true));
}

/** Rounds half away from zero, as MySQL does when a double becomes an integer. */
function _roundToBigInt(n: number): bigint {
  if (Number.isNaN(n)) return 0n;
  if (!Number.isFinite(n)) return n > 0 ? 1n << 64n : -(1n << 64n);
  return BigInt(Math.sign(n) * Math.round(Math.abs(n)));
}

/** The byte width of an integer column type's binary value. */
export function integerRange(column: ColumnInfo): IntRange {
  const unsigned = (column.flags & ColumnFlag.UNSIGNED) !== 0;
  return RANGES.get(unsigned ? column.type | 0x100 : column.type)!;
}

/**
 * `value` converted and saturated to `range`, as the bits to send: a number (unsigned) for
 * 1-4 byte types, a 64-bit unsigned bigint for LONGLONG.
 */
export function integerBits(value: Exclude<SqlValue, null>, range: IntRange): number | bigint {
  const v = toNumeric(value);
  // Fast path: the common case of a safe integer inside a 1-4 byte range.
  if (typeof v === "number" && Number.isInteger(v) && range.bytes < 8) {
    const clamped = Math.min(Math.max(v, range.minN), range.maxN);
    return range.bytes === 4 ? clamped >>> 0 : clamped & (range.bytes === 1 ? 0xff : 0xffff);
  }
  let big = typeof v === "bigint" ? v : Number.isInteger(v) ? BigInt(v) : _roundToBigInt(v);
  if (big < range.min) big = range.min;
  if (big > range.max) big = range.max;
  return range.bytes === 8 ? BigInt.asUintN(64, big) : Number(BigInt.asUintN(range.bytes * 8, big));
}

function _writeInteger(w: PacketWriter, value: Exclude<SqlValue, null>, range: IntRange): void {
  const bits = integerBits(value, range);
  if (range.bytes === 8) w.u64(bits);
  else if (range.bytes === 4) w.u32(bits as number);
  else if (range.bytes === 2) w.u16(bits as number);
  else w.u8(bits as number);
}

/** The text a DECIMAL column sends for `value`. */
export function decimalText(value: Exclude<SqlValue, null>, column: ColumnInfo): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return formatDecimal(value, column.decimals);
  }
  const text = valueText(value);
  return DECIMAL_TEXT.test(text) ? text : formatDecimal(Number(toNumeric(text)), column.decimals);
}

/** The text a string-typed column sends for `value`. */
export function valueText(value: Exclude<SqlValue, null>): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value, NumberStyle.OTHER, 0);
  if (typeof value === "bigint") return value.toString();
  return utf8Decode(value);
}

/** Writes one non-NULL binary-protocol value for `column`. */
export function writeBinaryValue(
  w: PacketWriter,
  value: Exclude<SqlValue, null>,
  column: ColumnInfo,
): void {
  const type = column.type;
  switch (type) {
    case ColumnType.TINY:
    case ColumnType.SHORT:
    case ColumnType.YEAR:
    case ColumnType.LONG:
    case ColumnType.INT24:
    case ColumnType.LONGLONG:
      _writeInteger(w, value, integerRange(column));
      return;
    case ColumnType.FLOAT:
      w.f32(Number(toNumeric(value)));
      return;
    case ColumnType.DOUBLE:
      w.f64(Number(toNumeric(value)));
      return;
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
      w.lenencString(decimalText(value, column));
      return;
    case ColumnType.DATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP: {
      const parts = typeof value === "string" || value instanceof Uint8Array
        ? parseDateTime(valueText(value))
        : null;
      if (parts) writeBinaryDateTime(w, parts, type === ColumnType.DATE);
      else w.u8(0);
      return;
    }
    case ColumnType.TIME: {
      const parts = typeof value === "string" || value instanceof Uint8Array
        ? parseTime(valueText(value))
        : null;
      if (parts) writeBinaryTime(w, parts);
      else w.u8(0);
      return;
    }
    case ColumnType.BIT:
      if (typeof value === "number" || typeof value === "bigint") {
        w.lenencBytes(
          bitBytes(typeof value === "bigint" || Number.isFinite(value) ? value : 0, column.length),
        );
        return;
      }
      if (value instanceof Uint8Array) w.lenencBytes(value);
      else w.lenencString(value);
      return;
    default:
      if (value instanceof Uint8Array) w.lenencBytes(value);
      else w.lenencString(valueText(value));
  }
}
