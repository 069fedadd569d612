/**
 * Writes expressions as SQLite SQL. Operators with the same meaning in both dialects are written
 * directly (operands parenthesized so SQLite's different precedence cannot regroup them);
 * everything else goes through one rewrite rule per concern in ../rewrite/.
 */
import { unsupported } from "../translate_errors.ts";
import type { Expr } from "../parser/ast.ts";
import { sqliteStringLiteral } from "../string_literal.ts";
import { SQLITE_KEYWORDS } from "../parser/reserved_words.ts";
import { emitArithmetic, emitModCall } from "../rewrite/arithmetic_operators.ts";
import { emitBinaryCast, emitCast, emitCollate, emitConvertUsing } from "../rewrite/cast.ts";
import { emitCountDistinct } from "../rewrite/count_distinct.ts";
import { emitGroupConcat } from "../rewrite/group_concat.ts";
import { emitDateAddCall, emitIntervalArithmetic, emitTimestampAdd } from "../rewrite/interval.ts";
import { emitLike } from "../rewrite/like_escape.ts";
import { emitIs, emitLogical, emitNot } from "../rewrite/logical_operators.ts";
import { emitJsonCall } from "../rewrite/json_operators.ts";
import { emitMatch } from "../rewrite/match_against.ts";
import { comparedOperand, isNumeric } from "../rewrite/numeric_comparison.ts";
import { comparisonCollation } from "../rewrite/string_comparison.ts";
import { columnMembers, memberNumber } from "../rewrite/member_numbers.ts";
import { emitRegexp } from "../rewrite/regexp.ts";
import { withJsonColumnValues } from "../rewrite/json_columns.ts";
import { emitColumn, emitStar } from "../rewrite/qualified_names.ts";
import { emitSessionCall } from "../rewrite/session_functions.ts";
import { isAggregateCall } from "../rewrite/having_without_group_by.ts";
import { emitGrouping } from "../rewrite/rollup.ts";
import { asDecimalText, STRING_ARGUMENT_FUNCTIONS } from "../rewrite/decimal_text.ts";
import { emitExtract, emitTemporalCall, emitTimestampDiff } from "../rewrite/temporal_functions.ts";
import type { Emitter } from "./emitter.ts";
import { emitWindow } from "./window_emitter.ts";

const INT64_MAX = 9223372036854775807n;
const COMPARISONS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const NUMERIC_AGGREGATES = new Set(["SUM", "AVG"]);

/** MySQL functions named like SQLite keywords, implemented by the functions helper under
 * another name. */
const RENAMED: Record<string, string> = { INSERT: "mysql_insert", ISNULL: "mysql_isnull" };

/** Kinds that SQLite reads as one operand without parentheses. */
const ATOMS = new Set<Expr["k"]>([
  "lit",
  "const",
  "null",
  "bool",
  "hex",
  "col",
  "star",
  "ref",
  "call",
  "group_concat",
  "cast",
  "convert_using",
  "collate",
  "extract",
  "unit_call",
  "trim",
  "match",
  "subquery",
  "exists",
  "row",
  "paren",
  "values_of",
  "case",
]);

