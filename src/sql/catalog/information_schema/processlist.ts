/** INFORMATION_SCHEMA.PROCESSLIST. */
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const PROCESSLIST: InformationSchemaTable = {
  name: "PROCESSLIST",
  columns: [
    col("ID", "bigint unsigned", false),
    col("USER", "varchar(32)", false),
    col("HOST", "varchar(261)", false),
    col("DB", NAME),
    col("COMMAND", "varchar(16)", false),
    col("TIME", "int", false),
    col("STATE", NAME),
    col("INFO", "longtext"),
  ],
  rows: (ctx) =>
    ctx.processList().map((p) => [p.id, p.user, p.host, p.db, p.command, p.time, p.state, p.info]),
};
