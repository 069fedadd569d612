/**
 * JSON documents as MySQL 8 sees them: a parser that keeps integers apart from doubles, and
 * the MySQL 8 text form (`{"a": 1, "b": [1.0, "x"]}`: a space after ':' and ',', object keys
 * sorted by length then bytes, integral doubles printed with '.0'). Invalid JSON raises MySQL
 * error 3141.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { formatDouble, toText } from "./values.ts";

/** A JSON number written with a fraction or exponent (MySQL's DOUBLE). */
export class JsonDouble {
  constructor(readonly value: number) {}
}

/** A parsed JSON value. */
export type Json =
  | null
  | boolean
  | number
  | bigint
  | JsonDouble
  | string
  | Json[]
  | { [key: string]: Json };

/** Which function and argument a JSON text comes from (for error messages). */
export interface JsonArg {
  fn: string;
  arg: number;
}

/** The error MySQL gives for bad JSON text in a function argument. */
function _invalid(where: JsonArg, detail: string): MysqlError {
  const { fn, arg } = where;
  return new MysqlError(
    ER.INVALID_JSON_TEXT_IN_PARAM,
    `Invalid JSON text in argument ${arg} to function ${fn}: "${detail}"`,
  );
}

/** Parses JSON text; throws error 3141 naming `fn` and argument `arg`. */
export function parseJson(text: string, where: JsonArg = { fn: "json", arg: 1 }): Json {
  const p = { s: text, i: 0, where, depth: 0 };
  _ws(p);
  const v = _value(p);
  _ws(p);
  if (p.i !== text.length) {
    throw _invalid(p.where, "The document root must not be followed by other values.");
  }
  return v;
}

interface Cursor {
  s: string;
  i: number;
  where: JsonArg;
  depth: number;
}

/** MySQL's limit on JSON nesting (error 3157 beyond it). */
const MAX_DEPTH = 100;

function _nest(p: Cursor): void {
  if (++p.depth > MAX_DEPTH) {
    throw new MysqlError(
      ER.JSON_DOCUMENT_TOO_DEEP,
      `The JSON document exceeds the maximum depth of ${MAX_DEPTH}.`,
    );
  }
}

function _ws(p: Cursor): void {
  while (p.i < p.s.length) {
    const c = p.s.charCodeAt(p.i);
    if (c === 32 || c === 9 || c === 10 || c === 13) p.i++;
    else break;
  }
}

function _value(p: Cursor): Json {
  const c = p.s[p.i];
  if (c === "{") {
    _nest(p);
    p.i++;
    const obj: { [key: string]: Json } = Object.create(null);
    _ws(p);
    if (p.s[p.i] === "}") {
      p.i++;
      p.depth--;
      return obj;
    }
    for (;;) {
      _ws(p);
      if (p.s[p.i] !== '"') throw _invalid(p.where, "Missing a name for object member.");
      const key = _string(p);
      _ws(p);
      if (p.s[p.i++] !== ":") {
        throw _invalid(p.where, "Missing a colon after a name of object member.");
      }
      _ws(p);
      obj[key] = _value(p);
      _ws(p);
      const d = p.s[p.i++];
      if (d === "}") {
        p.depth--;
        return obj;
      }
      if (d !== ",") throw _invalid(p.where, "Missing a comma or '}' after an object member.");
    }
  }
  if (c === "[") {
    _nest(p);
    p.i++;
    const arr: Json[] = [];
    _ws(p);
    if (p.s[p.i] === "]") {
      p.i++;
      p.depth--;
      return arr;
    }
    for (;;) {
      _ws(p);
      arr.push(_value(p));
      _ws(p);
      const d = p.s[p.i++];
      if (d === "]") {
        p.depth--;
        return arr;
      }
      if (d !== ",") throw _invalid(p.where, "Missing a comma or ']' after an array element.");
    }
  }
  if (c === '"') return _string(p);
  if (p.s.startsWith("true", p.i)) {
    p.i += 4;
    return true;
  }
  if (p.s.startsWith("false", p.i)) {
    p.i += 5;
    return false;
  }
  if (p.s.startsWith("null", p.i)) {
    p.i += 4;
    return null;
  }
  return _number(p);
}

function _number(p: Cursor): Json {
  const start = p.i;
  if (p.s[p.i] === "-") p.i++;
  let digits = 0;
  while (p.i < p.s.length && p.s.charCodeAt(p.i) >= 48 && p.s.charCodeAt(p.i) <= 57) {
    p.i++;
    digits++;
  }
  if (digits === 0) throw _invalid(p.where, "Invalid value.");
  let double = false;
  if (p.s[p.i] === ".") {
    double = true;
    p.i++;
    while (p.s.charCodeAt(p.i) >= 48 && p.s.charCodeAt(p.i) <= 57) p.i++;
  }
  if (p.s[p.i] === "e" || p.s[p.i] === "E") {
    double = true;
    p.i++;
    if (p.s[p.i] === "+" || p.s[p.i] === "-") p.i++;
    while (p.s.charCodeAt(p.i) >= 48 && p.s.charCodeAt(p.i) <= 57) p.i++;
  }
  const text = p.s.slice(start, p.i);
  if (double) return new JsonDouble(Number(text));
  const n = Number(text);
  if (Number.isSafeInteger(n)) return n;
  const b = BigInt(text);
  // Beyond 64 bits MySQL stores the number as a DOUBLE.
  return b > 18446744073709551615n || b < -9223372036854775808n ? new JsonDouble(n) : b;
}