/** Writes `e`; `numeric` marks arithmetic context (hex literals become integers). */
export function emitExpr(em: Emitter, e: Expr, numeric: boolean): string {
  switch (e.k) {
    case "lit":
      return em.literal(e.lit);
    case "const":
      return `'${e.value.replaceAll("'", "''")}'`;
    case "null":
      return "NULL";
    case "bool":
      return e.value ? "1" : "0";
    case "hex":
      return emitHex(e.digits, e.bits, numeric);
    case "col": {
      const text = emitColumn(em, e.parts);
      const members = numeric ? columnMembers(em, e) : null;
      return members === null ? text : memberNumber(text, members);
    }
    case "star":
      return emitStar(em, e.parts);
    case "ref":
      if (em.liveSessionState && e.ref.ref === "uservar") {
        return `mysql_getvar(${sqliteStringLiteral(e.ref.name)})`;
      }
      return em.param(e.ref);
    case "assign":
      return `mysql_setvar(${sqliteStringLiteral(e.name)}, ${em.expr(e.e)})`;
    case "unary":
      return emitUnary(em, e);
    case "binary":
      return emitBinary(em, e.op, e.l, e.r);
    case "is":
      return emitIs(em, e);
    case "like":
      return emitLike(em, e);
    case "regexp":
      return emitRegexp(em, e);
    case "in":
      return emitIn(em, e);
    case "between":
      return `${operand(em, e.e)}${comparisonCollation(em, [e.e, e.lo, e.hi])}${
        e.not ? " NOT" : ""
      } BETWEEN ${comparedOperand(em, e.lo, e.e)} AND ${comparedOperand(em, e.hi, e.e)}`;
    case "case": {
      let out = "CASE";
      if (e.operand !== null) out += ` ${em.expr(e.operand)}`;
      for (const w of e.whens) out += ` WHEN ${em.expr(w.when)} THEN ${em.expr(w.then)}`;
      if (e.else !== null) out += ` ELSE ${em.expr(e.else)}`;
      return `${out} END`;
    }
    case "call":
      return emitCall(em, e);
    case "group_concat": {
      em.aggregateDepth++;
      try {
        return emitGroupConcat(em, e);
      } finally {
        em.aggregateDepth--;
      }
    }
    case "cast":
      return emitCast(em, e.e, e.type);
    case "convert_using":
      return emitConvertUsing(em, e.e, e.charset);
    case "collate":
      return emitCollate(em, e.e, e.collation);
    case "interval":
      throw unsupported("INTERVAL outside date arithmetic");
    case "extract":
      return emitExtract(em, e.unit, e.e);
    case "unit_call":
      return e.name === "TIMESTAMPDIFF"
        ? emitTimestampDiff(em, e.unit, e.a, e.b)
        : emitTimestampAdd(em, e.unit, e.a, e.b);
    case "trim": {
      // SQLite's trim(s, chars) strips characters of a set; MySQL strips a whole string.
      if (e.remove !== null) {
        return `mysql_trim(${em.expr(e.e)}, ${em.expr(e.remove)}, '${e.mode}')`;
      }
      const fn = e.mode === "LEADING" ? "ltrim" : e.mode === "TRAILING" ? "rtrim" : "trim";
      return `${fn}(${em.expr(e.e)})`;
    }
    case "match":
      return emitMatch(em, e);
    case "subquery":
      return `(${em.query(e.q)})`;
    case "exists":
      return `EXISTS (${em.query(e.q)})`;
    case "row":
      return `(${e.items.map((i) => em.expr(i)).join(", ")})`;
    case "paren":
      return `(${emitExpr(em, e.e, numeric)})`;
    case "values_of":
      return em.upsert === null ? "NULL" : `excluded.${em.ident(e.column)}`;
    case "default":
      throw unsupported("DEFAULT in this position");
  }
}

/** Writes an operand, parenthesized unless it is atomic. */
export function operand(em: Emitter, e: Expr, numeric = false): string {
  const text = emitExpr(em, e, numeric);
  if (ATOMS.has(e.k)) return text;
  // Unary -, +, ~ bind tighter than any binary operator; ! and BINARY emit their own grouping.
  if (e.k === "unary" && e.op !== "NOT") return text;
  return `(${text})`;
}

function emitHex(digits: string, bits: boolean, numeric: boolean): string {
  const value = digits === "" ? 0n : BigInt(bits ? `0b${digits}` : `0x${digits}`);
  if (bits && value <= INT64_MAX) return value.toString();
  // A hex literal is a binary string, except in arithmetic where it is its integer value
  // (beyond int64 its decimal text, which SQLite reads as a number).
  if (numeric) return value <= INT64_MAX ? value.toString() : `'${value}'`;
  if (bits) {
    const padded = digits.padStart(Math.ceil(digits.length / 8) * 8, "0");
    let hex = "";
    for (let i = 0; i < padded.length; i += 8) {
      hex += parseInt(padded.slice(i, i + 8), 2).toString(16).padStart(2, "0");
    }
    return `x'${hex}'`;
  }
  return `x'${digits.length % 2 === 0 ? digits : `0${digits}`}'`;
}

function emitUnary(em: Emitter, e: Extract<Expr, { k: "unary" }>): string {
  switch (e.op) {
    case "-": {
      if (e.e.k === "lit") {
        const negated = em.negatedLiteral(e.e.lit);
        if (negated !== null) return negated;
      }
      const text = operand(em, e.e, true);
      return text.startsWith("-") ? `- ${text}` : `-${text}`;
    }
    case "+":
      return operand(em, e.e, true);
    case "~":
      return `~${operand(em, e.e, true)}`;
    case "NOT":
    case "!":
      return emitNot(em, e.e, e.op);
    case "BINARY":
      return emitBinaryCast(em, e.e);
  }
}

