/**
 * LIKE: MySQL's default escape character is `\` (the string decoder keeps the backslash of
 * `\%` and `\_`); SQLite has none, so every LIKE without ESCAPE gets `ESCAPE '\'`.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { asDecimalText } from "./decimal_text.ts";

/** x [NOT] LIKE pattern ESCAPE e. */
export function emitLike(em: Emitter, e: Extract<Expr, { k: "like" }>): string {
  const escape = e.escape === null ? "'\\'" : operand(em, e.escape);
  return `${operand(em, asDecimalText(em, e.e))}${e.not ? " NOT" : ""} LIKE ${
    operand(em, e.pattern)
  } ESCAPE ${escape}`;
}