function _string(p: Cursor): string {
  p.i++; // opening quote
  let out = "";
  let start = p.i;
  for (;;) {
    if (p.i >= p.s.length) {
      throw _invalid(p.where, "Missing a closing quotation mark in string.");
    }
    const c = p.s.charCodeAt(p.i);
    if (c === 34) {
      out += p.s.slice(start, p.i++);
      return out;
    }
    if (c === 92) {
      out += p.s.slice(start, p.i);
      const e = p.s[p.i + 1];
      p.i += 2;
      if (e === "u") {
        const hex = p.s.slice(p.i, p.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          throw _invalid(p.where, "Incorrect hex digit after \\u escape in string.");
        }
        out += String.fromCharCode(parseInt(hex, 16));
        p.i += 4;
      } else {
        const m = ESCAPES[e ?? ""];
        if (m === undefined) throw _invalid(p.where, "Invalid escape character in string.");
        out += m;
      }
      start = p.i;
    } else if (c < 32) throw _invalid(p.where, "Invalid encoding in string.");
    else p.i++;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** True for a JSON object (not an array, not a number wrapper). */
export function isJsonObject(v: Json): v is { [key: string]: Json } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JsonDouble);
}

/** MySQL 8 orders object keys by length, then byte by byte. */
export function sortedKeys(obj: { [key: string]: Json }): string[] {
  return Object.keys(obj).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** A JSON string literal with MySQL's escapes. */
export function quoteJson(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 34 && c !== 92) continue;
    out += s.slice(start, i);
    start = i + 1;
    if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + s.slice(start) + '"';
}

/** MySQL 8 text of a JSON value; `indent` ≥ 0 gives JSON_PRETTY's layout. */
export function formatJson(v: Json, indent = -1): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof JsonDouble) {
    const s = formatDouble(v.value);
    return /[.e]/.test(s) ? s : s + ".0";
  }
  if (typeof v === "string") return quoteJson(v);
  const pretty = indent >= 0;
  const pad = pretty ? "\n" + "  ".repeat(indent + 1) : "";
  const end = pretty ? "\n" + "  ".repeat(indent) : "";
  const sep = pretty ? "," : ", ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return "[" + v.map((x) => pad + formatJson(x, pretty ? indent + 1 : -1)).join(sep) + end + "]";
  }
  const keys = sortedKeys(v);
  if (keys.length === 0) return "{}";
  return "{" +
    keys.map((k) => pad + quoteJson(k) + ": " + formatJson(v[k] as Json, pretty ? indent + 1 : -1))
      .join(sep) +
    end + "}";
}

/** MySQL's JSON_TYPE name. */
export function jsonTypeName(v: Json): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return "BOOLEAN";
  if (typeof v === "number") return "INTEGER";
  if (typeof v === "bigint") return v > 9223372036854775807n ? "UNSIGNED INTEGER" : "INTEGER";
  if (v instanceof JsonDouble) return "DOUBLE";
  if (typeof v === "string") return "STRING";
  return Array.isArray(v) ? "ARRAY" : "OBJECT";
}

/** Numeric value of a JSON number, or null for other types. */
export function jsonNumber(v: Json): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof JsonDouble) return v.value;
  return null;
}

/** MySQL JSON equality: numbers by value (1 = 1.0), other types must match exactly. */
export function jsonEqual(a: Json, b: Json): boolean {
  const x = jsonNumber(a);
  const y = jsonNumber(b);
  if (x !== null || y !== null) return x !== null && y !== null && x === y;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((v, i) => jsonEqual(v, b[i] as Json));
  }
  if (isJsonObject(a) || isJsonObject(b)) {
    if (!isJsonObject(a) || !isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && jsonEqual(a[k] as Json, b[k] as Json));
  }
  return a === b;
}

/** A SQL value used where MySQL expects a JSON document (text must be valid JSON). */
export function docArg(v: SqlValue, where: JsonArg): Json | undefined {
  if (v === null) return undefined;
  return parseJson(toText(v) as string, where);
}

/** A SQL value embedded into JSON: numbers as numbers, text as a JSON string. */
export function sqlToJson(v: SqlValue): Json {
  if (v === null) return null;
  if (typeof v === "bigint") {
    return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  }
  if (typeof v === "number") return Number.isInteger(v) ? v : new JsonDouble(v);
  return toText(v) as string;
}

/** CAST(x AS JSON): text must be JSON (normalized to MySQL's form); numbers stay numbers. */
export function toJsonValue(v: SqlValue): string | null {
  if (v === null) return null;
  if (typeof v === "string" || v instanceof Uint8Array) {
    return formatJson(parseJson(toText(v) as string, { fn: "cast_as_json", arg: 1 }));
  }
  return formatJson(sqlToJson(v));
}
