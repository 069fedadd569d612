/**
 * ProtocolBinary::ResultsetRow (notes §4.7): 0x00, NULL bitmap with bit offset 2 (column i
 * ↔ byte (i+2)>>3, bit (i+2)&7), then the non-NULL values in binary form. A column typed
 * MYSQL_TYPE_NULL has no binary encoding, so its values always travel as NULL (the result
 * writer retypes such a column when it holds values).
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { readBinaryParam } from "../values/binary_param.ts";
import { writeBinaryValue } from "../values/binary_value.ts";

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
