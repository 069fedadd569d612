/**
 * Casts and collations. CAST(x AS t) / CONVERT(x, t) call `mysql_cast(x, 'T')` (SQLite's CAST
 * has other rules: AS DATE gives the year, AS SIGNED keeps 2.9); CONVERT(x USING cs) calls
 * `mysql_convert_charset(x, 'cs')`. BINARY x and CAST(x AS BINARY) make comparisons
 * byte-wise and case-sensitive: `x COLLATE BINARY` keeps the value and its type (a BLOB would
 * never equal TEXT in SQLite). COLLATE *_bin / binary → BINARY, *_ci → NOCASE (ASCII only),
 * any other collation → BINARY.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { asDecimalText } from "./decimal_text.ts";

export function emitCast(em: Emitter, e: Expr, type: string): string {
  if (type === "BINARY") return emitBinaryCast(em, e);
  const value = type.startsWith("CHAR") ? asDecimalText(em, e) : e;
  return `mysql_cast(${em.expr(value)}, '${type}')`;
}

export function emitBinaryCast(em: Emitter, e: Expr): string {
  return `${operand(em, e)} COLLATE BINARY`;
}

export function emitConvertUsing(em: Emitter, e: Expr, charset: string): string {
  return `mysql_convert_charset(${em.expr(e)}, '${charset.replaceAll("'", "''")}')`;
}

export function emitCollate(em: Emitter, e: Expr, collation: string): string {
  return `${operand(em, e)} COLLATE ${sqliteCollation(collation)}`;
}

/** The SQLite collation for a MySQL collation name. */
export function sqliteCollation(collation: string): "BINARY" | "NOCASE" {
  return collation.endsWith("_ci") ? "NOCASE" : "BINARY";
}
