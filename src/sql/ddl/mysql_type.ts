/**
 * Facts about MySQL column types: families, the canonical text MySQL shows
 * (`bigint(20) unsigned`, `enum('a','b')`), INFORMATION_SCHEMA lengths and precisions, and
 * the implicit default of NOT NULL columns.
 */
import { charsetMaxlen } from "../catalog/collations.ts";
import type { ForeignKeyDef, MysqlType } from "./model.ts";

export type TypeFamily =
  | "int"
  | "decimal"
  | "float"
  | "bit"
  | "year"
  | "char"
  | "text"
  | "binary"
  | "blob"
  | "date"
  | "datetime"
  | "time"
  | "enum"
  | "set"
  | "json"
  | "spatial";

const FAMILY: Record<string, TypeFamily> = {
  tinyint: "int",
  smallint: "int",
  mediumint: "int",
  int: "int",
  bigint: "int",
  decimal: "decimal",
  float: "float",
  double: "float",
  bit: "bit",
  year: "year",
  char: "char",
  varchar: "char",
  tinytext: "text",
  text: "text",
  mediumtext: "text",
  longtext: "text",
  binary: "binary",
  varbinary: "binary",
  tinyblob: "blob",
  blob: "blob",
  mediumblob: "blob",
  longblob: "blob",
  date: "date",
  datetime: "datetime",
  timestamp: "datetime",
  time: "time",
  enum: "enum",
  set: "set",
  json: "json",
  geometry: "spatial",
  point: "spatial",
  linestring: "spatial",
  polygon: "spatial",
  multipoint: "spatial",
  multilinestring: "spatial",
  multipolygon: "spatial",
  geomcollection: "spatial",
};

/** Family of a canonical base type name. */
export function typeFamily(base: string): TypeFamily {
  return FAMILY[base] ?? "text";
}

/** True for base names we know. */
export function isKnownBase(base: string): boolean {
  return base in FAMILY;
}

/** Default display widths: [signed, unsigned]. */
export const INT_WIDTH: Record<string, [number, number]> = {
  tinyint: [4, 3],
  smallint: [6, 5],
  mediumint: [9, 8],
  int: [11, 10],
  bigint: [20, 20],
};

/** INFORMATION_SCHEMA NUMERIC_PRECISION of integer types: [signed, unsigned]. */
const INT_PRECISION: Record<string, [number, number]> = {
  tinyint: [3, 3],
  smallint: [5, 5],
  mediumint: [7, 8],
  int: [10, 10],
  bigint: [19, 20],
};

/** Maximum byte length of the text and blob types. */
export const LOB_LENGTH: Record<string, number> = {
  tinytext: 255,
  text: 65535,
  mediumtext: 16777215,
  longtext: 4294967295,
  tinyblob: 255,
  blob: 65535,
  mediumblob: 16777215,
  longblob: 4294967295,
};

/** True for types that carry a character set (char, varchar, text family, enum, set). */
export function isTextual(t: MysqlType): boolean {
  const f = typeFamily(t.base);
  return f === "char" || f === "text" || f === "enum" || f === "set";
}

/** Quotes a value as MySQL prints it inside type text and SHOW CREATE TABLE. */
export function quoteMysqlString(value: string): string {
  return "'" + value.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";
}

/** The type text MySQL shows in SHOW COLUMNS, COLUMN_TYPE and SHOW CREATE TABLE. */
export function formatType(t: MysqlType): string {
  const f = typeFamily(t.base);
  let s = t.base;
  switch (f) {
    case "int": {
      const width = t.length ?? (t.zerofill ? INT_WIDTH[t.base]![1] : null);
      if (width !== null) s += `(${width})`;
      break;
    }
    case "decimal":
      s += `(${t.length ?? 10},${t.scale ?? 0})`;
      break;
    case "float":
      if (t.length !== null) s += `(${t.length},${t.scale ?? 0})`;
      break;
    case "bit":
      s += `(${t.length ?? 1})`;
      break;
    case "char":
    case "binary":
      s += `(${t.length ?? 1})`;
      break;
    case "datetime":
    case "time":
      if (t.fsp) s += `(${t.fsp})`;
      break;
    case "enum":
    case "set":
      s += `(${(t.values ?? []).map(quoteMysqlString).join(",")})`;
      break;
    default:
      break;
  }
  if (t.unsigned && (f === "int" || f === "decimal" || f === "float")) s += " unsigned";
  if (t.zerofill && (f === "int" || f === "decimal" || f === "float")) s += " zerofill";
  return s;
}

