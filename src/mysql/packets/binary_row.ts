/**
 * ProtocolBinary::ResultsetRow (notes §4.7): 0x00, NULL bitmap with bit offset 2 (column i
 * ↔ byte (i+2)>>3, bit (i+2)&7), then the non-NULL values in binary form. A column typed
 * MYSQL_TYPE_NULL has no binary encoding, so its values always travel as NULL (the result
 * writer retypes such a column when it holds values).
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import { MAX_PACKET_CHUNK } from "../constants.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { readBinaryParam } from "../values/binary_param.ts";
import {
  decimalText,
  integerBits,
  integerRange,
  type IntRange,
  toNumeric,
  valueText,
  writeBinaryValue,
} from "../values/binary_value.ts";
import { NumberStyle, numberStyle } from "../values/text_value.ts";

/** Writes one binary row packet. */
export function writeBinaryRow(
  w: PacketWriter,
  row: readonly SqlValue[],
  columns: ColumnInfo[],
): void {
  const n = columns.length;
  w.begin().u8(0x00);
  let byte = 0;
  let bit = 2;
  for (let i = 0; i < n; i++) {
    if ((row[i] ?? null) === null || columns[i]!.type === ColumnType.NULL) byte |= 1 << bit;
    if (++bit === 8) {
      w.u8(byte);
      byte = 0;
      bit = 0;
    }
  }
  if (bit !== 0) w.u8(byte);
  for (let i = 0; i < n; i++) {
    const v = row[i] ?? null;
    const col = columns[i]!;
    if (v !== null && col.type !== ColumnType.NULL) writeBinaryValue(w, v, col);
  }
  w.end();
}

/** How `writeBinaryRows` sends a column's non-NULL values. */
const enum Slot {
  /** Length-prefixed text (string-typed columns). */
  TEXT,
  /** Length-prefixed decimal text. */
  DECIMAL,
  INTEGER,
  FLOAT,
  DOUBLE,
  /** Always NULL (MYSQL_TYPE_NULL). */
  NULL,
  /** Temporal and BIT values: written by `writeBinaryRow` only. */
  OTHER,
}

/** Temporal and BIT columns: their binary forms are `writeBinaryRow`'s alone. */
const OTHER_TYPES: ReadonlySet<ColumnType> = new Set([
  ColumnType.DATE,
  ColumnType.DATETIME,
  ColumnType.TIMESTAMP,
  ColumnType.TIME,
  ColumnType.BIT,
]);

function _slot(type: ColumnType): Slot {
  switch (numberStyle(type)) {
    case NumberStyle.INTEGER:
      return Slot.INTEGER;
    case NumberStyle.FLOAT:
      return Slot.FLOAT;
    case NumberStyle.DOUBLE:
      return Slot.DOUBLE;
    case NumberStyle.DECIMAL:
      return Slot.DECIMAL;
  }
  if (type === ColumnType.NULL) return Slot.NULL;
  return OTHER_TYPES.has(type) ? Slot.OTHER : Slot.TEXT;
}

/** What `writeBinaryRows` did. */
export const enum BatchOutcome {
  WRITTEN,
  /** Nothing written: some text is not ASCII. */
  NOT_ASCII,
  /** Nothing written: a value needs `writeBinaryRow` (bytes, temporal, BIT, huge row). */
  UNSUPPORTED,
}

/** Largest batch `writeBinaryRows` builds at once (bytes). */
const MAX_BATCH = 1024 * 1024;
const encoder = new TextEncoder();
const gaps: string[] = [];

/** `n` NUL characters: placeholders for the bytes between texts. */
function _gap(n: number): string {
  if (n > 64) return "\0".repeat(n);
  return gaps[n] ??= "\0".repeat(n);
}

/**
 * Writes rows [from, to) as binary row packets, the same bytes `writeBinaryRow` writes, when
 * every text is ASCII: all texts, joined with NUL placeholders for the bytes between them,
 * go through one encoder call straight into the buffer (a call per string costs more than
 * its bytes), then headers, NULL bitmaps, length prefixes and numbers are filled in.
 * Writes nothing unless it returns WRITTEN.
 */
