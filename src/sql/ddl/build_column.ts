/**
 * Turns a parsed column into a `ColumnDef`: resolves character set and collation against the
 * table defaults, normalises and validates the default, and checks MySQL's per-type limits.
 */
import {
  charsetMaxlen,
  defaultCollation,
  resolveCharset,
  resolveCollation,
} from "../catalog/collations.ts";
import type { ColumnSpec } from "./ast.ts";
import {
  blobDefault,
  collationMismatch,
  columnTooLong,
  invalidDefault,
  scaleAbovePrecision,
  tooBigPrecision,
  unknownCharset,
  unknownCollation,
} from "./errors.ts";
import type { ColumnDef, DefaultDef, MysqlType } from "./model.ts";
import { typeFamily } from "./mysql_type.ts";
import { resolveTextLength } from "./parse_type.ts";
import { MysqlError } from "../../types/errors.ts";

/** Converts a MySQL expression (DEFAULT / CHECK / generated column) to SQLite text. */
export type ExpressionTranslator = (mysql: string) => string;

/** Table-level defaults a column inherits. */
export interface ColumnDefaults {
  charset: string;
  collation: string;
}

const BINARY_EQUIVALENT: Record<string, string> = {
  char: "binary",
  varchar: "varbinary",
  tinytext: "tinyblob",
  text: "blob",
  mediumtext: "mediumblob",
  longtext: "longblob",
};

function _resolveCharset(spec: ColumnSpec, t: MysqlType, table: ColumnDefaults): boolean {
  const f = typeFamily(t.base);
  const charsetName = spec.charset ?? spec.parsed.charset;
  const collationName = spec.collation ?? spec.parsed.collation;
  if (f !== "char" && f !== "text" && f !== "enum" && f !== "set") {
    t.charset = null;
    t.collation = null;
    return false;
  }
  if (charsetName && charsetName.toLowerCase() === "binary" && BINARY_EQUIVALENT[t.base]) {
    t.base = BINARY_EQUIVALENT[t.base]!;
    t.charset = null;
    t.collation = null;
    return false;
  }
  let charset = table.charset;
  if (charsetName) {
    const cs = resolveCharset(charsetName);
    if (!cs) throw unknownCharset(charsetName);
    charset = cs.name;
  }
  let collation: string;
  if (collationName) {
    const coll = resolveCollation(collationName);
    if (!coll) throw unknownCollation(collationName);
    if (charsetName && coll.charset !== charset) throw collationMismatch(coll.name, charset);
    charset = coll.charset;
    collation = coll.name;
  } else if (spec.parsed.binaryCollation) {
    collation = charset === "binary" ? "binary" : `${charset}_bin`;
  } else if (charsetName) {
    collation = charset === table.charset ? table.collation : defaultCollation(charset);
  } else {
    collation = table.collation;
  }
  t.charset = charset;
  t.collation = collation;
  resolveTextLength(t, charsetMaxlen(charset));
  return Boolean(charsetName || collationName || spec.parsed.binaryCollation);
}

function _checkLimits(name: string, t: MysqlType): void {
  const f = typeFamily(t.base);
  if (t.base === "char" && (t.length ?? 1) > 255) throw columnTooLong(name, 255);
  if (t.base === "binary" && (t.length ?? 1) > 255) throw columnTooLong(name, 255);
  if (t.base === "varchar") {
    const max = Math.floor(65535 / charsetMaxlen(t.charset ?? "utf8mb4"));
    if ((t.length ?? 0) > max) throw columnTooLong(name, max);
  }
  if (t.base === "varbinary" && (t.length ?? 0) > 65535) throw columnTooLong(name, 65535);
  if (f === "decimal") {
    if ((t.length ?? 10) > 65) throw tooBigPrecision(name, t.length ?? 10, 65);
    if ((t.scale ?? 0) > 30) {
      throw new MysqlError(
        1425,
        `Too big scale ${t.scale} specified for column '${name}'. Maximum is 30.`,
        "42000",
      );
    }
  }
  if ((f === "decimal" || f === "float") && t.length !== null && (t.scale ?? 0) > t.length) {
    throw scaleAbovePrecision(name);
  }
  if ((f === "datetime" || f === "time") && (t.fsp ?? 0) > 6) {
    throw tooBigPrecision(name, t.fsp ?? 0, 6);
  }
  if (f === "bit" && ((t.length ?? 1) < 1 || (t.length ?? 1) > 64)) {
    throw new MysqlError(
      1439,
      `Display width out of range for column '${name}' (max = 64)`,
      "42000",
    );
  }
  if (f === "int" && (t.length ?? 0) > 255) {
    throw new MysqlError(
      1439,
      `Display width out of range for column '${name}' (max = 255)`,
      "42000",
    );
  }
}

