/**
 * The canonical MySQL 8 text of SHOW CREATE TABLE / VIEW / DATABASE, rendered from the
 * catalog: lower-case types as declared (display widths kept when written), `CURRENT_TIMESTAMP`
 * (MySQL's spelling, not MariaDB's `current_timestamp()`), quoted literal defaults, COLLATE on
 * columns whose collation is not the charset's primary one, keys in MySQL's order.
 */
import type { ColumnDef, IndexDef, TableDef, ViewDef } from "../ddl/model.ts";
import {
  foreignKeyText,
  formatType,
  isTextual,
  mysqlIdent,
  quoteMysqlString,
  typeFamily,
} from "../ddl/mysql_type.ts";
import { defaultCollation } from "./collations.ts";
import { sortedIndexes } from "./table_info.ts";

function _default(col: ColumnDef): string | null {
  const d = col.default;
  const f = typeFamily(col.type.base);
  const lob = f === "text" || f === "blob";
  if (col.generated || col.autoIncrement) return null;
  if (!d || d.kind === "null") {
    // MySQL prints DEFAULT NULL for nullable columns except BLOB/TEXT
    return col.nullable && !lob ? "DEFAULT NULL" : null;
  }
  switch (d.kind) {
    case "literal":
      return `DEFAULT ${quoteMysqlString(d.value)}`;
    case "now":
      return d.fsp ? `DEFAULT CURRENT_TIMESTAMP(${d.fsp})` : "DEFAULT CURRENT_TIMESTAMP";
    case "expr":
      return `DEFAULT (${d.mysql})`;
    case "bit":
      return `DEFAULT b'${d.value}'`;
  }
}

/** One column line (without indentation and trailing comma). */
export function columnDefinitionText(def: TableDef, col: ColumnDef): string {
  const parts = [mysqlIdent(col.name), formatType(col.type)];
  if (isTextual(col.type) && col.type.collation && col.type.charset) {
    const differs = col.type.collation !== def.options.collation;
    if (differs) parts.push(`CHARACTER SET ${col.type.charset}`);
    if (differs || col.type.collation !== defaultCollation(col.type.charset)) {
      parts.push(`COLLATE ${col.type.collation}`);
    }
  }
  if (col.generated) {
    parts.push(
      `GENERATED ALWAYS AS (${col.generated.mysql}) ${col.generated.stored ? "STORED" : "VIRTUAL"}`,
    );
  }
  if (!col.nullable) parts.push("NOT NULL");
  else if (col.type.base === "timestamp") parts.push("NULL");
  if (col.invisible) parts.push("/*!80023 INVISIBLE */");
  const d = _default(col);
  if (d) parts.push(d);
  if (col.onUpdateNow !== null) {
    parts.push(
      col.onUpdateNow
        ? `ON UPDATE CURRENT_TIMESTAMP(${col.onUpdateNow})`
        : "ON UPDATE CURRENT_TIMESTAMP",
    );
  }
  if (col.autoIncrement) parts.push("AUTO_INCREMENT");
  if (col.comment) parts.push(`COMMENT ${quoteMysqlString(col.comment)}`);
  return parts.join(" ");
}

/** One key line. */
export function indexDefinitionText(index: IndexDef): string {
  const cols = index.columns
    .map((c) =>
      mysqlIdent(c.name) + (c.length !== null ? `(${c.length})` : "") + (c.desc ? " DESC" : "")
    )
    .join(",");
  let head: string;
  switch (index.kind) {
    case "primary":
      head = "PRIMARY KEY";
      break;
    case "unique":
      head = `UNIQUE KEY ${mysqlIdent(index.name)}`;
      break;
    case "fulltext":
      head = `FULLTEXT KEY ${mysqlIdent(index.name)}`;
      break;
    case "spatial":
      head = `SPATIAL KEY ${mysqlIdent(index.name)}`;
      break;
    default:
      head = `KEY ${mysqlIdent(index.name)}`;
  }
  let s = `${head} (${cols})`;
  if (index.using && index.kind !== "fulltext") s += ` USING ${index.using}`;
  if (index.comment) s += ` COMMENT ${quoteMysqlString(index.comment)}`;
  if (!index.visible) s += " /*!80000 INVISIBLE */";
  return s;
}

/** SHOW CREATE TABLE text. `autoIncrement` is the next counter value, if any. */
export function createTableText(def: TableDef, autoIncrement: number | null): string {
  const lines = def.columns.map((c) => columnDefinitionText(def, c));
  for (const index of sortedIndexes(def)) lines.push(indexDefinitionText(index));
  for (const fk of def.foreignKeys) lines.push(foreignKeyText(fk, mysqlIdent));
  for (const ck of def.checks) {
    lines.push(
      `CONSTRAINT ${mysqlIdent(ck.name)} CHECK (${ck.mysql})${
        ck.enforced ? "" : " /*!80016 NOT ENFORCED */"
      }`,
    );
  }
  const o = def.options;
  let tail = `ENGINE=${o.engine}`;
  if (autoIncrement !== null && autoIncrement > 1) tail += ` AUTO_INCREMENT=${autoIncrement}`;
  tail += ` DEFAULT CHARSET=${o.charset}`;
  if (o.charset !== "binary") tail += ` COLLATE=${o.collation}`;
  if (o.rowFormat) tail += ` ROW_FORMAT=${o.rowFormat}`;
  for (const e of o.extra) tail += ` ${e}`;
  if (o.comment) tail += ` COMMENT=${quoteMysqlString(o.comment)}`;
  return `CREATE TABLE ${mysqlIdent(def.name)} (\n  ${lines.join(",\n  ")}\n) ${tail}`;
}

/** SHOW CREATE VIEW text. */
export function createViewText(view: ViewDef): string {
  const cols = view.columns ? ` (${view.columns.map(mysqlIdent).join(",")})` : "";
  let s =
    `CREATE ALGORITHM=${view.algorithm} DEFINER=${view.definer} SQL SECURITY ${view.security} ` +
    `VIEW ${mysqlIdent(view.name)}${cols} AS ${view.mysql}`;
  if (view.checkOption) s += ` WITH ${view.checkOption} CHECK OPTION`;
  return s;
}

/** SHOW CREATE DATABASE text. */
export function createDatabaseText(name: string, ifNotExists: boolean): string {
  return `CREATE DATABASE ${ifNotExists ? "/*!32312 IF NOT EXISTS*/ " : ""}${mysqlIdent(name)} ` +
    "/*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */ /*!80016 DEFAULT ENCRYPTION='N' */";
}
