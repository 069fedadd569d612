/** INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS: foreign keys and the parent key they use. */
import type { SqlValue } from "../../../types/values.ts";
import { readTable } from "../../ddl/store.ts";
import { sortedIndexes } from "../table_info.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const REFERENTIAL_CONSTRAINTS: InformationSchemaTable = {
  name: "REFERENTIAL_CONSTRAINTS",
  columns: [
    col("CONSTRAINT_CATALOG", NAME),
    col("CONSTRAINT_SCHEMA", NAME),
    col("CONSTRAINT_NAME", NAME),
    col("UNIQUE_CONSTRAINT_CATALOG", NAME),
    col("UNIQUE_CONSTRAINT_SCHEMA", NAME),
    col("UNIQUE_CONSTRAINT_NAME", NAME),
    col("MATCH_OPTION", "enum('NONE','PARTIAL','FULL')", false),
    col("UPDATE_RULE", "enum('NO ACTION','RESTRICT','CASCADE','SET NULL','SET DEFAULT')", false),
    col("DELETE_RULE", "enum('NO ACTION','RESTRICT','CASCADE','SET NULL','SET DEFAULT')", false),
    col("TABLE_NAME", NAME, false),
    col("REFERENCED_TABLE_NAME", NAME, false),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, db, obj, table } of catalogObjects(ctx)) {
      if (obj.kind !== "table") continue;
      for (const fk of table.foreignKeys) {
        const parent = readTable(db, fk.refTable);
        const key = parent &&
          sortedIndexes(parent).find((i) =>
            (i.kind === "primary" || i.kind === "unique") &&
            i.columns.length === fk.refColumns.length &&
            i.columns.every((c, n) => c.name.toLowerCase() === fk.refColumns[n]?.toLowerCase())
          );
        rows.push([
          "def",
          database,
          fk.name,
          "def",
          database,
          key?.name ?? null,
          "NONE",
          fk.onUpdate ?? "NO ACTION",
          fk.onDelete ?? "NO ACTION",
          table.name,
          fk.refTable,
        ]);
      }
    }
    return rows;
  },
};
