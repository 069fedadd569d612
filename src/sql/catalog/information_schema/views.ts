/** INFORMATION_SCHEMA.VIEWS. */
import type { SqlValue } from "../../../types/values.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const VIEWS: InformationSchemaTable = {
  name: "VIEWS",
  columns: [
    col("TABLE_CATALOG", NAME),
    col("TABLE_SCHEMA", NAME),
    col("TABLE_NAME", NAME),
    col("VIEW_DEFINITION", "longtext"),
    col("CHECK_OPTION", "enum('NONE','LOCAL','CASCADED')"),
    col("IS_UPDATABLE", "enum('NO','YES')"),
    col("DEFINER", "varchar(288)"),
    col("SECURITY_TYPE", "varchar(7)"),
    col("CHARACTER_SET_CLIENT", NAME, false),
    col("COLLATION_CONNECTION", NAME, false),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, obj } of catalogObjects(ctx)) {
      if (obj.kind !== "view") continue;
      rows.push([
        "def",
        database,
        obj.name,
        obj.mysql,
        obj.checkOption ?? "NONE",
        "YES",
        obj.definer.replace(/`/g, ""),
        obj.security,
        "utf8mb4",
        "utf8mb4_0900_ai_ci",
      ]);
    }
    return rows;
  },
};
