/** INFORMATION_SCHEMA.CHECK_CONSTRAINTS. */
import type { SqlValue } from "../../../types/values.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const CHECK_CONSTRAINTS: InformationSchemaTable = {
  name: "CHECK_CONSTRAINTS",
  columns: [
    col("CONSTRAINT_CATALOG", NAME),
    col("CONSTRAINT_SCHEMA", NAME),
    col("CONSTRAINT_NAME", NAME),
    col("CHECK_CLAUSE", "longtext", false),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, obj, table } of catalogObjects(ctx)) {
      if (obj.kind !== "table") continue;
      for (const ck of table.checks) rows.push(["def", database, ck.name, ck.mysql]);
    }
    return rows;
  },
};
