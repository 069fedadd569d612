/**
 * GLOBAL_VARIABLES, SESSION_VARIABLES, GLOBAL_STATUS and SESSION_STATUS: what SHOW VARIABLES and
 * SHOW STATUS list, as MySQL 8's performance_schema tables of those names (lower-case names;
 * the emitter maps `performance_schema.session_variables` here) and MariaDB's INFORMATION_SCHEMA
 * tables give them.
 */
import type { SqlValue } from "../../../types/values.ts";
import { showVariableValue } from "../../system_variables.ts";
import type { CatalogContext } from "../context.ts";
import { col, type InformationSchemaTable } from "./table.ts";

function nameValues(
  name: string,
  values: (ctx: CatalogContext) => ReadonlyMap<string, SqlValue>,
  variables: boolean,
): InformationSchemaTable {
  return {
    name,
    columns: [col("VARIABLE_NAME", "varchar(64)", false), col("VARIABLE_VALUE", "varchar(1024)")],
    rows: (ctx) =>
      [...values(ctx).entries()].map(([k, v]) => [k, showVariableValue(variables ? k : "", v)]),
  };
}

export const GLOBAL_VARIABLES = nameValues("GLOBAL_VARIABLES", (c) => c.variables("global"), true);
export const SESSION_VARIABLES = nameValues(
  "SESSION_VARIABLES",
  (c) => c.variables("session"),
  true,
);
export const GLOBAL_STATUS = nameValues("GLOBAL_STATUS", (c) => c.status(), false);
export const SESSION_STATUS = nameValues("SESSION_STATUS", (c) => c.status(), false);
