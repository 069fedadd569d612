/** INFORMATION_SCHEMA.KEY_COLUMN_USAGE: PRIMARY, UNIQUE and FOREIGN KEY columns. */
import type { SqlValue } from "../../../types/values.ts";
import { sortedIndexes } from "../table_info.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const KEY_COLUMN_USAGE: InformationSchemaTable = {
  name: "KEY_COLUMN_USAGE",
  columns: [
    col("CONSTRAINT_CATALOG", NAME),
    col("CONSTRAINT_SCHEMA", NAME),
    col("CONSTRAINT_NAME", NAME),
    col("TABLE_CATALOG", NAME),
    col("TABLE_SCHEMA", NAME),
    col("TABLE_NAME", NAME),
    col("COLUMN_NAME", NAME),
    col("ORDINAL_POSITION", "int unsigned", false),
    col("POSITION_IN_UNIQUE_CONSTRAINT", "int unsigned"),
    col("REFERENCED_TABLE_SCHEMA", NAME),
    col("REFERENCED_TABLE_NAME", NAME),
    col("REFERENCED_COLUMN_NAME", NAME),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, obj, table } of catalogObjects(ctx)) {
      if (obj.kind !== "table") continue;
      for (const index of sortedIndexes(table)) {
        if (index.kind !== "primary" && index.kind !== "unique") continue;
        index.columns.forEach((c, i) => {
          rows.push([
            "def",
            database,
            index.name,
            "def",
            database,
            table.name,
            c.name,
            i + 1,
            null,
            null,
            null,
            null,
          ]);
        });
      }
      for (const fk of table.foreignKeys) {
        fk.columns.forEach((c, i) => {
          rows.push([
            "def",
            database,
            fk.name,
            "def",
            database,
            table.name,
            c,
            i + 1,
            i + 1,
            database,
            fk.refTable,
            fk.refColumns[i] ?? null,
          ]);
        });
      }
    }
    return rows;
  },
};
