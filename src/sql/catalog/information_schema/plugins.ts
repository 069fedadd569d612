/** INFORMATION_SCHEMA.PLUGINS. */
import { PLUGINS as ALL } from "../server_info.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const PLUGINS: InformationSchemaTable = {
  name: "PLUGINS",
  columns: [
    col("PLUGIN_NAME", NAME, false),
    col("PLUGIN_VERSION", "varchar(20)", false),
    col("PLUGIN_STATUS", "varchar(10)", false),
    col("PLUGIN_TYPE", "varchar(80)", false),
    col("PLUGIN_TYPE_VERSION", "varchar(20)", false),
    col("PLUGIN_LIBRARY", NAME),
    col("PLUGIN_LIBRARY_VERSION", "varchar(20)"),
    col("PLUGIN_AUTHOR", "varchar(64)"),
    col("PLUGIN_DESCRIPTION", "longtext"),
    col("PLUGIN_LICENSE", "varchar(80)"),
    col("LOAD_OPTION", "varchar(64)", false),
  ],
  rows: () =>
    ALL.map((
      [name, status, type, lib, license],
    ) => [
      name,
      "1.0",
      status,
      type,
      "80032.0",
      lib,
      null,
      "Oracle Corporation",
      name,
      license,
      "FORCE",
    ]),
};
