/** INFORMATION_SCHEMA.ENGINES. */
import { ENGINES as ALL } from "../server_info.ts";
import { col, type InformationSchemaTable } from "./table.ts";

export const ENGINES: InformationSchemaTable = {
  name: "ENGINES",
  columns: [
    col("ENGINE", "varchar(64)", false),
    col("SUPPORT", "varchar(8)", false),
    col("COMMENT", "varchar(80)", false),
    col("TRANSACTIONS", "varchar(3)"),
    col("XA", "varchar(3)"),
    col("SAVEPOINTS", "varchar(3)"),
  ],
  rows: () => ALL.map((e) => [...e]),
};