export function writeBinaryRows(
  w: PacketWriter,
  rows: readonly (readonly SqlValue[])[],
  from: number,
  to: number,
  columns: readonly ColumnInfo[],
): BatchOutcome {
  const n = columns.length;
  const slots: Slot[] = new Array(n);
  const ranges: Array<IntRange | undefined> = new Array(n);
  for (let i = 0; i < n; i++) {
    const slot = _slot(columns[i]!.type);
    slots[i] = slot;
    if (slot === Slot.INTEGER) ranges[i] = integerRange(columns[i]!);
  }
  const bitmap = (n + 9) >> 3;
  // Texts at odd indexes, the placeholders before them (and after the last) at even ones.
  const parts: string[] = [];
  const lengths: number[] = [];
  let gap = 0;
  let total = 0;
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    let len = 1 + bitmap;
    gap += 4 + len;
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? null;
      const slot = slots[i]!;
      if (v === null || slot === Slot.NULL) continue;
      let width: number;
      if (slot === Slot.TEXT || slot === Slot.DECIMAL) {
        if (v instanceof Uint8Array) return BatchOutcome.UNSUPPORTED;
        const text = slot === Slot.DECIMAL
          ? decimalText(v, columns[i]!)
          : typeof v === "string"
          ? v
          : valueText(v);
        const t = text.length;
        const prefix = t < 0xfb ? 1 : t < 0x10000 ? 3 : 4;
        parts.push(_gap(gap + prefix), text);
        gap = 0;
        len += prefix + t;
        continue;
      } else if (slot === Slot.INTEGER) width = ranges[i]!.bytes;
      else if (slot === Slot.FLOAT) width = 4;
      else if (slot === Slot.DOUBLE) width = 8;
      else return BatchOutcome.UNSUPPORTED;
      gap += width;
      len += width;
    }
    if (len >= MAX_PACKET_CHUNK) return BatchOutcome.UNSUPPORTED;
    lengths.push(len);
    total += 4 + len;
    if (total > MAX_BATCH) return BatchOutcome.UNSUPPORTED;
  }
  if (gap > 0) parts.push(_gap(gap));
  const at = w.length;
  const buf = w.spare(total);
  // A non-ASCII character takes more bytes than chars, so the text cannot all fit.
  const { read, written } = encoder.encodeInto(parts.join(""), buf.subarray(at, at + total));
  if (read !== total || written !== total) return BatchOutcome.NOT_ASCII;
  let view: DataView | undefined;
  let seq = w.sequenceId;
  let p = at;
  let part = 1;
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    const len = lengths[r - from]!;
    buf[p] = len & 0xff;
    buf[p + 1] = (len >>> 8) & 0xff;
    buf[p + 2] = len >>> 16;
    buf[p + 3] = seq;
    seq = (seq + 1) & 0xff;
    // The 0x00 header and the bitmap are placeholders, so zero already.
    const nulls = p + 5;
    p = nulls + bitmap;
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? null;
      const slot = slots[i]!;
      if (v === null || slot === Slot.NULL) {
        const byte = nulls + ((i + 2) >> 3);
        buf[byte] = buf[byte]! | (1 << ((i + 2) & 7));
        continue;
      }
      switch (slot) {
        case Slot.TEXT:
        case Slot.DECIMAL: {
          const t = parts[part]!.length;
          part += 2;
          if (t < 0xfb) {
            buf[p++] = t;
          } else {
            buf[p++] = t < 0x10000 ? 0xfc : 0xfd;
            buf[p++] = t & 0xff;
            buf[p++] = (t >>> 8) & 0xff;
            if (t >= 0x10000) buf[p++] = t >>> 16;
          }
          p += t;
          break;
        }
        case Slot.INTEGER: {
          const range = ranges[i]!;
          const bits = integerBits(v, range);
          if (typeof bits === "bigint") {
            view ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
            view.setBigUint64(p, bits, true);
          } else {
            buf[p] = bits & 0xff;
            if (range.bytes > 1) buf[p + 1] = (bits >>> 8) & 0xff;
            if (range.bytes > 2) {
              buf[p + 2] = (bits >>> 16) & 0xff;
              buf[p + 3] = bits >>> 24;
            }
          }
          p += range.bytes;
          break;
        }
        case Slot.FLOAT:
          view ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
          view.setFloat32(p, Number(toNumeric(v)), true);
          p += 4;
          break;
        default:
          view ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
          view.setFloat64(p, Number(toNumeric(v)), true);
          p += 8;
      }
    }
  }
  w.sequenceId = seq;
  w.advance(total);
  return BatchOutcome.WRITTEN;
}

/** Decodes a binary row payload using the column types (client side; used by tests). */
export function decodeBinaryRow(payload: Uint8Array, columns: ColumnInfo[]): SqlValue[] {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0x00) throw new RangeError("Not a binary row");
  const bitmap = r.bytesView((columns.length + 9) >> 3);
  const out: SqlValue[] = [];
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    if (bitmap[(i + 2) >> 3]! & (1 << ((i + 2) & 7))) {
      out.push(null);
    } else {
      const unsigned = col.flags & ColumnFlag.UNSIGNED ? 0x8000 : 0;
      out.push(readBinaryParam(r, col.type | unsigned));
    }
  }
  return out;
}
