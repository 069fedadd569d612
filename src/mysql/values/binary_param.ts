/**
 * Decodes one COM_STMT_EXECUTE parameter value from its binary form (notes §4.6, §4.8)
 * into the `SqlValue` the session receives:
 * - integers → number, or bigint beyond ±2^53 (UNSIGNED per the 0x80 flag);
 * - FLOAT/DOUBLE → number; DECIMAL/NEWDECIMAL → string;
 * - DATE → 'YYYY-MM-DD', DATETIME/TIMESTAMP → 'YYYY-MM-DD HH:MM:SS[.ffffff]',
 *   TIME → '[-]HH:MM:SS[.ffffff]';
 * - string types → JS string when the bytes are valid UTF-8, else Uint8Array;
 * - BLOB types, BIT and GEOMETRY → Uint8Array; NULL → null.
 * An unknown type code is a `MysqlError` (1210): the packet is intact but the value length
 * cannot be known, so the statement fails and the connection stays usable.
 */
import { ColumnType } from "../../types/column.ts";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PayloadReader } from "../framing/payload_reader.ts";
import { utf8DecodeStrict } from "../framing/utf8.ts";
import {
  type DateTimeParts,
  formatDateTime,
  formatTime,
  readBinaryDateTime,
  readBinaryTime,
  type TimeParts,
} from "./temporal.ts";

/** Parameter flag bit in the type's second byte. */
export const PARAM_UNSIGNED = 0x80;

const TINY_BLOB = 0xf9;
const MEDIUM_BLOB = 0xfa;
const LONG_BLOB = 0xfb;

function _bigToValue(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** True for the type codes whose values are raw bytes rather than text. */
export function isBinaryType(type: number): boolean {
  return type === ColumnType.BLOB || type === TINY_BLOB || type === MEDIUM_BLOB ||
    type === LONG_BLOB || type === ColumnType.BIT || type === ColumnType.GEOMETRY;
}

/** Bytes of a string-typed value: text when valid UTF-8, else the bytes themselves. */
export function bytesToValue(bytes: Uint8Array, type: number): string | Uint8Array {
  if (isBinaryType(type)) return bytes.slice();
  return utf8DecodeStrict(bytes) ?? bytes.slice();
}

/**
 * A temporal parameter with a field out of range (a minute of 60, a fraction of 1e6 µs or
 * more: the form would not even parse back) is the zero value, as MySQL's
 * `check_datetime_range` makes it. Seen from Connector/Python's C extension, which sends a
 * `timedelta` as microseconds alone.
 */
function _inRangeDateTime(p: DateTimeParts): DateTimeParts {
  if (
    p.year > 9999 || p.month > 12 || p.day > 31 || p.hour > 23 || p.minute > 59 ||
    p.second > 59 || p.micro > 999_999
  ) {
    return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 };
  }
  return p;
}

/** A TIME parameter: past 838 hours it is 838:59:59 (MySQL's `set_param_time`), else as above. */
function _inRangeTime(t: TimeParts): TimeParts {
  if (t.hours > 838) return { negative: t.negative, hours: 838, minute: 59, second: 59, micro: 0 };
  if (t.minute > 59 || t.second > 59 || t.micro > 999_999) {
    return { negative: false, hours: 0, minute: 0, second: 0, micro: 0 };
  }
  return t;
}

/**
 * Reads one parameter value. `type` is the 2-byte type from the execute packet: low byte
 * the type code, high byte the flags (0x80 = unsigned).
 */
export function readBinaryParam(r: PayloadReader, type: number): SqlValue {
  const code = type & 0xff;
  const unsigned = ((type >> 8) & PARAM_UNSIGNED) !== 0;
  switch (code) {
    case ColumnType.NULL:
      return null;
    case ColumnType.TINY:
      return unsigned ? r.u8() : r.i8();
    case ColumnType.SHORT:
    case ColumnType.YEAR:
      return unsigned ? r.u16() : r.i16();
    case ColumnType.LONG:
    case ColumnType.INT24:
      return unsigned ? r.u32() : r.i32();
    case ColumnType.LONGLONG:
      return _bigToValue(unsigned ? r.u64() : r.i64());
    case ColumnType.FLOAT:
      return r.f32();
    case ColumnType.DOUBLE:
      return r.f64();
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
      return r.lenencString();
    case ColumnType.DATE:
      return formatDateTime(_inRangeDateTime(readBinaryDateTime(r)), true);
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return formatDateTime(_inRangeDateTime(readBinaryDateTime(r)), false);
    case ColumnType.TIME:
      return formatTime(_inRangeTime(readBinaryTime(r)));
    case ColumnType.VARCHAR:
    case ColumnType.VAR_STRING:
    case ColumnType.STRING:
    case ColumnType.ENUM:
    case ColumnType.SET:
    case ColumnType.JSON:
    case ColumnType.BLOB:
    case TINY_BLOB:
    case MEDIUM_BLOB:
    case LONG_BLOB:
    case ColumnType.BIT:
    case ColumnType.GEOMETRY:
      return bytesToValue(r.lenencBytes(), code);
    default:
      throw new MysqlError(
        ER.WRONG_ARGUMENTS,
        `Incorrect arguments to mysqld_stmt_execute: unknown parameter type 0x${code.toString(16)}`,
      );
  }
}
