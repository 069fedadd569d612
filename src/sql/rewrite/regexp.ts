/**
 * REGEXP / RLIKE / NOT REGEXP: SQLite calls the user function `regexp(pattern, text)` for
 * `text REGEXP pattern`, which the functions helper registers with MySQL's (case-insensitive)
 * semantics. With BINARY on either side (`x REGEXP BINARY 'p'`, `CAST(x AS BINARY) REGEXP p`)
 * the match is case-sensitive: `regexp_binary(pattern, text)`.
 */
import type { Emitter } from "../emit/emitter.ts";
import { operand } from "../emit/expression_emitter.ts";
import type { Expr } from "../parser/ast.ts";

export function emitRegexp(em: Emitter, e: Extract<Expr, { k: "regexp" }>): string {
  const text = unbinary(e.e);
  const pattern = unbinary(e.pattern);
  if (text === null && pattern === null) {
    return `${operand(em, e.e)}${e.not ? " NOT" : ""} REGEXP ${operand(em, e.pattern)}`;
  }
  const call = `regexp_binary(${em.expr(pattern ?? e.pattern)}, ${em.expr(text ?? e.e)})`;
  return e.not ? `NOT ${call}` : call;
}

/** The operand of BINARY x / CAST(x AS BINARY), or null. */
function unbinary(e: Expr): Expr | null {
  if (e.k === "unary" && e.op === "BINARY") return e.e;
  if (e.k === "cast" && e.type === "BINARY") return e.e;
  return null;
}
