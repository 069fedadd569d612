/**
 * The SQLite declared type we give each MySQL column. It must (a) give SQLite the right
 * affinity (affinity comes from substrings: INT → INTEGER; CHAR/CLOB/TEXT → TEXT; BLOB →
 * BLOB; REAL/FLOA/DOUB → REAL; otherwise NUMERIC) and (b) carry enough of the MySQL type for
 * `columnInfoFor` to build the wire column definition from `StatementSync.columns()[i].type`
 * alone. Grammar: `BASE [AFFINITY] [UNSIGNED] [ZEROFILL] [CHARSET] [(n[,m])]`, e.g.
 * `BIGINT UNSIGNED(20)`, `VARCHAR(191)`, `DATETIME TEXT(3)`, `BINARY BLOB(16)`,
 * `ENUM TEXT(5)`, `SET_TEXT(5)`, `TEXT LATIN1`. The AUTO_INCREMENT column is the rowid alias and must be
 * declared exactly `INTEGER` (SQLite also normalises any `integer` spelling to that).
 */
import type { MysqlType } from "./model.ts";
import { enumLength, typeFamily } from "./mysql_type.ts";

/** The declared type reserved for the rowid-alias AUTO_INCREMENT column. */
export const ROWID_DECLARED_TYPE = "INTEGER";

/** Affinity word for bases whose own name would give SQLite the wrong affinity. */
const AFFINITY_WORD: Record<string, string> = {
  bit: "INT",
  year: "INT",
  binary: "BLOB",
  varbinary: "BLOB",
  date: "TEXT",
  datetime: "TEXT",
  timestamp: "TEXT",
  time: "TEXT",
  enum: "TEXT",
  set: "TEXT",
  json: "TEXT",
  geometry: "BLOB",
};

/** The SQLite declared type for a column of MySQL type `t`. */
export function encodeDeclaredType(t: MysqlType): string {
  const f = typeFamily(t.base);
  // SET is an SQLite keyword and cannot start a type name
  const base = f === "spatial" ? "GEOMETRY" : t.base === "set" ? "SET_TEXT" : t.base.toUpperCase();
  const words = [base];
  const affinity = t.base === "set"
    ? undefined
    : AFFINITY_WORD[f === "spatial" ? "geometry" : t.base];
  if (affinity) words.push(affinity);
  if (t.unsigned) words.push("UNSIGNED");
  if (t.zerofill) words.push("ZEROFILL");
  if (
    t.charset && t.charset !== "utf8mb4" &&
    (f === "char" || f === "text" || f === "enum" || f === "set")
  ) {
    words.push(t.charset.toUpperCase());
  }
  let args: number[] = [];
  switch (f) {
    case "int":
    case "bit":
    case "char":
    case "binary":
      if (t.length !== null) args = [t.length];
      break;
    case "decimal":
      args = [t.length ?? 10, t.scale ?? 0];
      break;
    case "float":
      if (t.length !== null) args = [t.length, t.scale ?? 0];
      break;
    case "datetime":
    case "time":
      if (t.fsp) args = [t.fsp];
      break;
    case "enum":
    case "set":
      args = [enumLength(t)];
      break;
  }
  return words.join(" ") + (args.length ? `(${args.join(",")})` : "");
}

/** What a declared type tells about the MySQL type. */
export interface DecodedType {
  base: string;
  unsigned: boolean;
  zerofill: boolean;
  /** Canonical charset, or null for non-text types. */
  charset: string | null;
  args: number[];
  /** True when the declared type is the rowid alias `INTEGER` (AUTO_INCREMENT key). */
  rowid: boolean;
}

const KNOWN_BASES = new Set([
  "TINYINT",
  "SMALLINT",
  "MEDIUMINT",
  "INT",
  "BIGINT",
  "DECIMAL",
  "FLOAT",
  "DOUBLE",
  "BIT",
  "YEAR",
  "CHAR",
  "VARCHAR",
  "TINYTEXT",
  "TEXT",
  "MEDIUMTEXT",
  "LONGTEXT",
  "BINARY",
  "VARBINARY",
  "TINYBLOB",
  "BLOB",
  "MEDIUMBLOB",
  "LONGBLOB",
  "DATE",
  "DATETIME",
  "TIMESTAMP",
  "TIME",
  "ENUM",
  "SET_TEXT",
  "JSON",
  "GEOMETRY",
]);

const CHARSET_WORDS = new Set(["UTF8MB3", "LATIN1", "ASCII", "UCS2", "UTF16", "UTF32", "BINARY"]);

/**
 * Decodes a declared type written by `encodeDeclaredType`, or maps a plain SQLite type
 * (`TEXT`, `REAL`, `NUMERIC`, `VARCHAR(255)`, ...) to the nearest MySQL type by affinity.
 * Returns null for an empty declared type.
 */
export function decodeDeclaredType(declared: string): DecodedType | null {
  const m = /^\s*([^(]*?)\s*(?:\(\s*([-+]?\d+)\s*(?:,\s*([-+]?\d+)\s*)?\))?\s*$/.exec(declared);
  const wordsText = m ? m[1]! : declared;
  const words = wordsText.toUpperCase().split(/\s+/).filter((w) => w !== "");
  const args = m ? [m[2], m[3]].filter((a): a is string => a !== undefined).map(Number) : [];
  if (words.length === 0) return null;
  if (words.length === 1 && words[0] === "INTEGER" && args.length === 0) {
    return {
      base: "bigint",
      unsigned: false,
      zerofill: false,
      charset: null,
      args: [],
      rowid: true,
    };
  }
  const first = words[0]!;
  if (KNOWN_BASES.has(first)) {
    const rest = words.slice(1);
    const base = first === "SET_TEXT" ? "set" : first.toLowerCase();
    const f = typeFamily(base);
    const textual = f === "char" || f === "text" || f === "enum" || f === "set";
    const cs = rest.find((w) => CHARSET_WORDS.has(w) && w !== "BINARY");
    return {
      base,
      unsigned: rest.includes("UNSIGNED"),
      zerofill: rest.includes("ZEROFILL"),
      charset: textual ? (cs ? cs.toLowerCase() : "utf8mb4") : null,
      args,
      rowid: false,
    };
  }
  // A type we did not write: follow SQLite's affinity rules.
  const upper = words.join(" ");
  const base = upper.includes("INT")
    ? "bigint"
    : /CHAR|CLOB|TEXT/.test(upper)
    ? (args.length ? "varchar" : "longtext")
    : upper.includes("BLOB")
    ? "longblob"
    : /REAL|FLOA|DOUB/.test(upper)
    ? "double"
    : "decimal";
  const textual = base === "varchar" || base === "longtext";
  return {
    base,
    unsigned: false,
    zerofill: false,
    charset: textual ? "utf8mb4" : null,
    args: base === "varchar" || base === "decimal" ? args : [],
    rowid: false,
  };
}
