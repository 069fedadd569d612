/**
 * Wire column metadata (type code, flags, length, charset, decimals) for a result column,
 * from the SQLite declared type our DDL wrote (see ddl/declared_type.ts) or, for expressions,
 * from a sample value. Values follow mysql-protocol-notes §5.4. Text columns get the column
 * charset's default collation id; the session replaces it with the connection's result
 * collation, as MySQL converts text to character_set_results.
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../types/column.ts";
import type { SqlValue } from "../types/values.ts";
import type { ExpressionType } from "./statement.ts";
import { charsetMaxlen, collationId, defaultCollation } from "./catalog/collations.ts";
import { decodeDeclaredType } from "./ddl/declared_type.ts";
import { INT_WIDTH, LOB_LENGTH, typeFamily } from "./ddl/mysql_type.ts";

/** The part of `ColumnInfo` that depends on the type. */
export type ColumnTypeInfo = Pick<ColumnInfo, "type" | "flags" | "length" | "charset" | "decimals">;

const BINARY_CHARSET = 63;
const MAX_CACHE = 512;
const _cache = new Map<string, ColumnTypeInfo>();

const INT_TYPES: Record<string, ColumnType> = {
  tinyint: ColumnType.TINY,
  smallint: ColumnType.SHORT,
  mediumint: ColumnType.INT24,
  int: ColumnType.LONG,
  bigint: ColumnType.LONGLONG,
};

function _info(
  type: ColumnType,
  length: number,
  flags = 0,
  charset = BINARY_CHARSET,
  decimals = 0,
): ColumnTypeInfo {
  return { type, flags, length, charset, decimals };
}

function _fromDeclared(declared: string): ColumnTypeInfo | null {
  const d = decodeDeclaredType(declared);
  if (!d) return null;
  if (d.rowid) {
    // The AUTO_INCREMENT rowid alias: SQLite reports it as plain INTEGER whatever was declared.
    return _info(
      ColumnType.LONGLONG,
      20,
      ColumnFlag.NOT_NULL | ColumnFlag.PRI_KEY | ColumnFlag.AUTO_INCREMENT | ColumnFlag.PART_KEY,
    );
  }
  const [a, b] = d.args;
  const sign = (d.unsigned ? ColumnFlag.UNSIGNED : 0) |
    (d.zerofill ? ColumnFlag.ZEROFILL | ColumnFlag.UNSIGNED : 0);
  const text = (cs: string | null) => collationId(defaultCollation(cs ?? "utf8mb4"));
  const maxlen = charsetMaxlen(d.charset ?? "utf8mb4");
  switch (typeFamily(d.base)) {
    case "int": {
      const width = a ?? INT_WIDTH[d.base]![d.unsigned ? 1 : 0];
      return _info(INT_TYPES[d.base]!, width, sign);
    }
    case "decimal": {
      const p = a ?? 10;
      const s = b ?? 0;
      return _info(
        ColumnType.NEWDECIMAL,
        p + (s > 0 ? 1 : 0) + (d.unsigned ? 0 : 1),
        sign,
        BINARY_CHARSET,
        s,
      );
    }
    case "float": {
      const double = d.base === "double";
      if (a !== undefined) {
        return _info(
          double ? ColumnType.DOUBLE : ColumnType.FLOAT,
          a,
          sign,
          BINARY_CHARSET,
          b ?? 0,
        );
      }
      return _info(
        double ? ColumnType.DOUBLE : ColumnType.FLOAT,
        double ? 22 : 12,
        sign,
        BINARY_CHARSET,
        31,
      );
    }
    case "bit":
      return _info(ColumnType.BIT, a ?? 1, ColumnFlag.UNSIGNED);
    case "year":
      return _info(ColumnType.YEAR, 4, ColumnFlag.UNSIGNED | ColumnFlag.ZEROFILL);
    case "char":
      return _info(
        d.base === "char" ? ColumnType.STRING : ColumnType.VAR_STRING,
        (a ?? 1) * maxlen,
        0,
        text(d.charset),
      );
    case "text":
      return _info(
        ColumnType.BLOB,
        Math.min(4294967295, LOB_LENGTH[d.base]! * maxlen),
        ColumnFlag.BLOB,
        text(d.charset),
      );
    case "binary":
      return _info(
        d.base === "binary" ? ColumnType.STRING : ColumnType.VAR_STRING,
        a ?? 1,
        ColumnFlag.BINARY,
      );
    case "blob":
      return _info(ColumnType.BLOB, LOB_LENGTH[d.base]!, ColumnFlag.BLOB | ColumnFlag.BINARY);
    case "date":
      return _info(ColumnType.DATE, 10, ColumnFlag.BINARY);
    case "datetime": {
      const fsp = a ?? 0;
      const length = 19 + (fsp ? fsp + 1 : 0);
      if (d.base === "timestamp") {
        return _info(
          ColumnType.TIMESTAMP,
          length,
          ColumnFlag.BINARY | ColumnFlag.TIMESTAMP | ColumnFlag.UNSIGNED,
          BINARY_CHARSET,
          fsp,
        );
      }
      return _info(ColumnType.DATETIME, length, ColumnFlag.BINARY, BINARY_CHARSET, fsp);
    }
    case "time": {
      const fsp = a ?? 0;
      return _info(
        ColumnType.TIME,
        10 + (fsp ? fsp + 1 : 0),
        ColumnFlag.BINARY,
        BINARY_CHARSET,
        fsp,
      );
    }
    case "enum":
      return _info(ColumnType.STRING, (a ?? 1) * maxlen, ColumnFlag.ENUM, text(d.charset));
    case "set":
      return _info(ColumnType.STRING, (a ?? 1) * maxlen, ColumnFlag.SET, text(d.charset));
    case "json":
      return _info(ColumnType.JSON, 4294967295, ColumnFlag.BLOB | ColumnFlag.BINARY);
    case "spatial":
      return _info(ColumnType.GEOMETRY, 4294967295, ColumnFlag.BLOB | ColumnFlag.BINARY);
  }
}