function emitBinary(em: Emitter, op: string, l: Expr, r: Expr): string {
  if (op === "AND" || op === "OR") {
    // Chains of the same operator need no parentheses: a AND b AND c.
    const left = l.k === "binary" && l.op === op ? emitBinary(em, op, l.l, l.r) : operand(em, l);
    const right = r.k === "binary" && r.op === op ? emitBinary(em, op, r.l, r.r) : operand(em, r);
    return `${left} ${op} ${right}`;
  }
  const logical = emitLogical(em, op, l, r);
  if (logical !== null) return logical;
  const dates = emitIntervalArithmetic(em, op, l, r);
  if (dates !== null) return dates;
  const arithmetic = emitArithmetic(em, op, l, r);
  if (arithmetic !== null) return arithmetic;
  if (COMPARISONS.has(op)) {
    const collation = comparisonCollation(em, [l, r]);
    return `${comparedOperand(em, l, r)}${collation} ${op} ${comparedOperand(em, r, l)}`;
  }
  const numeric = op === "+" || op === "-" || op === "*" || op === "|" || op === "&" ||
    op === "<<" || op === ">>";
  return `${operand(em, l, numeric)} ${op} ${operand(em, r, numeric)}`;
}

function emitIn(em: Emitter, e: Extract<Expr, { k: "in" }>): string {
  const not = e.not ? " NOT" : "";
  if (e.query !== null) return `${operand(em, e.e)}${not} IN (${em.query(e.query)})`;
  const list = e.list!;
  // SQLite compares a row value with a list of rows through VALUES.
  if (e.e.k === "row" && list.every((i) => i.k === "row")) {
    return `${operand(em, e.e)}${not} IN (VALUES ${list.map((i) => em.expr(i)).join(", ")})`;
  }
  // An ENUM or SET column in a list of numbers is its member number.
  const left = list.some((i) => isNumeric(em, i)) ? operand(em, e.e, true) : operand(em, e.e);
  return `${left}${comparisonCollation(em, [e.e, ...list])}${not} IN (${
    list.map((i) => comparedOperand(em, i, e.e)).join(", ")
  })`;
}

function emitCall(em: Emitter, call: Extract<Expr, { k: "call" }>): string {
  if (call.name === "GROUPING") {
    const bits = emitGrouping(em, call.args);
    if (bits !== null) return bits;
  }
  // A rollup level's NULLs stop at aggregates: SUM(g) still sums g.
  const aggregate = isAggregateCall(call);
  if (aggregate) em.aggregateDepth++;
  try {
    return emitPlainCall(em, call);
  } finally {
    if (aggregate) em.aggregateDepth--;
  }
}

function emitPlainCall(em: Emitter, call: Extract<Expr, { k: "call" }>): string {
  let e = withJsonColumnValues(em, call);
  if (STRING_ARGUMENT_FUNCTIONS.has(e.name)) {
    e = { ...e, args: e.args.map((a) => asDecimalText(em, a)) };
  }
  const special = emitSessionCall(em, e) ?? emitTemporalCall(em, e) ?? emitDateAddCall(em, e) ??
    emitModCall(em, e) ?? emitCountDistinct(em, e) ?? emitJsonCall(em, e);
  if (special !== null) return special;
  return functionCall(em, RENAMED[e.name] ?? e.name, e);
}

/** `name(args)` with DISTINCT, `*` and OVER as parsed; the name is written in lower case. */
export function functionCall(
  em: Emitter,
  name: string,
  e: { args: Expr[]; distinct: boolean; star: boolean; over: Extract<Expr, { k: "call" }>["over"] },
): string {
  const lower = name.toLowerCase();
  const fn = SQLITE_KEYWORDS.has(name.toUpperCase()) ? em.ident(lower) : lower;
  // SUM and AVG add numbers (an ENUM column's member numbers, member_numbers.ts).
  const numeric = NUMERIC_AGGREGATES.has(name.toUpperCase());
  const args = e.star ? "*" : e.args.map((a) => numeric ? em.numeric(a) : em.expr(a)).join(", ");
  const call = `${fn}(${e.distinct ? "DISTINCT " : ""}${args})`;
  return e.over === null ? call : `${call} OVER ${emitWindow(em, e.over)}`;
}
