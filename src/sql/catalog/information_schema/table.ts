/** The shape of one emulated INFORMATION_SCHEMA table and helpers its files share. */
import type { SqlValue } from "../../../types/values.ts";
import type { MysqlType } from "../../ddl/model.ts";
import { parseDataType } from "../../ddl/parse_type.ts";
import { TokenStream } from "../../ddl/token_stream.ts";
import { tokenize } from "../../ddl/tokenizer.ts";
import type { CatalogContext } from "../context.ts";

/** One column: MySQL name (upper-case) and MySQL 8 type. */
export interface SchemaColumn {
  name: string;
  type: MysqlType;
  nullable: boolean;
}

/** An emulated INFORMATION_SCHEMA table. */
export interface InformationSchemaTable {
  /** Upper-case name, as MySQL 8 lists it. */
  name: string;
  columns: SchemaColumn[];
  /** Rows, in column order, over every database the context knows. */
  rows(ctx: CatalogContext): SqlValue[][];
}

/** `col("TABLE_NAME", "varchar(64)")`: a column from MySQL type text (utf8mb3 for text). */
export function col(name: string, type: string, nullable = true): SchemaColumn {
  const ts = new TokenStream(type, tokenize(type));
  const parsed = parseDataType(ts).type;
  if (
    ["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"].includes(
      parsed.base,
    )
  ) {
    parsed.charset = "utf8mb3";
    parsed.collation = "utf8mb3_general_ci";
  }
  return { name, type: parsed, nullable };
}

/** Columns repeated by many tables. */
export const NAME = "varchar(64)";

/** Defines a table with no rows (routines, triggers, events: features we do not have). */
export function emptyTable(name: string, columns: SchemaColumn[]): InformationSchemaTable {
  return { name, columns, rows: () => [] };
}
