/**
 * COM_STMT_PREPARE_OK (notes §4.5): 0x00, statement id, num_columns, num_params, filler,
 * warning count (always sent: a 12-byte payload). The parameter and column definitions
 * that follow are ordinary ColumnDefinition41 packets.
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../types/column.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of COM_STMT_PREPARE_OK. */
export interface StmtPrepareOk {
  statementId: number;
  columnCount: number;
  paramCount: number;
  warnings: number;
}

/** The definition sent for every `?` (clients only count these). */
export const PARAM_COLUMN: ColumnInfo = Object.freeze({
  schema: "",
  table: "",
  orgTable: "",
  name: "?",
  orgName: "",
  charset: 63,
  length: 0,
  type: ColumnType.VAR_STRING,
  flags: ColumnFlag.BINARY,
  decimals: 0,
});

/** Writes the COM_STMT_PREPARE_OK packet (definitions are written by the caller). */
export function writeStmtPrepareOk(w: PacketWriter, ok: StmtPrepareOk): void {
  w.begin()
    .u8(0x00)
    .u32(ok.statementId)
    .u16(ok.columnCount)
    .u16(ok.paramCount)
    .u8(0)
    .u16(Math.min(ok.warnings, 0xffff))
    .end();
}

/** Decodes a COM_STMT_PREPARE_OK payload (client side; used by tests). */
export function decodeStmtPrepareOk(payload: Uint8Array): StmtPrepareOk {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0x00) throw new RangeError("Not a COM_STMT_PREPARE_OK packet");
  const statementId = r.u32();
  const columnCount = r.u16();
  const paramCount = r.u16();
  r.skip(1);
  return { statementId, columnCount, paramCount, warnings: r.remaining >= 2 ? r.u16() : 0 };
}
