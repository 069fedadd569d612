/** INFORMATION_SCHEMA.TABLE_CONSTRAINTS. */
import type { SqlValue } from "../../../types/values.ts";
import { sortedIndexes } from "../table_info.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const TABLE_CONSTRAINTS: InformationSchemaTable = {
  name: "TABLE_CONSTRAINTS",
  columns: [
    col("CONSTRAINT_CATALOG", NAME),
    col("CONSTRAINT_SCHEMA", NAME),
    col("CONSTRAINT_NAME", NAME),
    col("TABLE_SCHEMA", NAME),
    col("TABLE_NAME", NAME),
    col("CONSTRAINT_TYPE", "varchar(11)", false),
    col("ENFORCED", "varchar(3)", false),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, obj, table } of catalogObjects(ctx)) {
      if (obj.kind !== "table") continue;
      for (const index of sortedIndexes(table)) {
        if (index.kind === "primary") {
          rows.push(["def", database, "PRIMARY", database, table.name, "PRIMARY KEY", "YES"]);
        } else if (index.kind === "unique") {
          rows.push(["def", database, index.name, database, table.name, "UNIQUE", "YES"]);
        }
      }
      for (const fk of table.foreignKeys) {
        rows.push(["def", database, fk.name, database, table.name, "FOREIGN KEY", "YES"]);
      }
      for (const ck of table.checks) {
        rows.push([
          "def",
          database,
          ck.name,
          database,
          table.name,
          "CHECK",
          ck.enforced ? "YES" : "NO",
        ]);
      }
    }
    return rows;
  },
};
