/** INFORMATION_SCHEMA.STATISTICS: one row per key part, as SHOW INDEX. */
import type { SqlValue } from "../../../types/values.ts";
import { indexRows } from "../show_columns.ts";
import { catalogObjects } from "./objects.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const STATISTICS: InformationSchemaTable = {
  name: "STATISTICS",
  columns: [
    col("TABLE_CATALOG", NAME, false),
    col("TABLE_SCHEMA", NAME, false),
    col("TABLE_NAME", NAME, false),
    col("NON_UNIQUE", "int", false),
    col("INDEX_SCHEMA", NAME, false),
    col("INDEX_NAME", NAME),
    col("SEQ_IN_INDEX", "int unsigned", false),
    col("COLUMN_NAME", NAME),
    col("COLLATION", "varchar(1)"),
    col("CARDINALITY", "bigint"),
    col("SUB_PART", "bigint"),
    col("PACKED", "binary(0)"),
    col("NULLABLE", "varchar(3)", false),
    col("INDEX_TYPE", "varchar(11)", false),
    col("COMMENT", "varchar(8)", false),
    col("INDEX_COMMENT", "varchar(2048)", false),
    col("IS_VISIBLE", "varchar(3)", false),
    col("EXPRESSION", "longtext"),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const { database, db, obj, table } of catalogObjects(ctx)) {
      if (obj.kind !== "table") continue;
      for (const r of indexRows(db, table)) {
        // r: Table, Non_unique, Key_name, Seq, Column, Collation, Cardinality, Sub_part, Packed,
        //    Null, Index_type, Comment, Index_comment, Visible, Expression
        rows.push([
          "def",
          database,
          r[0]!,
          r[1]!,
          database,
          r[2]!,
          r[3]!,
          r[4]!,
          r[5]!,
          r[6]!,
          r[7]!,
          r[8]!,
          r[9]!,
          r[10]!,
          r[11]!,
          r[12]!,
          r[13]!,
          r[14]!,
        ]);
      }
    }
    return rows;
  },
};
