/** INFORMATION_SCHEMA.COLLATIONS. */
import { COLLATIONS as ALL } from "../collations.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const COLLATIONS: InformationSchemaTable = {
  name: "COLLATIONS",
  columns: [
    col("COLLATION_NAME", NAME, false),
    col("CHARACTER_SET_NAME", NAME, false),
    col("ID", "bigint unsigned", false),
    col("IS_DEFAULT", "varchar(3)", false),
    col("IS_COMPILED", "varchar(3)", false),
    col("SORTLEN", "int unsigned", false),
    col("PAD_ATTRIBUTE", "enum('PAD SPACE','NO PAD')", false),
  ],
  rows: () =>
    ALL.map((
      c,
    ) => [c.name, c.charset, c.id, c.isDefault ? "Yes" : "", "Yes", c.sortlen, c.padAttribute]),
};
