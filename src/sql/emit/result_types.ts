/**
 * MySQL's result type of each select item where the expression decides it (literals,
 * arithmetic, COUNT / SUM / AVG, CAST, temporal, string and JSON functions), following
 * MySQL 8: `1.25` is DECIMAL with scale 2, `a * b` adds scales, `a / b` has the dividend's
 * scale + div_precision_increment (4), SUM of an exact value is DECIMAL, AVG adds 4 to the
 * scale. A column has its table column's or derived table column's type where the caller
 * resolves it (`ColumnTypes`, which may leave a select item that is a plain table column to the
 * catalog); a parameter or an unknown function is undefined (the values decide). Number
 * literals decide scales: a caller whose `LiteralText` gave a number's text learns that the
 * types hold for that binding only, and a template then keeps the select lists and infers
 * again for each binding (template.ts).
 */
import type { Expr, QueryBody, SelectCore, SelectItem } from "../parser/ast.ts";
import type { ExpressionType } from "../statement.ts";
import {
  BINARY_STRING,
  COMMON_OF_ALL,
  DATE,
  DATETIME,
  decimal,
  DOUBLE,
  FIRST_ARGUMENT,
  FIXED,
  INTEGER,
  JSON_TYPE,
  STRING,
  TIME,
  UNSIGNED_INTEGER,
} from "./function_result_types.ts";

const DIV_PRECISION_INCREMENT = 4;
const UINT64_MAX = 18446744073709551615n;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN_MAGNITUDE = "9223372036854775808";

/** How inference reads literal slots: a number literal's text as written, or null for a
 * string literal. */
export type LiteralText = (slot: number) => string | null;

/** "null": the NULL literal, which takes the type of the other branches of IF / COALESCE. */
type Inferred = ExpressionType | "null" | undefined;

export type ColumnExpr = Extract<Expr, { k: "col" }>;

/** The type of a column reference of select list `list` (undefined: unknown); `item` when
 * the reference is a select item by itself. */
export type ColumnTypes = (
  e: ColumnExpr,
  list: number,
  item: boolean,
) => ExpressionType | undefined;

/** The SELECTs a query body is made of (UNION members in order), or null when one has a
 * `*`. */
export function selectCores(body: QueryBody): SelectCore[] | null {
  const cores: SelectCore[] = [];
  const walk = (b: QueryBody): boolean => {
    if (b.k === "core") {
      if (b.items.some((i: SelectItem) => i.e.k === "star")) return false;
      cores.push(b);
      return true;
    }
    if (b.k === "paren") return walk(b.q.body);
    return walk(b.left) && walk(b.right);
  };
  return walk(body) ? cores : null;
}

/** The result type of each column of a query body made of `lists` (UNION members merged). */
export function resultTypes(
  lists: Expr[][],
  literal: LiteralText,
  columns?: ColumnTypes,
): Array<ExpressionType | undefined> {
  const state: State = { literal, column: undefined };
  const width = lists[0]?.length ?? 0;
  const types: Array<ExpressionType | undefined> = [];
  for (let i = 0; i < width; i++) {
    const t = common(
      lists.map((list, n) => {
        const e = list[i];
        if (e === undefined) return undefined;
        if (e.k === "col") return columns?.(e, n, true);
        state.column = columns === undefined ? undefined : (c) => columns(c, n, false);
        return infer(e, state);
      }),
    );
    types.push(t === "null" ? undefined : t);
  }
  return types;
}

/** The type of one expression (see `resultTypes`). */
export function expressionType(
  e: Expr,
  literal: LiteralText,
  column?: (e: ColumnExpr) => ExpressionType | undefined,
): ExpressionType | undefined {
  const type = infer(e, { literal, column });
  return type === "null" ? undefined : type;
}

interface State {
  literal: LiteralText;
  column: ((e: ColumnExpr) => ExpressionType | undefined) | undefined;
}

