/**
 * Arithmetic whose SQLite meaning differs from MySQL's: `/` (SQLite truncates integer
 * division, MySQL gives a decimal and NULL on zero), DIV (integer division, absent in
 * SQLite), `%`/MOD (SQLite casts operands to integers) and `^` (bitwise XOR, absent in SQLite).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";

/** Writes `l op r` for `/`, DIV, MOD and `^`; null for other operators. */
export function emitArithmetic(em: Emitter, op: string, l: Expr, r: Expr): string | null {
  switch (op) {
    case "/":
      return `mysql_division(${em.numeric(l)}, ${em.numeric(r)})`;
    case "DIV":
      return `mysql_div(${em.numeric(l)}, ${em.numeric(r)})`;
    case "MOD":
      return `mysql_mod(${em.numeric(l)}, ${em.numeric(r)})`;
    case "^":
      // MySQL's bit operations are unsigned 64-bit; SQLite has no ^ at all.
      return `mysql_bitxor(${em.numeric(l)}, ${em.numeric(r)})`;
  }
  return null;
}

/** MOD(a, b) as a function. */
export function emitModCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  if (e.name !== "MOD" || e.args.length !== 2) return null;
  return `mysql_mod(${em.numeric(e.args[0]!)}, ${em.numeric(e.args[1]!)})`;
}
