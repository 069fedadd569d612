/** INFORMATION_SCHEMA.COLLATION_CHARACTER_SET_APPLICABILITY. */
import { COLLATIONS } from "../collations.ts";
import { col, type InformationSchemaTable, NAME } from "./table.ts";

export const COLLATION_CHARACTER_SET_APPLICABILITY: InformationSchemaTable = {
  name: "COLLATION_CHARACTER_SET_APPLICABILITY",
  columns: [col("COLLATION_NAME", NAME, false), col("CHARACTER_SET_NAME", NAME, false)],
  rows: () => COLLATIONS.map((c) => [c.name, c.charset]),
};
