/**
 * Encodes one `SqlValue` for a text-protocol row (ProtocolText::ResultsetRow, notes §4.2):
 * lenenc string of the value's text, 0xFB for NULL. Numbers are printed as MySQL prints
 * the column's type; any value whose JS kind does not match the column type (SQLite lets a
 * string sit in an INT column) falls back to its own text, which is what the stored value
 * is and never misframes the row.
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { formatDecimal, formatDouble, formatFloat, formatInteger } from "./format_number.ts";

/** How a column's numbers are printed. */
export const enum NumberStyle {
  INTEGER,
  DOUBLE,
  FLOAT,
  DECIMAL,
  OTHER,
}

/** The number style of a column type. */
export function numberStyle(type: ColumnType): NumberStyle {
  switch (type) {
    case ColumnType.TINY:
    case ColumnType.SHORT:
    case ColumnType.LONG:
    case ColumnType.LONGLONG:
    case ColumnType.INT24:
    case ColumnType.YEAR:
      return NumberStyle.INTEGER;
    case ColumnType.DOUBLE:
      return NumberStyle.DOUBLE;
    case ColumnType.FLOAT:
      return NumberStyle.FLOAT;
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
      return NumberStyle.DECIMAL;
    default:
      return NumberStyle.OTHER;
  }
}

/** Text of a JS number for a column of the given style. */
export function numberText(n: number, style: NumberStyle, decimals: number): string {
  switch (style) {
    case NumberStyle.INTEGER:
      return formatInteger(n);
    case NumberStyle.DOUBLE:
      return formatDouble(n);
    case NumberStyle.FLOAT:
      return formatFloat(n);
    case NumberStyle.DECIMAL:
      return formatDecimal(n, decimals);
    default:
      return Number.isInteger(n) ? formatInteger(n) : formatDouble(n);
  }
}

/**
 * BIT(M) values travel as big-endian bytes (ceil(M / 8) of them) in both protocols; SQLite
 * hands them back as integers.
 */
export function bitBytes(value: number | bigint, bits: number): Uint8Array {
  const size = Math.max(1, Math.min(8, Math.ceil(bits / 8)));
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(64, typeof value === "bigint" ? value : BigInt(Math.trunc(value)));
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * A whole number beyond 2^53 in an integer column: SQLite holds integers past signed 64 bits
 * (BIGINT UNSIGNED from 2^63) as REAL. Printed exactly and kept inside the column's 64-bit
 * range, as the binary protocol does, so 18446744073709551615 (stored as 2^64) reads back as
 * itself instead of a shortest-form 18446744073709552000 that no client can parse as uint64.
 */
function wideIntegerText(n: number, column: ColumnInfo): string {
  const unsigned = (column.flags & ColumnFlag.UNSIGNED) !== 0;
  const max = unsigned ? (1n << 64n) - 1n : (1n << 63n) - 1n;
  const min = unsigned ? 0n : -(1n << 63n);
  const v = BigInt(n);
  return (v > max ? max : v < min ? min : v).toString();
}

/**
 * An integer of a BIGINT UNSIGNED result: a bit operation (`~0`, `1 << 63`) gives SQLite's
 * signed 64-bit pattern, which MySQL reads as unsigned (18446744073709551615, as the binary
 * protocol's 8 bytes already say).
 */
function unsignedText(v: bigint, column: ColumnInfo): string {
  return v < 0n && (column.flags & ColumnFlag.UNSIGNED) !== 0
    ? BigInt.asUintN(64, v).toString()
    : v.toString();
}

/** A ZEROFILL column's number padded with zeros to its display width (YEAR 0 is `0000`). */
function zeroFilled(text: string, column: ColumnInfo): string {
  if ((column.flags & ColumnFlag.ZEROFILL) === 0 || text.length >= column.length) return text;
  return text.charCodeAt(0) === 45 ? text : text.padStart(column.length, "0");
}

/** Writes one text-protocol column value. */
export function writeTextValue(w: PacketWriter, value: SqlValue, column: ColumnInfo): void {
  if (value === null) {
    w.u8(0xfb);
  } else if (
    column.type === ColumnType.BIT && typeof value !== "string" && !(value instanceof Uint8Array)
  ) {
    w.lenencBytes(
      bitBytes(typeof value === "bigint" || Number.isFinite(value) ? value : 0, column.length),
    );
  } else if (typeof value === "string") {
    w.lenencString(value);
  } else if (typeof value === "number") {
    const style = numberStyle(column.type);
    w.lenencString(zeroFilled(
      style === NumberStyle.INTEGER && Number.isInteger(value) && !Number.isSafeInteger(value)
        ? wideIntegerText(value, column)
        : numberText(value, style, column.decimals),
      column,
    ));
  } else if (typeof value === "bigint") {
    const style = numberStyle(column.type);
    w.lenencString(zeroFilled(
      style === NumberStyle.DECIMAL
        ? formatDecimal(value, column.decimals)
        : unsignedText(value, column),
      column,
    ));
  } else {
    w.lenencBytes(value);
  }
}