function infer(e: Expr, s: State): Inferred {
  switch (e.k) {
    case "lit":
      return literalType(e.lit, s);
    case "col":
      return s.column?.(e);
    case "null":
      return "null";
    case "bool":
    case "is":
    case "like":
    case "regexp":
    case "in":
    case "between":
    case "exists":
    case "extract":
      return INTEGER;
    case "const":
    case "trim":
    case "group_concat":
      return STRING;
    case "convert_using":
      return e.charset === "binary" ? BINARY_STRING : STRING;
    case "match":
      return DOUBLE;
    case "paren":
    case "collate":
    case "assign":
      return infer(e.e, s);
    case "unary":
      if (e.op === "-") return negated(e.e, numeric(infer(e.e, s)), s);
      if (e.op === "+") return numeric(infer(e.e, s));
      if (e.op === "~") return UNSIGNED_INTEGER;
      return e.op === "BINARY" ? BINARY_STRING : INTEGER;
    case "binary":
      return binary(e.op, e.l, e.r, s);
    case "cast":
      return castType(e.type);
    case "case": {
      const branches = e.whens.map((w) => infer(w.then, s));
      branches.push(e.else === null ? "null" : infer(e.else, s));
      return common(branches);
    }
    case "call":
      return call(e, s);
    case "unit_call":
      return e.name === "TIMESTAMPDIFF" ? INTEGER : undefined;
    default:
      return undefined;
  }
}

function literalType(slot: number, s: State): Inferred {
  const text = s.literal(slot);
  if (text === null) return STRING;
  if (/[eE]/.test(text)) return DOUBLE;
  const dot = text.indexOf(".");
  if (dot >= 0) return decimal(text.length - dot - 1);
  const n = BigInt(text);
  return n <= INT64_MAX ? INTEGER : n <= UINT64_MAX ? UNSIGNED_INTEGER : decimal(0);
}

/** A numeric operand's type; strings compute as DOUBLE in arithmetic. */
function numeric(t: Inferred): Inferred {
  if (t === undefined || t === "null") return t;
  if (t.kind === "integer" || t.kind === "decimal" || t.kind === "double") return t;
  return t.kind === "string" ? DOUBLE : undefined;
}

function scaleOf(t: ExpressionType): number {
  return t.kind === "decimal" ? t.scale ?? 0 : 0;
}

function binary(op: string, l: Expr, r: Expr, s: State): Inferred {
  switch (op) {
    case "->":
      return JSON_TYPE;
    case "->>":
      return STRING;
    case "DIV":
      return INTEGER;
    case "|":
    case "&":
    case "<<":
    case ">>":
    case "^":
      return UNSIGNED_INTEGER;
    case "+":
    case "-":
    case "*":
    case "/":
    case "MOD":
      break;
    default:
      return INTEGER; // comparisons and logical operators
  }
  if (l.k === "interval" || r.k === "interval") return undefined;
  const a = numeric(infer(l, s));
  const b = numeric(infer(r, s));
  if (op === "/") {
    // Any `/` of exact values is DECIMAL: an unknown dividend counts as an integer.
    if (
      (a !== undefined && a !== "null" && a.kind === "double") ||
      (b !== undefined && b !== "null" && b.kind === "double")
    ) {
      return DOUBLE;
    }
    const dividend = a === undefined || a === "null" ? 0 : scaleOf(a);
    return decimal(dividend + DIV_PRECISION_INCREMENT, a === undefined || guessed(a));
  }
  if (a === "null" || b === "null") return "null";
  if (a === undefined || b === undefined) return undefined;
  if (a.kind === "double" || b.kind === "double") return DOUBLE;
  if (a.kind === "integer" && b.kind === "integer") {
    if (op === "MOD") return a.unsigned ? UNSIGNED_INTEGER : INTEGER;
    return a.unsigned || b.unsigned
      ? { kind: "integer", arithmetic: true, unsigned: true }
      : { kind: "integer", arithmetic: true };
  }
  return decimal(
    op === "*" ? scaleOf(a) + scaleOf(b) : Math.max(scaleOf(a), scaleOf(b)),
    guessed(a) || guessed(b),
  );
}

/** `-x`: the negation of a BIGINT UNSIGNED (a literal past BIGINT) is a DECIMAL, except
 * -9223372036854775808, BIGINT's smallest value. */
function negated(x: Expr, t: Inferred, s: State): Inferred {
  if (t === undefined || t === "null" || !t.unsigned) return t;
  return x.k === "lit" && s.literal(x.lit) === INT64_MIN_MAGNITUDE ? INTEGER : decimal(0);
}

function guessed(t: Inferred): boolean {
  return t !== undefined && t !== "null" && t.guessedScale === true;
}