/** Longest member length in characters (ENUM) or the full list length (SET). */
export function enumLength(t: MysqlType): number {
  const values = t.values ?? [];
  if (t.base === "set") {
    return values.reduce((a, v) => a + [...v].length, 0) + Math.max(0, values.length - 1);
  }
  return values.reduce((a, v) => Math.max(a, [...v].length), 0);
}

/** CHARACTER_MAXIMUM_LENGTH: characters for char types, bytes for LOBs, null otherwise. */
export function characterMaximumLength(t: MysqlType): number | null {
  const f = typeFamily(t.base);
  if (f === "char" || f === "binary") return t.length ?? 1;
  if (f === "text" || f === "blob") return LOB_LENGTH[t.base] ?? null;
  if (f === "enum" || f === "set") return enumLength(t);
  return null;
}

/** CHARACTER_OCTET_LENGTH: bytes. */
export function characterOctetLength(t: MysqlType): number | null {
  const chars = characterMaximumLength(t);
  if (chars === null) return null;
  const f = typeFamily(t.base);
  if (f === "char" || f === "enum" || f === "set") {
    return chars * charsetMaxlen(t.charset ?? "utf8mb4");
  }
  return chars;
}

/** NUMERIC_PRECISION. */
export function numericPrecision(t: MysqlType): number | null {
  switch (typeFamily(t.base)) {
    case "int":
      return INT_PRECISION[t.base]![t.unsigned ? 1 : 0];
    case "decimal":
      return t.length ?? 10;
    case "float":
      return t.length ?? (t.base === "float" ? 12 : 22);
    case "bit":
      return t.length ?? 1;
    default:
      return null;
  }
}

/** NUMERIC_SCALE. */
export function numericScale(t: MysqlType): number | null {
  switch (typeFamily(t.base)) {
    case "int":
      return 0;
    case "decimal":
      return t.scale ?? 0;
    case "float":
      return t.length !== null ? t.scale ?? 0 : null;
    default:
      return null;
  }
}

/** DATETIME_PRECISION. */
export function datetimePrecision(t: MysqlType): number | null {
  const f = typeFamily(t.base);
  return f === "datetime" || f === "time" ? t.fsp ?? 0 : null;
}

/**
 * The value a NOT NULL column without DEFAULT takes in a non-strict INSERT that omits it
 * (semantics §4.18), as a SQLite literal.
 */
export function implicitDefaultSql(t: MysqlType): string {
  switch (typeFamily(t.base)) {
    case "int":
    case "decimal":
    case "float":
    case "bit":
    case "year":
      return "0";
    case "enum":
      return t.values && t.values[0] !== undefined ? sqlString(t.values[0]) : "''";
    case "date":
      return "'0000-00-00'";
    case "datetime":
      return t.base === "time" ? "'00:00:00'" : "'0000-00-00 00:00:00'";
    case "time":
      return "'00:00:00'";
    case "json":
      return "'null'";
    case "spatial":
      return "X''";
    default:
      return "''";
  }
}

/** A SQLite string literal. */
export function sqlString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** A SQLite identifier. */
export function sqlIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** A MySQL identifier as SHOW CREATE TABLE prints it. */
export function mysqlIdent(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

/**
 * `CONSTRAINT c FOREIGN KEY (…) REFERENCES t (…) [ON DELETE …] [ON UPDATE …]` with names quoted
 * by `quote`: `mysqlIdent` for SHOW CREATE TABLE, `sqlIdent` for the SQLite schema.
 */
export function foreignKeyText(fk: ForeignKeyDef, quote: (name: string) => string): string {
  let s = `CONSTRAINT ${quote(fk.name)} FOREIGN KEY (${fk.columns.map(quote).join(", ")}) ` +
    `REFERENCES ${quote(fk.refTable)} (${fk.refColumns.map(quote).join(", ")})`;
  if (fk.onDelete) s += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate) s += ` ON UPDATE ${fk.onUpdate}`;
  return s;
}
