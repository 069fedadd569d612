/** INFORMATION_SCHEMA.COLUMNS. */
import type { SqlValue } from "../../../types/values.ts";
import {
  characterMaximumLength,
  characterOctetLength,
  datetimePrecision,
  formatType,
  numericPrecision,
  numericScale,
} from "../../ddl/mysql_type.ts";
import { columnDefault, columnExtra, columnKey } from "../table_info.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const COLUMNS: InformationSchemaTable = {
  name: "COLUMNS",
  columns: [
    col("TABLE_CATALOG", NAME, false),
    col("TABLE_SCHEMA", NAME, false),
    col("TABLE_NAME", NAME, false),
    col("COLUMN_NAME", NAME),
    col("ORDINAL_POSITION", "int unsigned", false),
    col("COLUMN_DEFAULT", "text"),
    col("IS_NULLABLE", "varchar(3)", false),
    col("DATA_TYPE", "longtext"),
    col("CHARACTER_MAXIMUM_LENGTH", "bigint"),
    col("CHARACTER_OCTET_LENGTH", "bigint"),
    col("NUMERIC_PRECISION", "bigint unsigned"),
    col("NUMERIC_SCALE", "bigint unsigned"),
    col("DATETIME_PRECISION", "int unsigned"),
    col("CHARACTER_SET_NAME", NAME),
    col("COLLATION_NAME", NAME),
    col("COLUMN_TYPE", "mediumtext", false),
    col("COLUMN_KEY", "enum('','PRI','UNI','MUL')", false),
    col("EXTRA", "varchar(256)"),
    col("PRIVILEGES", "varchar(154)"),
    col("COLUMN_COMMENT", "text", false),
    col("GENERATION_EXPRESSION", "longtext", false),
    col("SRS_ID", "int unsigned"),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, table } of catalogObjects(ctx)) {
      table.columns.forEach((c, i) => {
        const t = c.type;
        rows.push([
          "def",
          database,
          table.name,
          c.name,
          i + 1,
          columnDefault(c),
          c.nullable ? "YES" : "NO",
          t.base,
          characterMaximumLength(t),
          characterOctetLength(t),
          numericPrecision(t),
          numericScale(t),
          datetimePrecision(t),
          t.charset,
          t.collation,
          formatType(t),
          columnKey(table, c),
          columnExtra(c),
          "select,insert,update,references",
          c.comment,
          c.generated?.mysql ?? "",
          null,
        ]);
      });
    }
    return rows;
  },
};
