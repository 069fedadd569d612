/**
 * String literals compared with numbers. MySQL compares a string with a number as numbers
 * (`CAST(meta_value AS SIGNED) > '10'`, which WordPress meta queries send, is numeric);
 * SQLite ranks any TEXT above any number, so `25 > '3'` is false there. When one side is
 * known to be numeric (a number literal, a numeric CAST, arithmetic, a numeric function) and
 * the other is a string literal, the string goes through `mysql_cast(s, 'DOUBLE')` (MySQL's
 * numeric prefix rule). Columns need nothing: SQLite's column affinity already converts, but an
 * ENUM or SET column compared with a number is its member number (member_numbers.ts).
 *
 * Exact arithmetic compared: MySQL computes `0.1 + 0.2` or `price * 3` of DECIMAL values exactly,
 * SQLite in doubles (0.30000000000000004), so `0.1 + 0.2 = 0.3` would be false. Such a side
 * (`+ - *` whose type is DECIMAL, every number literal without an exponent counted as one: a
 * template serves all of them) goes through `mysql_exact`, which rounds a double to 15 significant digits, below
 * which the binary noise lies; integers pass unchanged.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { emittedType } from "./column_type.ts";

const NUMERIC_CASTS = /^(SIGNED|UNSIGNED|DECIMAL|DOUBLE|FLOAT|YEAR)/;
const NUMERIC_OPS = new Set(["+", "-", "*", "/", "DIV", "MOD", "^", "|", "&", "<<", ">>"]);
const NUMERIC_FUNCTIONS = new Set(
  `COUNT SUM AVG LENGTH CHAR_LENGTH CHARACTER_LENGTH OCTET_LENGTH BIT_LENGTH ABS CEIL CEILING FLOOR ROUND
  TRUNCATE MOD SIGN LOCATE INSTR FIND_IN_SET FIELD YEAR MONTH DAY DAYOFMONTH DAYOFWEEK DAYOFYEAR HOUR
  MINUTE SECOND MICROSECOND WEEK WEEKDAY WEEKOFYEAR YEARWEEK QUARTER UNIX_TIMESTAMP TO_DAYS TO_SECONDS
  DATEDIFF CRC32 ASCII ORD BIT_COUNT POW POWER SQRT EXP LN LOG LOG2 LOG10 PI RAND CONNECTION_ID
  LAST_INSERT_ID ROW_COUNT FOUND_ROWS`.split(/\s+/),
);

/** True when MySQL gives `e` a numeric type whatever the data. */
export function isNumeric(em: Emitter, e: Expr): boolean {
  switch (e.k) {
    case "lit":
      return em.isNumberLiteral(e.lit);
    case "bool":
      return true;
    case "cast":
      return NUMERIC_CASTS.test(e.type);
    case "binary":
      return NUMERIC_OPS.has(e.op) && e.l.k !== "interval" && e.r.k !== "interval";
    case "unary":
      return e.op === "-" || e.op === "+" || e.op === "~";
    case "call":
      return NUMERIC_FUNCTIONS.has(e.name);
    case "extract":
      return true;
    case "unit_call":
      return e.name === "TIMESTAMPDIFF";
    case "paren":
      return isNumeric(em, e.e);
    default:
      return false;
  }
}

function isStringLiteral(em: Emitter, e: Expr): boolean {
  return (e.k === "lit" && !em.isNumberLiteral(e.lit)) || e.k === "const";
}

/** Writes `s` compared with `other`: as a number when `other` is numeric and `s` a string,
 * as an exact value when it is DECIMAL arithmetic. */
export function comparedOperand(em: Emitter, s: Expr, other: Expr): string {
  if (isStringLiteral(em, s) && isNumeric(em, other)) return `mysql_cast(${em.expr(s)}, 'DOUBLE')`;
  // An ENUM or SET column compared with a number compares its number (`pr = 2`).
  if (s.k === "col" && isNumeric(em, other)) return em.numeric(s);
  if (isExactArithmetic(em, s)) return `mysql_exact(${em.expr(s)})`;
  return operand(em, s);
}

function isExactArithmetic(em: Emitter, e: Expr): boolean {
  const inner = e.k === "paren" ? e.e : e;
  if (inner.k !== "binary" || (inner.op !== "+" && inner.op !== "-" && inner.op !== "*")) {
    return false;
  }
  // The key tells exponent forms (DOUBLE) apart, not 1 from 1.5: those count as DECIMAL.
  const decimalLiteral = (slot: number) =>
    !em.isNumberLiteral(slot) ? null : /[eE]/.test(em.literalText(slot)) ? "0e0" : "0.0";
  const { type } = emittedType(em, inner, decimalLiteral);
  return type?.kind === "decimal" && type.guessedScale !== true;
}
