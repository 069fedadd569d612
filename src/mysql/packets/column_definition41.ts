/**
 * Protocol::ColumnDefinition41 (notes §5): catalog "def", schema, table, org_table, name,
 * org_name, 0x0C, charset, length, type, flags, decimals, two filler bytes, and for
 * COM_FIELD_LIST replies a trailing lenenc default value (0xFB for NULL).
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Type code and flags as they go on the wire: MySQL never sends its internal codes. */
export function wireType(column: ColumnInfo): { type: number; flags: number } {
  switch (column.type) {
    case ColumnType.VARCHAR:
      return { type: ColumnType.VAR_STRING, flags: column.flags };
    case ColumnType.ENUM:
      return { type: ColumnType.STRING, flags: column.flags | ColumnFlag.ENUM };
    case ColumnType.SET:
      return { type: ColumnType.STRING, flags: column.flags | ColumnFlag.SET };
    default:
      return { type: column.type, flags: column.flags };
  }
}

/** Options for `writeColumnDefinition`. */
export interface ColumnDefinitionOptions {
  /** COM_FIELD_LIST variant: append the default value (null ⇒ 0xFB). */
  defaultValue?: string | null;
}

/** Writes one column definition packet. */
export function writeColumnDefinition(
  w: PacketWriter,
  column: ColumnInfo,
  options?: ColumnDefinitionOptions,
): void {
  const { type, flags } = wireType(column);
  w.begin()
    .u8(3).u8(0x64).u8(0x65).u8(0x66) // "def"
    .lenencString(column.schema)
    .lenencString(column.table)
    .lenencString(column.orgTable)
    .lenencString(column.name)
    .lenencString(column.orgName)
    .u8(0x0c)
    .u16(column.charset)
    .u32(Math.min(column.length, 0xffffffff))
    .u8(type)
    .u16(flags & 0xffff)
    .u8(column.decimals)
    .u16(0);
  if (options && options.defaultValue !== undefined) {
    if (options.defaultValue === null) w.u8(0xfb);
    else w.lenencString(options.defaultValue);
  }
  w.end();
}

/** A decoded column definition (catalog included, default value when present). */
export interface DecodedColumnDefinition extends ColumnInfo {
  catalog: string;
  defaultValue?: string | null;
}

/** Decodes a column definition payload. */
export function decodeColumnDefinition(payload: Uint8Array): DecodedColumnDefinition {
  const r = new PayloadReader(payload);
  const catalog = r.lenencString();
  const schema = r.lenencString();
  const table = r.lenencString();
  const orgTable = r.lenencString();
  const name = r.lenencString();
  const orgName = r.lenencString();
  const fixed = r.lenencLength();
  const charset = r.u16();
  const length = r.u32();
  const type = r.u8() as ColumnType;
  const flags = r.u16();
  const decimals = r.u8();
  r.skip(fixed - 10);
  const col: DecodedColumnDefinition = {
    catalog,
    schema,
    table,
    orgTable,
    name,
    orgName,
    charset,
    length,
    type,
    flags,
    decimals,
  };
  if (r.remaining > 0) {
    if (payload[r.position] === 0xfb) col.defaultValue = null;
    else col.defaultValue = r.lenencString();
  }
  return col;
}
