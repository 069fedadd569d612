/** Builders for the column definitions and results of SHOW statements. */
import { ColumnFlag, ColumnType } from "../../types/column.ts";
import type { ColumnInfo } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import type { RowsResult } from "../../types/results.ts";

/** A computed result column (no table behind it) with the given type fields. */
function _column(
  name: string,
  type: Pick<ColumnInfo, "charset" | "length" | "type" | "flags">,
): ColumnInfo {
  return { schema: "", table: "", orgTable: "", name, orgName: name, ...type, decimals: 0 };
}

/** A text result column of at most `chars` characters (utf8mb4, as MySQL sends for SHOW). */
export function textColumn(name: string, chars = 64, notNull = false): ColumnInfo {
  return _column(name, {
    charset: 255,
    length: chars * 4,
    type: ColumnType.VAR_STRING,
    flags: notNull ? ColumnFlag.NOT_NULL : 0,
  });
}

/** An integer result column. */
export function intColumn(
  name: string,
  type: "int" | "bigint" = "bigint",
  unsigned = false,
): ColumnInfo {
  return _column(name, {
    charset: 63,
    length: type === "int" ? 11 : 21,
    type: type === "int" ? ColumnType.LONG : ColumnType.LONGLONG,
    flags: unsigned ? ColumnFlag.UNSIGNED : 0,
  });
}

/** A DATETIME result column. */
export function datetimeColumn(name: string): ColumnInfo {
  return _column(name, {
    charset: 63,
    length: 19,
    type: ColumnType.DATETIME,
    flags: ColumnFlag.BINARY,
  });
}

/** A rows result. */
export function rowsResult(columns: ColumnInfo[], rows: SqlValue[][]): RowsResult {
  return { kind: "rows", columns, rows, warnings: 0 };
}

/** SqlValue for an optional number. */
export function nullable(v: number | string | null | undefined): SqlValue {
  return v === undefined ? null : v;
}