function _fromSample(sample: SqlValue | undefined): ColumnTypeInfo {
  if (sample === null) return _info(ColumnType.NULL, 0, ColumnFlag.BINARY);
  if (sample === undefined) return _info(ColumnType.VAR_STRING, 0, 0, 255, 31);
  if (typeof sample === "bigint") return _info(ColumnType.LONGLONG, 21, ColumnFlag.BINARY);
  if (typeof sample === "number") {
    if (Number.isInteger(sample)) return _info(ColumnType.LONGLONG, 21, ColumnFlag.BINARY);
    return _info(ColumnType.DOUBLE, 22, ColumnFlag.BINARY, BINARY_CHARSET, 31);
  }
  if (sample instanceof Uint8Array) {
    return _info(
      ColumnType.VAR_STRING,
      Math.max(sample.length, 1),
      ColumnFlag.BINARY,
      BINARY_CHARSET,
      31,
    );
  }
  return _info(ColumnType.VAR_STRING, Math.max([...sample].length, 1) * 4, 0, 255, 31);
}

/**
 * ColumnInfo type fields for a column whose SQLite declared type is `declared`
 * (`StatementSync.columns()[i].type`), or for an expression (declared null) from a sample
 * value (undefined when there are no rows). Cached by declared type in a bounded map.
 */
export function columnInfoFor(
  declared: string | null,
  sample: SqlValue | undefined,
): ColumnTypeInfo {
  if (declared === null || declared.trim() === "") return _fromSample(sample);
  const hit = _cache.get(declared);
  if (hit) return { ...hit };
  const info = _fromDeclared(declared) ?? _fromSample(sample);
  if (_cache.size >= MAX_CACHE) _cache.delete(_cache.keys().next().value!);
  _cache.set(declared, info);
  return { ...info };
}

