/** INFORMATION_SCHEMA.TABLES. */
import type { SqlValue } from "../../../types/values.ts";
import { INFORMATION_SCHEMA } from "../context.ts";
import { tableStatuses, tableStatusValues } from "../show_tables.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const TABLES: InformationSchemaTable = {
  name: "TABLES",
  columns: [
    col("TABLE_CATALOG", NAME, false),
    col("TABLE_SCHEMA", NAME, false),
    col("TABLE_NAME", NAME, false),
    col("TABLE_TYPE", "enum('BASE TABLE','VIEW','SYSTEM VIEW')", false),
    col("ENGINE", NAME),
    col("VERSION", "int"),
    col("ROW_FORMAT", "enum('Fixed','Dynamic','Compressed','Redundant','Compact','Paged')"),
    col("TABLE_ROWS", "bigint unsigned"),
    col("AVG_ROW_LENGTH", "bigint unsigned"),
    col("DATA_LENGTH", "bigint unsigned"),
    col("MAX_DATA_LENGTH", "bigint unsigned"),
    col("INDEX_LENGTH", "bigint unsigned"),
    col("DATA_FREE", "bigint unsigned"),
    col("AUTO_INCREMENT", "bigint unsigned"),
    col("CREATE_TIME", "timestamp"),
    col("UPDATE_TIME", "datetime"),
    col("CHECK_TIME", "datetime"),
    col("TABLE_COLLATION", NAME),
    col("CHECKSUM", "bigint"),
    col("CREATE_OPTIONS", "varchar(256)"),
    col("TABLE_COMMENT", "text"),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const database of [...ctx.databaseNames()].sort()) {
      for (const s of tableStatuses(ctx, database)) {
        rows.push(["def", database, s.name, s.type, ...tableStatusValues(s)]);
      }
    }
    // The emulated schema lists its own tables as MySQL does.
    for (const name of _systemViews()) {
      rows.push([
        "def",
        INFORMATION_SCHEMA,
        name,
        "SYSTEM VIEW",
        null,
        10,
        null,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        null,
        null,
        null,
        "utf8mb3_general_ci",
        null,
        "",
        "",
      ]);
    }
    return rows;
  },
};

let _names: (() => string[]) | null = null;
/** Registry hook (set by registry.ts) to avoid an import cycle. */
export function setSystemViewNames(fn: () => string[]): void {
  _names = fn;
}
function _systemViews(): string[] {
  return _names ? _names() : [];
}
