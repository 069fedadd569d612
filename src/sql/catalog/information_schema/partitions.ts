/** INFORMATION_SCHEMA.PARTITIONS: one unpartitioned row per table, as MySQL reports. */
import type { SqlValue } from "../../../types/values.ts";
import { tableStatuses } from "../show_tables.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const PARTITIONS: InformationSchemaTable = {
  name: "PARTITIONS",
  columns: [
    col("TABLE_CATALOG", NAME),
    col("TABLE_SCHEMA", NAME),
    col("TABLE_NAME", NAME),
    col("PARTITION_NAME", NAME),
    col("SUBPARTITION_NAME", NAME),
    col("PARTITION_ORDINAL_POSITION", "int unsigned"),
    col("SUBPARTITION_ORDINAL_POSITION", "int unsigned"),
    col("PARTITION_METHOD", "varchar(13)"),
    col("SUBPARTITION_METHOD", "varchar(13)"),
    col("PARTITION_EXPRESSION", "varchar(2048)"),
    col("SUBPARTITION_EXPRESSION", "varchar(2048)"),
    col("PARTITION_DESCRIPTION", "text"),
    col("TABLE_ROWS", "bigint unsigned"),
    col("AVG_ROW_LENGTH", "bigint unsigned"),
    col("DATA_LENGTH", "bigint unsigned"),
    col("MAX_DATA_LENGTH", "bigint unsigned"),
    col("INDEX_LENGTH", "bigint unsigned"),
    col("DATA_FREE", "bigint unsigned"),
    col("CREATE_TIME", "timestamp"),
    col("UPDATE_TIME", "datetime"),
    col("CHECK_TIME", "datetime"),
    col("CHECKSUM", "bigint"),
    col("PARTITION_COMMENT", "text", false),
    col("NODEGROUP", "varchar(256)"),
    col("TABLESPACE_NAME", "varchar(268)"),
  ],
  rows: (ctx) => {
    const rows: SqlValue[][] = [];
    for (const database of [...ctx.databaseNames()].sort()) {
      for (const s of tableStatuses(ctx, database)) {
        if (s.type !== "BASE TABLE") continue;
        rows.push([
          "def",
          database,
          s.name,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          s.rows,
          s.avgRowLength,
          s.dataLength,
          0,
          s.indexLength,
          0,
          s.createTime,
          null,
          null,
          null,
          "",
          null,
          null,
        ]);
      }
    }
    return rows;
  },
};