function castType(type: string): Inferred {
  if (type === "UNSIGNED") return UNSIGNED_INTEGER;
  if (type === "SIGNED" || type === "YEAR") return INTEGER;
  if (type.startsWith("DECIMAL")) return decimal(Number(/,(\d+)\)$/.exec(type)?.[1] ?? 0));
  if (type.startsWith("BINARY")) return BINARY_STRING;
  if (type.startsWith("CHAR")) return STRING;
  if (type === "DATE") return DATE;
  if (type.startsWith("DATETIME")) return DATETIME;
  if (type.startsWith("TIME")) return TIME;
  if (type === "DOUBLE" || type === "FLOAT") return DOUBLE;
  return type === "JSON" ? JSON_TYPE : undefined;
}

function call(e: Extract<Expr, { k: "call" }>, s: State): Inferred {
  const name = e.name;
  const args = e.args;
  switch (name) {
    case "SUM":
    case "AVG": {
      // An unknown argument counts as an integer (MySQL's SUM of an INT column is DECIMAL),
      // a guess the session widens to the values it sees.
      const x = args.length === 1 ? numeric(infer(args[0]!, s)) : undefined;
      if (x !== undefined && x !== "null" && x.kind === "double") return DOUBLE;
      const scale = x === undefined || x === "null" ? 0 : scaleOf(x);
      return decimal(
        name === "AVG" ? scale + DIV_PRECISION_INCREMENT : scale,
        x === undefined || guessed(x),
      );
    }
    case "ROUND":
    case "TRUNCATE":
      return rounded(args, s);
    case "MOD":
      return args.length === 2 ? binary("MOD", args[0]!, args[1]!, s) : undefined;
    case "FLOOR":
    case "CEIL":
    case "CEILING": {
      const x = args.length === 1 ? numeric(infer(args[0]!, s)) : undefined;
      if (x === undefined || x === "null") return x;
      return x.kind === "double" ? DOUBLE : INTEGER;
    }
    case "IF":
      return args.length === 3 ? common([infer(args[1]!, s), infer(args[2]!, s)]) : undefined;
    case "FROM_UNIXTIME":
      return args.length === 1 ? DATETIME : STRING;
    case "TIMESTAMP":
      return args.length === 1 ? DATETIME : undefined;
    case "TIME":
      return args.length === 1 ? TIME : undefined;
    case "UNIX_TIMESTAMP":
      return args.length === 0 ? INTEGER : undefined;
  }
  const fixed = FIXED[name];
  if (fixed !== undefined) return fixed;
  if (COMMON_OF_ALL.has(name)) return common(args.map((a) => infer(a, s)));
  if (FIRST_ARGUMENT.has(name) && args.length > 0) {
    const t = infer(args[0]!, s);
    return name === "ABS" ? numeric(t) : t;
  }
  return undefined;
}

/** ROUND / TRUNCATE(x, d): an exact x keeps d decimals (0 for an integer x), a double stays
 * a double. d must be a literal for the scale to be known. */
function rounded(args: Expr[], s: State): Inferred {
  const x = args.length >= 1 ? numeric(infer(args[0]!, s)) : undefined;
  if (x === undefined || x === "null" || x.kind === "double" || x.kind === "integer") return x;
  if (args.length === 1) return decimal(0);
  const d = args[1]!;
  let places: number | null = null;
  if (d.k === "lit") places = literalInteger(d.lit, s);
  else if (d.k === "unary" && d.op === "-" && d.e.k === "lit") {
    const n = literalInteger(d.e.lit, s);
    places = n === null ? null : -n;
  }
  if (places === null) return undefined;
  return places <= 0 ? INTEGER : decimal(places);
}

function literalInteger(slot: number, s: State): number | null {
  const text = s.literal(slot);
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

/** The type of IF / COALESCE / CASE branches or UNION columns taken together. */
function common(types: Inferred[]): Inferred {
  let out: Inferred = "null";
  for (const t of types) {
    if (t === undefined) return undefined;
    if (t === "null") continue;
    out = out === "null" ? t : merge(out, t);
  }
  return out;
}

function merge(a: ExpressionType, b: ExpressionType): ExpressionType {
  if (a.kind === b.kind) {
    return a.kind === "decimal"
      ? decimal(Math.max(scaleOf(a), scaleOf(b)), guessed(a) || guessed(b))
      : a;
  }
  const numbers = ["integer", "decimal", "double"];
  if (numbers.includes(a.kind) && numbers.includes(b.kind)) {
    if (a.kind === "double" || b.kind === "double") return DOUBLE;
    return decimal(Math.max(scaleOf(a), scaleOf(b)), guessed(a) || guessed(b));
  }
  const temporal = (k: string) => k === "date" || k === "datetime";
  if (temporal(a.kind) && temporal(b.kind)) return DATETIME;
  return STRING;
}
