/**
 * A DECIMAL value in string context (CONCAT, LENGTH, LIKE, CAST AS CHAR ...) is its text with
 * the type's scale in MySQL: DECIMAL(10,2) 0.1 is '0.10', so `CONCAT('$', price)` gives
 * '$0.10'. SQLite holds the value as a double and prints 0.1. Such an operand, when its scale is
 * known without reading a literal (a column, arithmetic of columns: a template serves every
 * literal), is written as `mysql_decimal_text(x, scale)`.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { emittedType } from "./column_type.ts";

/** Functions whose arguments are read as strings. */
export const STRING_ARGUMENT_FUNCTIONS = new Set(
  `CONCAT CONCAT_WS LENGTH CHAR_LENGTH CHARACTER_LENGTH OCTET_LENGTH LOWER LCASE UPPER UCASE
  SUBSTRING SUBSTR MID LEFT RIGHT REPLACE REPEAT REVERSE LPAD RPAD LTRIM RTRIM INSTR LOCATE
  SUBSTRING_INDEX STRCMP QUOTE`.split(/\s+/),
);

/** `e`, or `e` as its DECIMAL text when its scale is known (see the module comment). */
export function asDecimalText(em: Emitter, e: Expr): Expr {
  const { type, readsLiterals } = emittedType(em, e);
  if (type?.kind !== "decimal" || type.guessedScale || readsLiterals || !type.scale) return e;
  const scale: Expr = { k: "const", value: String(type.scale) };
  return {
    k: "call",
    name: "MYSQL_DECIMAL_TEXT",
    args: [e, scale],
    distinct: false,
    star: false,
    over: null,
  };
}
