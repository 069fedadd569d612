/** Parses a MySQL data type (`bigint(20) unsigned`, `varchar(191) CHARACTER SET utf8mb4`). */
import { type MysqlType, mysqlType } from "./model.ts";
import type { TokenStream } from "./token_stream.ts";

/** A data type as written, before the column's charset and collation are resolved. */
export interface ParsedType {
  type: MysqlType;
  /** CHARACTER SET written after the type. */
  charset: string | null;
  /** COLLATE written after the type. */
  collation: string | null;
  /** The BINARY attribute (`varchar(10) BINARY` = the charset's _bin collation). */
  binaryCollation: boolean;
  /** SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE. */
  serial: boolean;
}

const INT_ALIASES: Record<string, string> = {
  TINYINT: "tinyint",
  INT1: "tinyint",
  SMALLINT: "smallint",
  INT2: "smallint",
  MEDIUMINT: "mediumint",
  MIDDLEINT: "mediumint",
  INT3: "mediumint",
  INT: "int",
  INTEGER: "int",
  INT4: "int",
  BIGINT: "bigint",
  INT8: "bigint",
};

const SIMPLE: Record<string, string> = {
  TINYTEXT: "tinytext",
  MEDIUMTEXT: "mediumtext",
  LONGTEXT: "longtext",
  TINYBLOB: "tinyblob",
  MEDIUMBLOB: "mediumblob",
  LONGBLOB: "longblob",
  DATE: "date",
  JSON: "json",
  GEOMETRY: "geometry",
  POINT: "point",
  LINESTRING: "linestring",
  POLYGON: "polygon",
  MULTIPOINT: "multipoint",
  MULTILINESTRING: "multilinestring",
  MULTIPOLYGON: "multipolygon",
  GEOMETRYCOLLECTION: "geomcollection",
  GEOMCOLLECTION: "geomcollection",
};

/** `(n)` if present. */
function _optLength(ts: TokenStream): number | null {
  if (!ts.acceptPunct("(")) return null;
  const n = ts.integer();
  ts.expectPunct(")");
  return n;
}

/** `(m[,d])` if present. */
function _optPrecision(ts: TokenStream): [number | null, number | null] {
  if (!ts.acceptPunct("(")) return [null, null];
  const m = ts.integer();
  let d: number | null = null;
  if (ts.acceptPunct(",")) d = ts.integer();
  ts.expectPunct(")");
  return [m, d];
}

function _numericModifiers(ts: TokenStream, t: MysqlType): void {
  for (;;) {
    const w = ts.acceptAny("UNSIGNED", "SIGNED", "ZEROFILL");
    if (!w) return;
    if (w === "UNSIGNED") t.unsigned = true;
    if (w === "ZEROFILL") {
      t.zerofill = true;
      t.unsigned = true;
    }
  }
}

