/**
 * Column definitions for a result set: names as MySQL reports them, types from the SQLite
 * declared type of the source column (which carries the MySQL type) or, for expressions,
 * from the values.
 */
import type { StatementSync } from "node:sqlite";
import { columnInfoFor } from "../sql/column_types.ts";
import type { ColumnInfo } from "../types/column.ts";
import type { SqlValue } from "../types/values.ts";

type SqliteColumn = ReturnType<StatementSync["columns"]>[number];

/** Builds the column definitions of a result. */
export function resultColumns(
  meta: SqliteColumn[],
  rows: SqlValue[][],
  options: { names: string[]; database: string | null },
): ColumnInfo[] {
  const columns: ColumnInfo[] = new Array(meta.length);
  for (let i = 0; i < meta.length; i++) {
    const m = meta[i]!;
    const name = options.names[i] ?? m.name;
    let sample: SqlValue | undefined;
    if (m.type === null) {
      for (const row of rows) {
        const v = row[i];
        if (v !== null && v !== undefined) {
          sample = v;
          break;
        }
      }
    }
    const typeInfo = columnInfoFor(m.type ?? null, sample);
    const fromTable = m.table !== null && m.table !== undefined;
    columns[i] = {
      schema: fromTable ? schemaOf(m.database, options.database) : "",
      table: fromTable ? m.table! : "",
      orgTable: fromTable ? m.table! : "",
      name,
      orgName: fromTable ? (m.column ?? name) : "",
      ...typeInfo,
    };
  }
  return columns;
}

function schemaOf(sqliteSchema: string | null | undefined, current: string | null): string {
  if (sqliteSchema === null || sqliteSchema === undefined || sqliteSchema === "main") {
    return current ?? "";
  }
  return sqliteSchema;
}
