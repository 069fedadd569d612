/**
 * COM_STMT_EXECUTE (notes §4.6): statement id, cursor flags, iteration count, then for a
 * statement with parameters: NULL bitmap (bit offset 0), new-params-bound flag, the
 * 2-byte types when that flag is 1 (otherwise the types of the previous execute), and the
 * values of the non-NULL parameters that did not arrive as long data.
 * QUERY_ATTRIBUTES is not advertised, so no parameter count or names appear here.
 */
import { ColumnType } from "../../types/column.ts";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { bytesToValue, readBinaryParam } from "../values/binary_param.ts";
import type { LongDataStore } from "./stmt_send_long_data.ts";

/** The cursor bits of the flags byte (0x08 is PARAMETER_COUNT_AVAILABLE, not a cursor). */
export const CURSOR_FLAGS_MASK = 0x07;

/** The fixed part of COM_STMT_EXECUTE. */
export interface StmtExecuteHeader {
  statementId: number;
  flags: number;
  iterationCount: number;
}

/** Decodes the fixed part; `payload` includes the command byte. */
export function decodeStmtExecuteHeader(payload: Uint8Array): StmtExecuteHeader {
  const r = new PayloadReader(payload, 1);
  return { statementId: r.u32(), flags: r.u8(), iterationCount: r.u32() };
}

/** Options for `decodeStmtExecuteParams`. */
export interface StmtExecuteParamsOptions {
  paramCount: number;
  /** Types bound by the previous execute of this statement, or null. */
  previousTypes: Uint16Array | null;
  /** Values sent with COM_STMT_SEND_LONG_DATA. */
  longData?: LongDataStore;
}

/** Decoded parameters and the types to remember for the next execute. */
export interface StmtExecuteParams {
  params: SqlValue[];
  types: Uint16Array | null;
}

/**
 * Decodes the parameter block. Throws MalformedPacketError on truncation and MysqlError
 * (1210) when no types were ever bound or a type is unknown.
 */
export function decodeStmtExecuteParams(
  payload: Uint8Array,
  options: StmtExecuteParamsOptions,
): StmtExecuteParams {
  const n = options.paramCount;
  if (n === 0) return { params: [], types: options.previousTypes };
  const r = new PayloadReader(payload, 10);
  const nullBitmap = r.bytesView((n + 7) >> 3);
  const bound = r.u8();
  let types = options.previousTypes;
  if (bound === 1) {
    // Clients that rebind on every execute usually send the same types: keep the array.
    const prev = options.previousTypes;
    let same = prev !== null && prev.length === n;
    const start = r.position;
    for (let i = 0; same && i < n; i++) same = r.u16() === prev![i];
    if (same) {
      types = prev!;
    } else {
      r.position = start;
      types = new Uint16Array(n);
      for (let i = 0; i < n; i++) types[i] = r.u16();
    }
  } else if (types === null || types.length !== n) {
    throw new MysqlError(
      ER.WRONG_ARGUMENTS,
      "Incorrect arguments to mysqld_stmt_execute: no parameter types were bound",
    );
  }
  const params: SqlValue[] = new Array(n);
  const longData = options.longData;
  for (let i = 0; i < n; i++) {
    const type = types[i]!;
    if (longData?.has(i)) {
      params[i] = bytesToValue(longData.take(i), type & 0xff);
    } else if (nullBitmap[i >> 3]! & (1 << (i & 7))) {
      params[i] = null;
    } else {
      params[i] = readBinaryParam(r, type);
    }
  }
  return { params, types };
}

/** Client-side encoder (tests and fuzzing): parameters typed by their JS kind. */
export function writeStmtExecute(
  w: PacketWriter,
  statementId: number,
  params: readonly SqlValue[],
): void {
  w.begin().u8(0x17).u32(statementId).u8(0).u32(1);
  if (params.length > 0) {
    const bitmap = new Uint8Array((params.length + 7) >> 3);
    params.forEach((p, i) => {
      if (p === null) bitmap[i >> 3]! |= 1 << (i & 7);
    });
    w.bytes(bitmap).u8(1);
    for (const p of params) {
      if (p === null) w.u16(ColumnType.NULL);
      else if (typeof p === "bigint") w.u16(ColumnType.LONGLONG | (p > 0n ? 0x8000 : 0));
      else if (typeof p === "number") w.u16(ColumnType.DOUBLE);
      else if (typeof p === "string") w.u16(ColumnType.VAR_STRING);
      else w.u16(ColumnType.BLOB);
    }
    for (const p of params) {
      if (p === null) continue;
      if (typeof p === "bigint") w.u64(p);
      else if (typeof p === "number") w.f64(p);
      else if (typeof p === "string") w.lenencString(p);
      else w.lenencBytes(p);
    }
  }
  w.end();
}
