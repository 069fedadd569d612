/**
 * ProtocolText::ResultsetRow (notes §4.2): each column a lenenc string of its text form,
 * 0xFB for NULL.
 */
import type { ColumnInfo } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { writeTextValue } from "../values/text_value.ts";

/** Writes one text row packet. */
export function writeTextRow(
  w: PacketWriter,
  row: readonly SqlValue[],
  columns: ColumnInfo[],
): void {
  w.begin();
  for (let i = 0; i < columns.length; i++) writeTextValue(w, row[i] ?? null, columns[i]!);
  w.end();
}

/** Decodes a text row payload into raw column bytes (null for SQL NULL). */
export function decodeTextRow(payload: Uint8Array, columnCount: number): (Uint8Array | null)[] {
  const r = new PayloadReader(payload);
  const out: (Uint8Array | null)[] = [];
  for (let i = 0; i < columnCount; i++) {
    if (payload[r.position] === 0xfb) {
      r.skip(1);
      out.push(null);
    } else {
      out.push(r.lenencBytes());
    }
  }
  return out;
}
