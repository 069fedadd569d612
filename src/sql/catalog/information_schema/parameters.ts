/** INFORMATION_SCHEMA.PARAMETERS: empty (no stored routines). */
import { col, emptyTable, NAME } from "./table.ts";

export const PARAMETERS = emptyTable("PARAMETERS", [
  col("SPECIFIC_CATALOG", NAME),
  col("SPECIFIC_SCHEMA", NAME),
  col("SPECIFIC_NAME", NAME, false),
  col("ORDINAL_POSITION", "bigint unsigned", false),
  col("PARAMETER_MODE", "varchar(5)"),
  col("PARAMETER_NAME", NAME),
  col("DATA_TYPE", "longtext"),
  col("CHARACTER_MAXIMUM_LENGTH", "bigint"),
  col("CHARACTER_OCTET_LENGTH", "bigint"),
  col("NUMERIC_PRECISION", "int unsigned"),
  col("NUMERIC_SCALE", "bigint"),
  col("DATETIME_PRECISION", "int unsigned"),
  col("CHARACTER_SET_NAME", NAME),
  col("COLLATION_NAME", NAME),
  col("DTD_IDENTIFIER", "mediumtext", false),
  col("ROUTINE_TYPE", "enum('FUNCTION','PROCEDURE')", false),
]);
