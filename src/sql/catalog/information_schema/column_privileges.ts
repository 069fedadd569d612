/** INFORMATION_SCHEMA.COLUMN_PRIVILEGES: grants are global only, so empty. */
import { col, emptyTable } from "./table.ts";

export const COLUMN_PRIVILEGES = emptyTable("COLUMN_PRIVILEGES", [
  col("GRANTEE", "varchar(292)", false),
  col("TABLE_CATALOG", "varchar(512)", false),
  col("TABLE_SCHEMA", "varchar(64)", false),
  col("TABLE_NAME", "varchar(64)", false),
  col("COLUMN_NAME", "varchar(64)", false),
  col("PRIVILEGE_TYPE", "varchar(64)", false),
  col("IS_GRANTABLE", "varchar(3)", false),
]);
