/** Statement results as the session produces them and the protocol layer sends them. */
import type { ColumnInfo } from "./column.ts";
import type { SqlValue } from "./values.ts";

/** A statement that changed rows or state. */
export interface OkResult {
  kind: "ok";
  affectedRows: number | bigint;
  lastInsertId: number | bigint;
  warnings: number;
  /** Human-readable info, e.g. "Rows matched: 1  Changed: 1  Warnings: 0". */
  info?: string;
}

/** A statement that returned rows. Values are as SQLite returns them; the protocol layer
 * formats them for the text or binary protocol using each column's `ColumnInfo`. */
export interface RowsResult {
  kind: "rows";
  columns: ColumnInfo[];
  rows: SqlValue[][];
  warnings: number;
}

export type StatementResult = OkResult | RowsResult;
