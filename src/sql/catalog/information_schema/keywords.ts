/**
 * INFORMATION_SCHEMA.KEYWORDS: MySQL 8's reserved words (the ones that matter to clients:
 * Connector/J's getSQLKeywords reads `WHERE RESERVED = 1`); non-reserved keywords are left out.
 */
import { RESERVED } from "../../parser/reserved_words.ts";
import { col, type InformationSchemaTable } from "./table.ts";

const ROWS = [...RESERVED].sort().map((word) => [word, 1]);

export const KEYWORDS: InformationSchemaTable = {
  name: "KEYWORDS",
  columns: [col("WORD", "varchar(128)"), col("RESERVED", "int")],
  rows: () => ROWS.map((r) => [...r]),
};
