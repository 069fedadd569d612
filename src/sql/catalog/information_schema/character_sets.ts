/** INFORMATION_SCHEMA.CHARACTER_SETS. */
import { CHARSETS } from "../collations.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const CHARACTER_SETS: InformationSchemaTable = {
  name: "CHARACTER_SETS",
  columns: [
    col("CHARACTER_SET_NAME", NAME, false),
    col("DEFAULT_COLLATE_NAME", NAME, false),
    col("DESCRIPTION", "varchar(2048)", false),
    col("MAXLEN", "int unsigned", false),
  ],
  rows: () => CHARSETS.map((c) => [c.name, c.defaultCollation, c.description, c.maxlen]),
};