/** Reads the data type at the cursor; throws 1064 if there is none. */
export function parseDataType(ts: TokenStream): ParsedType {
  const tok = ts.peek();
  if (!tok || tok.kind !== "ident") throw ts.error();
  ts.next();
  const w = tok.upper;
  const result: ParsedType = {
    type: mysqlType("int"),
    charset: null,
    collation: null,
    binaryCollation: false,
    serial: false,
  };
  let textual = false;
  if (INT_ALIASES[w]) {
    result.type = mysqlType(INT_ALIASES[w]!, { length: _optLength(ts) });
    _numericModifiers(ts, result.type);
  } else if (w === "BOOL" || w === "BOOLEAN") {
    result.type = mysqlType("tinyint", { length: 1 });
  } else if (w === "SERIAL") {
    result.type = mysqlType("bigint", { unsigned: true });
    result.serial = true;
  } else if (w === "BIT") {
    result.type = mysqlType("bit", { length: _optLength(ts) ?? 1 });
  } else if (w === "DECIMAL" || w === "DEC" || w === "NUMERIC" || w === "FIXED") {
    const [m, d] = _optPrecision(ts);
    result.type = mysqlType("decimal", { length: m ?? 10, scale: d ?? 0 });
    _numericModifiers(ts, result.type);
  } else if (w === "FLOAT" || w === "FLOAT4") {
    const [m, d] = _optPrecision(ts);
    if (m !== null && d === null) {
      // FLOAT(p): precision in bits picks FLOAT or DOUBLE
      result.type = mysqlType(m > 24 ? "double" : "float");
    } else {
      result.type = mysqlType("float", { length: m, scale: d });
    }
    _numericModifiers(ts, result.type);
  } else if (w === "DOUBLE" || w === "REAL" || w === "FLOAT8") {
    if (w === "DOUBLE") ts.acceptWords("PRECISION");
    const [m, d] = _optPrecision(ts);
    result.type = mysqlType("double", { length: m, scale: m !== null ? d ?? 0 : null });
    _numericModifiers(ts, result.type);
  } else if (w === "DATETIME" || w === "TIMESTAMP" || w === "TIME") {
    result.type = mysqlType(w.toLowerCase(), { fsp: _optLength(ts) ?? 0 });
  } else if (w === "YEAR") {
    _optLength(ts);
    result.type = mysqlType("year");
  } else if (w === "CHAR" || w === "CHARACTER" || w === "NCHAR" || w === "NATIONAL") {
    const national = w === "NCHAR" || w === "NATIONAL";
    if (w === "NATIONAL") {
      if (!ts.acceptAny("CHAR", "CHARACTER", "VARCHAR")) throw ts.error();
      if (ts.peek(-1)?.upper === "VARCHAR") return _varchar(ts, result, true);
    }
    if (ts.acceptAny("VARYING")) return _varchar(ts, result, national);
    const len = _optLength(ts);
    if (ts.acceptWords("BYTE")) {
      result.type = mysqlType("binary", { length: len ?? 1 });
      return result;
    }
    result.type = mysqlType("char", { length: len ?? 1 });
    if (national) result.charset = "utf8mb3";
    textual = true;
  } else if (w === "VARCHAR" || w === "NVARCHAR" || w === "VARCHARACTER") {
    return _varchar(ts, result, w === "NVARCHAR");
  } else if (w === "BINARY") {
    result.type = mysqlType("binary", { length: _optLength(ts) ?? 1 });
  } else if (w === "VARBINARY") {
    const len = _optLength(ts);
    if (len === null) throw ts.error();
    result.type = mysqlType("varbinary", { length: len });
  } else if (w === "TEXT") {
    const len = _optLength(ts);
    result.type = mysqlType("text", { length: len });
    textual = true;
  } else if (w === "BLOB") {
    const len = _optLength(ts);
    result.type = mysqlType(len === null ? "blob" : _lobForBytes(len, "blob"));
  } else if (w === "LONG") {
    if (ts.acceptWords("VARBINARY")) result.type = mysqlType("mediumblob");
    else {
      ts.acceptAny("VARCHAR", "VARCHARACTER");
      result.type = mysqlType("mediumtext");
      textual = true;
    }
  } else if (w === "ENUM" || w === "SET") {
    ts.expectPunct("(");
    const values: string[] = [];
    do values.push(ts.string()); while (ts.acceptPunct(","));
    ts.expectPunct(")");
    result.type = mysqlType(w.toLowerCase(), { values });
    textual = true;
  } else if (SIMPLE[w]) {
    result.type = mysqlType(SIMPLE[w]!);
    textual = w.endsWith("TEXT");
  } else {
    ts.pos--;
    throw ts.error();
  }
  if (textual) _charsetAttributes(ts, result);
  return result;
}

function _varchar(ts: TokenStream, result: ParsedType, national: boolean): ParsedType {
  const len = _optLength(ts);
  if (len === null) throw ts.error();
  result.type = mysqlType("varchar", { length: len });
  if (national) result.charset = "utf8mb3";
  _charsetAttributes(ts, result);
  return result;
}

function _lobForBytes(bytes: number, kind: "blob" | "text"): string {
  if (bytes <= 255) return "tiny" + kind;
  if (bytes <= 65535) return kind;
  if (bytes <= 16777215) return "medium" + kind;
  return "long" + kind;
}

/** Picks the TEXT type for `TEXT(n)` once the charset is known. */
export function resolveTextLength(t: MysqlType, maxlen: number): void {
  if (t.base === "text" && t.length !== null) {
    t.base = _lobForBytes(t.length * maxlen, "text");
    t.length = null;
  }
}

function _charsetAttributes(ts: TokenStream, result: ParsedType): void {
  for (;;) {
    if (ts.acceptWords("CHARACTER", "SET") || ts.acceptWords("CHARSET")) {
      result.charset = charsetName(ts);
    } else if (ts.acceptWords("COLLATE")) {
      result.collation = charsetName(ts);
    } else if (ts.acceptWords("BINARY")) {
      result.binaryCollation = true;
    } else if (ts.acceptWords("ASCII")) {
      result.charset = "latin1";
    } else if (ts.acceptWords("UNICODE")) {
      result.charset = "ucs2";
    } else if (ts.acceptWords("BYTE")) {
      result.charset = "binary";
    } else return;
  }
}

/** A charset or collation name: identifier or string. */
export function charsetName(ts: TokenStream): string {
  const t = ts.peek();
  if (t && t.kind === "string") return ts.string();
  if (t && (t.kind === "ident" || t.kind === "qident")) {
    ts.next();
    return t.text;
  }
  throw ts.error();
}