/**
 * ColumnInfo type fields for an expression whose MySQL type the translator knows (literals,
 * COUNT, SUM, `/`, CAST, NOW(), columns of known type ...). A decimal's values are written
 * with its scale, as MySQL's exact arithmetic gives them (`price * 3` of DECIMAL(10,2) 0.1:
 * 0.30, where SQLite's doubles hold 0.30000000000000004); a guessed scale is raised to the
 * widest fraction among `values`, so it never hides digits.
 */
export function columnInfoForExpression(
  type: ExpressionType,
  values: Iterable<SqlValue>,
): ColumnTypeInfo {
  switch (type.kind) {
    case "integer":
      return _info(
        ColumnType.LONGLONG,
        21,
        ColumnFlag.BINARY | (type.unsigned ? ColumnFlag.UNSIGNED : 0),
      );
    case "decimal": {
      let scale = type.scale ?? 0;
      if (type.guessedScale) scale = _widestFraction(scale, values);
      return _info(
        ColumnType.NEWDECIMAL,
        65,
        ColumnFlag.BINARY,
        BINARY_CHARSET,
        Math.min(scale, 30),
      );
    }
    case "double":
      return _info(ColumnType.DOUBLE, 22, ColumnFlag.BINARY, BINARY_CHARSET, 31);
    case "string":
      return type.binary
        ? _info(ColumnType.VAR_STRING, 255, ColumnFlag.BINARY, BINARY_CHARSET, 31)
        : _info(ColumnType.VAR_STRING, 1020, 0, 255, 31);
    case "date":
      return _info(ColumnType.DATE, 10, ColumnFlag.BINARY);
    case "datetime":
      return _info(ColumnType.DATETIME, 19, ColumnFlag.BINARY);
    case "time":
      return _info(ColumnType.TIME, 10, ColumnFlag.BINARY);
    case "json":
      return _info(
        ColumnType.JSON,
        4294967295,
        ColumnFlag.BLOB | ColumnFlag.BINARY,
        BINARY_CHARSET,
      );
  }
}

/** `scale`, raised to the widest fraction a double among `values` has. */
function _widestFraction(scale: number, values: Iterable<SqlValue>): number {
  for (const v of values) {
    if (typeof v === "number" && !Number.isInteger(v) && Number.isFinite(v)) {
      const text = String(v);
      const dot = text.indexOf(".");
      if (dot >= 0 && !text.includes("e")) scale = Math.max(scale, text.length - dot - 1);
    }
  }
  return scale;
}

/**
 * The expression type of a table column whose SQLite declared type is `declared` (what our
 * DDL wrote), or undefined where its values decide better: binary strings, BIT, spatial
 * types, and temporal types with fractional seconds.
 */
export function expressionTypeOfDeclared(declared: string): ExpressionType | undefined {
  const d = decodeDeclaredType(declared);
  if (d === null) return undefined;
  if (d.rowid) return { kind: "integer" };
  const [a, b] = d.args;
  switch (typeFamily(d.base)) {
    case "int":
      return d.unsigned ? { kind: "integer", unsigned: true } : { kind: "integer" };
    case "year":
      return { kind: "integer" };
    case "decimal":
      // No scale written: a NUMERIC column of a file made elsewhere (its values decide).
      return d.args.length === 0
        ? { kind: "decimal", scale: 0, guessedScale: true }
        : { kind: "decimal", scale: b ?? 0 };
    case "float":
      return { kind: "double" };
    case "char":
    case "text":
    case "enum":
    case "set":
      return { kind: "string" };
    case "date":
      return { kind: "date" };
    case "datetime":
      return (a ?? 0) === 0 ? { kind: "datetime" } : undefined;
    case "time":
      return (a ?? 0) === 0 ? { kind: "time" } : undefined;
    case "json":
      return { kind: "json" };
    default:
      return undefined;
  }
}
