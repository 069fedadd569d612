/**
 * The values of INSERT / REPLACE ... VALUES rows as the session sees them (for "Duplicate
 * entry 'v'" messages, NULL checks): each value is a literal slot, a negated number literal,
 * a constant, a client placeholder, or null for an expression. Kept in the template as sources so a
 * cached translation binds each statement's own literals.
 */
import type { SqlValue } from "../../types/values.ts";
import { negatedValue } from "../normalizer.ts";
import type { Expr } from "../parser/ast.ts";
import type { Param, SessionRef } from "../statement.ts";
import type { Emitter } from "./emitter.ts";

/** Where an inserted value comes from (null: an expression, not reported). */
export type ValueSource =
  | number
  | { neg: number }
  | { value: SqlValue }
  | Extract<SessionRef, { ref: "placeholder" }>
  | null;

/** The source of one VALUES item. */
export function valueSource(em: Emitter, e: Expr): ValueSource {
  switch (e.k) {
    case "lit":
      return e.lit;
    case "unary":
      if (e.op === "+" && e.e.k === "lit" && em.isNumberLiteral(e.e.lit)) return e.e.lit;
      if (e.op === "-" && e.e.k === "lit" && em.isNumberLiteral(e.e.lit)) return { neg: e.e.lit };
      return null;
    case "null":
      return { value: null };
    case "bool":
      return { value: e.value ? 1 : 0 };
    case "hex":
      return e.bits ? null : { value: hexBytes(e.digits) };
    case "ref":
      return e.ref.ref === "placeholder" ? e.ref : null;
    case "paren":
      return valueSource(em, e.e);
    default:
      return null;
  }
}

/** Binds the sources of every row to one statement's literal values (undefined: an
 * expression, whose value is not known before execution). */
export function bindInsertValues(
  rows: ValueSource[][],
  values: SqlValue[],
): Array<Array<Param | undefined>> {
  return rows.map((row) => row.map((src) => bindValueSource(src, values)));
}

/** One source bound to a statement's literal values (undefined: an expression). */
export function bindValueSource(src: ValueSource, values: SqlValue[]): Param | undefined {
  if (src === null) return undefined;
  if (typeof src === "number") return values[src] ?? null;
  if ("neg" in src) return negatedValue(values[src.neg] ?? null);
  if ("value" in src) return src.value;
  return src;
}

function hexBytes(digits: string): Uint8Array {
  const even = digits.length % 2 === 0 ? digits : `0${digits}`;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(even.slice(2 * i, 2 * i + 2), 16);
  return out;
}
