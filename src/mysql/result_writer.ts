/**
 * Writes statement results (notes §4.2, §4.3, §4.6): OK packets, text or binary result
 * sets (column count, definitions, EOF unless DEPRECATE_EOF, rows, EOF or OK-0xFE), and
 * COM_QUERY multi-results where every result but the last carries MORE_RESULTS_EXISTS and
 * an error after some results is the final packet. Small responses go out in one write;
 * large ones are flushed in ~1 MiB pieces so memory stays bounded.
 */
import { type ColumnInfo, ColumnType } from "../types/column.ts";
import type { MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { ServerStatus } from "./constants.ts";
import type { OkResult, QueryOutcome, RowsResult, StatementResult } from "./executor.ts";
import type { PacketChannel } from "./packet_channel.ts";
import { BatchOutcome, writeBinaryRow, writeBinaryRows } from "./packets/binary_row.ts";
import { writeColumnDefinition } from "./packets/column_definition41.ts";
import { writeEofPacket, writeTerminator } from "./packets/eof_packet.ts";
import { writeErrPacket } from "./packets/err_packet.ts";
import { writeOkPacket } from "./packets/ok_packet.ts";
import { writeTextRow } from "./packets/text_row.ts";

/** Per-response options. */
export interface ResultWriteOptions {
  /** CLIENT_DEPRECATE_EOF negotiated. */
  deprecateEof: boolean;
  /** Binary protocol (COM_STMT_EXECUTE) rather than text. */
  binary: boolean;
  /** SERVER_STATUS_* bits to send (MORE_RESULTS_EXISTS is added here when needed). */
  statusFlags: number;
}

/** Writes an OK packet for a statement result. */
export function writeOkResult(channel: PacketChannel, ok: OkResult, statusFlags: number): void {
  writeOkPacket(channel.writer, {
    affectedRows: ok.affectedRows,
    lastInsertId: ok.lastInsertId,
    statusFlags,
    warnings: ok.warnings,
    info: ok.info,
  });
}

/** Writes a MysqlError as an ERR packet. */
export function writeError(channel: PacketChannel, err: MysqlError): void {
  writeErrPacket(channel.writer, err);
}

/** Writes column definitions followed by an EOF unless DEPRECATE_EOF. */
export function writeDefinitions(
  channel: PacketChannel,
  columns: readonly ColumnInfo[],
  options: Omit<ResultWriteOptions, "binary">,
): void {
  if (columns.length === 0) return;
  const w = channel.writer;
  for (const col of columns) writeColumnDefinition(w, col);
  if (!options.deprecateEof) writeEofPacket(w, { warnings: 0, statusFlags: options.statusFlags });
}

/** A NULL-typed column has no binary encoding: retype it when it holds values. */
function _binaryColumns(result: RowsResult): ColumnInfo[] {
  const cols = result.columns;
  if (!cols.some((c) => c.type === ColumnType.NULL)) return cols;
  return cols.map((c, i) =>
    c.type === ColumnType.NULL && result.rows.some((r) => (r[i] ?? null) !== null)
      ? { ...c, type: ColumnType.VAR_STRING, charset: 45, flags: c.flags & ~128 }
      : c
  );
}

/** Rows whose strings are encoded in one batch (writeBinaryRows, PacketWriter.stageStrings). */
const STAGED_ROWS = 256;

/** Binary-protocol types whose string values are converted rather than sent as they are. */
const CONVERTED = new Set([
  ColumnType.TINY,
  ColumnType.SHORT,
  ColumnType.YEAR,
  ColumnType.LONG,
  ColumnType.INT24,
  ColumnType.LONGLONG,
  ColumnType.FLOAT,
  ColumnType.DOUBLE,
  ColumnType.DATE,
  ColumnType.DATETIME,
  ColumnType.TIMESTAMP,
  ColumnType.TIME,
  ColumnType.NULL,
]);

/** The columns whose string values are written as they are (text protocol: all). */
function _stringColumns(columns: readonly ColumnInfo[], binary: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (!binary || !CONVERTED.has(columns[i]!.type)) out.push(i);
  }
  return out;
}

/** The string values of `columns` in rows [from, to), in the order rows write them. */
function _strings(
  rows: readonly (readonly SqlValue[])[],
  from: number,
  to: number,
  columns: number[],
): string[] {
  const out: string[] = [];
  for (let r = from; r < to; r++) {
    const row = rows[r]!;
    for (const i of columns) {
      const v = row[i];
      if (typeof v === "string") out.push(v);
    }
  }
  return out;
}

/** Writes one result set (or an OK when it has no columns). */
export async function writeResultSet(
  channel: PacketChannel,
  result: RowsResult,
  options: ResultWriteOptions,
): Promise<void> {
  const w = channel.writer;
  if (result.columns.length === 0) {
    writeOkPacket(w, {
      affectedRows: 0,
      lastInsertId: 0,
      statusFlags: options.statusFlags,
      warnings: result.warnings,
    });
    return;
  }
  const columns = options.binary ? _binaryColumns(result) : result.columns;
  w.begin().lenenc(columns.length).end();
  writeDefinitions(channel, columns, options);
  const rows = result.rows;
  // One row gains nothing from a batch (one encoder call either way).
  const staged = rows.length > 1 ? _stringColumns(columns, options.binary) : [];
  try {
    for (let from = 0; from < rows.length; from += STAGED_ROWS) {
      const to = Math.min(from + STAGED_ROWS, rows.length);
      const outcome = options.binary && staged.length > 0
        ? writeBinaryRows(w, rows, from, to, columns)
        : BatchOutcome.UNSUPPORTED;
      if (outcome === BatchOutcome.WRITTEN) {
        if (w.length >= 1024 * 1024) await channel.flush();
        continue;
      }
      if (staged.length > 0 && outcome !== BatchOutcome.NOT_ASCII) {
        w.stageStrings(_strings(rows, from, to, staged));
      }
      for (let i = from; i < to; i++) {
        if (options.binary) writeBinaryRow(w, rows[i]!, columns);
        else writeTextRow(w, rows[i]!, columns);
        if (w.length >= 1024 * 1024) await channel.flush();
      }
    }
  } finally {
    w.unstageStrings();
  }
  writeTerminator(
    w,
    { warnings: result.warnings, statusFlags: options.statusFlags },
    options.deprecateEof,
  );
}

/** Writes one statement result. */
export async function writeStatementResult(
  channel: PacketChannel,
  result: StatementResult,
  options: ResultWriteOptions,
): Promise<void> {
  if (result.kind === "ok") writeOkResult(channel, result, options.statusFlags);
  else await writeResultSet(channel, result, options);
}

/** Writes a COM_QUERY outcome: all results, then the error if one stopped the batch. */
export async function writeQueryOutcome(
  channel: PacketChannel,
  outcome: QueryOutcome,
  options: ResultWriteOptions,
): Promise<void> {
  const { results, error } = outcome;
  if (results.length === 0 && !error) {
    writeOkPacket(channel.writer, {
      affectedRows: 0,
      lastInsertId: 0,
      statusFlags: options.statusFlags,
      warnings: 0,
    });
    return;
  }
  const last = results.length - 1;
  for (let i = 0; i <= last; i++) {
    const more = i < last || error !== undefined;
    const statusFlags = more
      ? options.statusFlags | ServerStatus.MORE_RESULTS_EXISTS
      : options.statusFlags & ~ServerStatus.MORE_RESULTS_EXISTS;
    await writeStatementResult(channel, results[i]!, { ...options, statusFlags });
  }
  if (error) writeError(channel, error);
}
