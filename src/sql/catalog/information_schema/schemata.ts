/** INFORMATION_SCHEMA.SCHEMATA. */
import { INFORMATION_SCHEMA } from "../context.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const SCHEMATA: InformationSchemaTable = {
  name: "SCHEMATA",
  columns: [
    col("CATALOG_NAME", NAME, false),
    col("SCHEMA_NAME", NAME, false),
    col("DEFAULT_CHARACTER_SET_NAME", NAME, false),
    col("DEFAULT_COLLATION_NAME", NAME, false),
    col("SQL_PATH", "binary(0)"),
    col("DEFAULT_ENCRYPTION", "enum('NO','YES')", false),
  ],
  rows: (ctx) => [
    ["def", INFORMATION_SCHEMA, "utf8mb3", "utf8mb3_general_ci", null, "NO"],
    ...[...ctx.databaseNames()].sort().map((
      n,
    ) => ["def", n, "utf8mb4", "utf8mb4_0900_ai_ci", null, "NO"]),
  ],
};