/** Validates a literal default and puts it in the form MySQL displays. */
export function normalizeDefault(
  name: string,
  t: MysqlType,
  d: DefaultDef,
  translate: ExpressionTranslator,
): DefaultDef {
  const f = typeFamily(t.base);
  switch (d.kind) {
    case "null":
    case "bit":
      return d;
    case "expr":
      return { ...d, sqlite: translate(d.mysql) };
    case "now":
      if (f !== "datetime" || t.base === "time") throw invalidDefault(name);
      return d;
    case "literal": {
      const v = d.value;
      if (f === "int" || f === "year") {
        const n = Number(v.trim());
        if (v.trim() === "" || !Number.isFinite(n)) throw invalidDefault(name);
        if (f === "year") return { kind: "literal", value: String(Math.round(n)).padStart(4, "0") };
        if (/^\s*[-+]?\d+\s*$/.test(v)) {
          return { kind: "literal", value: BigInt(v.trim()).toString() };
        }
        return { kind: "literal", value: String(Math.round(n)) };
      }
      if (f === "decimal") {
        const n = Number(v.trim());
        if (v.trim() === "" || !Number.isFinite(n)) throw invalidDefault(name);
        return { kind: "literal", value: n.toFixed(t.scale ?? 0) };
      }
      if (f === "float") {
        const n = Number(v.trim());
        if (v.trim() === "" || !Number.isFinite(n)) throw invalidDefault(name);
        return { kind: "literal", value: String(n) };
      }
      if (f === "enum") {
        const member = (t.values ?? []).find((m) => m.toLowerCase() === v.toLowerCase());
        if (member === undefined) throw invalidDefault(name);
        return { kind: "literal", value: member };
      }
      if (f === "set") {
        const members = v === "" ? [] : v.split(",");
        const canon = (t.values ?? []).filter((m) =>
          members.some((x) => x.toLowerCase() === m.toLowerCase())
        );
        if (canon.length !== new Set(members.map((m) => m.toLowerCase())).size) {
          throw invalidDefault(name);
        }
        return { kind: "literal", value: canon.join(",") };
      }
      if (f === "spatial") throw blobDefault(name);
      return d;
    }
  }
}

/** Builds the column definition. `defaults` are the table's charset and collation. */
export function buildColumn(
  spec: ColumnSpec,
  defaults: ColumnDefaults,
  translate: ExpressionTranslator,
): ColumnDef {
  const type: MysqlType = {
    ...spec.parsed.type,
    values: spec.parsed.type.values ? [...spec.parsed.type.values] : null,
  };
  const explicitCollation = _resolveCharset(spec, type, defaults);
  _checkLimits(spec.name, type);
  const nullable = spec.nullable ?? !spec.inlinePrimary;
  let def: DefaultDef | null = spec.default
    ? normalizeDefault(spec.name, type, spec.default, translate)
    : null;
  if (def?.kind === "null" && spec.nullable === false) throw invalidDefault(spec.name);
  if (def && spec.autoIncrement) throw invalidDefault(spec.name);
  if (def && spec.generated) {
    throw new MysqlError(
      3105,
      `The value specified for generated column '${spec.name}' in table is not allowed.`,
      "HY000",
    );
  }
  if (spec.onUpdateNow !== null && (typeFamily(type.base) !== "datetime" || type.base === "time")) {
    throw new MysqlError(1294, `Invalid ON UPDATE clause for '${spec.name}' column`, "HY000");
  }
  if (def?.kind === "null") def = nullable ? { kind: "null" } : def;
  return {
    name: spec.name,
    type,
    nullable,
    default: def,
    autoIncrement: spec.autoIncrement,
    onUpdateNow: spec.onUpdateNow,
    comment: spec.comment,
    explicitCollation,
    generated: spec.generated
      ? { ...spec.generated, sqlite: translate(spec.generated.mysql) }
      : null,
    invisible: spec.invisible,
  };
}
