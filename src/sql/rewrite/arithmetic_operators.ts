/**
 * Arithmetic whose SQLite meaning differs from MySQL's: `/` (SQLite truncates integer
 * division, MySQL gives a decimal and NULL on zero), DIV (integer division, absent in
 * SQLite), `%`/MOD (SQLite casts operands to integers) and `^` (bitwise XOR, absent in SQLite).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { emittedType } from "./column_type.ts";

/** Writes `l op r` for `/`, DIV, MOD and `^`; null for other operators. */
export function emitArithmetic(em: Emitter, op: string, l: Expr, r: Expr): string | null {
  switch (op) {
    case "/": {
      const scale = divisionScale(em, l, r);
      const args = `${em.numeric(l)}, ${em.numeric(r)}${scale === null ? "" : `, ${scale}`}`;
      return `mysql_division(${args})`;
    }
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

/**
 * The result scale of `l / r` where table column types decide it: the dividend's scale +
 * div_precision_increment (4), or -1 (DOUBLE) when an operand is a double or a string; null
 * where the dividend's value decides at run time (`mysql_division` counts its decimals), as for a
 * dividend of unknown type or one reading a literal's text (a template serves every literal).
 * A number literal divisor counts as exact whatever its form (`3e0` too).
 */
function divisionScale(em: Emitter, l: Expr, r: Expr): number | null {
  const dividend = emittedType(em, l);
  const divisor = emittedType(em, r, (slot) => em.isNumberLiteral(slot) ? "0" : null).type;
  const a = dividend.type;
  if (a === undefined) return null;
  // Strings compute as DOUBLE; temporal values as numbers their value decides. A divisor of
  // unknown type (a parameter) leaves the dividend's scale, as the result type has it.
  const approximate = (t: typeof a) => t.kind === "double" || t.kind === "string";
  if (approximate(a) || (divisor !== undefined && approximate(divisor))) return -1;
  if (a.kind !== "integer" && a.kind !== "decimal") return null;
  if (dividend.readsLiterals || a.guessedScale) return null;
  return Math.min(30, (a.scale ?? 0) + 4);
}
