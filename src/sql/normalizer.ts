/**
 * Literal extraction: the statement text with every string and number literal replaced by a
 * marker is the cache key of its translation; the literal values are bound into the cached
 * template. Hex and bit literals stay in the key (their SQLite form depends on context).
 */
import type { SqlValue } from "../types/values.ts";
import { Tok, type Token } from "./tokenizer.ts";

/** A statement reduced to its shape plus its literal values. */
export interface Normalized {
  /** Text with literals replaced by `\0s` (string), `\0n` (number) or `\0e` (number with an
   * exponent). */
  key: string;
  /** Literal values in slot order. */
  values: SqlValue[];
  /** Source offsets of each literal: start at 2i, end at 2i+1. */
  spans: number[];
}

/** Length of a literal marker in the key. */
export const MARKER_LENGTH = 2;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const encoder = new TextEncoder();

/** A literal's marker in the key: strings, exact numbers and (MySQL's DOUBLE) numbers with an
 * exponent differ, so a translation may depend on the kind. */
function _marker(tok: Token): string {
  if (tok.type === Tok.String) return "\0s";
  return tok.text.includes("e") || tok.text.includes("E") ? "\0e" : "\0n";
}

/** Builds the cache key and literal values of a tokenized statement. */
export function normalize(sql: string, tokens: Token[]): Normalized {
  const values: SqlValue[] = [];
  const spans: number[] = [];
  let key = "";
  let last = 0;
  for (const tok of tokens) {
    if (tok.lit < 0) continue;
    key += sql.slice(last, tok.start) + _marker(tok);
    last = tok.end;
    values.push(literalValue(tok));
    spans.push(tok.start, tok.end);
  }
  key += last === 0 ? sql : sql.slice(last);
  return { key, values, spans };
}

/** The value a String or Number token binds as. */
export function literalValue(tok: Token): SqlValue {
  if (tok.type === Tok.String) {
    return tok.introducer === "binary" ? encoder.encode(tok.text) : tok.text;
  }
  return numberValue(tok.text);
}

/** MySQL number text as a JS value: safe integers as numbers, other int64 as bigint, larger
 * integers as their decimal text (node:sqlite cannot bind a bigint beyond int64; SQLite keeps
 * the text exact in an untyped or text column and reads it as a number where one is needed). */
export function numberValue(text: string): SqlValue {
  let integer = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      integer = false;
      break;
    }
  }
  if (!integer) return Number(text);
  if (text.length < 16) return Number(text);
  const big = BigInt(text);
  if (big <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(big);
  return big <= INT64_MAX ? big : text;
}

/** The negation of a number literal's value, exact for integers (`-9223372036854775808` is a
 * bigint although its literal 9223372036854775808 is not an int64). */
export function negatedValue(v: SqlValue): SqlValue {
  if (typeof v === "number") return v === 0 ? 0 : -v;
  if (typeof v === "bigint") return exactInteger(-v);
  if (typeof v === "string" && /^\d+$/.test(v)) return exactInteger(-BigInt(v));
  return v;
}

function exactInteger(big: bigint): SqlValue {
  if (big >= -BigInt(Number.MAX_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(big);
  }
  return big >= INT64_MIN && big <= INT64_MAX ? big : big.toString();
}
