/** INFORMATION_SCHEMA.USER_PRIVILEGES: every account has every privilege. */
import { grantee, PRIVILEGES } from "../server_info.ts";
import { col, type InformationSchemaTable } from "./table.ts";

export const USER_PRIVILEGES: InformationSchemaTable = {
  name: "USER_PRIVILEGES",
  columns: [
    col("GRANTEE", "varchar(292)", false),
    col("TABLE_CATALOG", "varchar(512)", false),
    col("PRIVILEGE_TYPE", "varchar(64)", false),
    col("IS_GRANTABLE", "varchar(3)", false),
  ],
  rows: (ctx) =>
    PRIVILEGES.filter(([p]) => p !== "Grant option").map((
      [p],
    ) => [grantee(ctx.user), "def", p.toUpperCase(), "YES"]),
};
