/**
 * MySQL expressions by precedence climbing, lowest first: OR/||, XOR, AND/&&, NOT, comparisons
 * (=, <=>, IS, LIKE, REGEXP, IN, BETWEEN), |, &, shifts, + -, * / DIV MOD %, ^, unary
 * (- ~ ! BINARY), COLLATE, primaries.
 */
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";
import type { BinaryOp, Expr } from "./ast.ts";
import { parseFunctionCall, parseKeywordFunction } from "./function_parser.ts";
import { isQueryStart, parseQuery } from "./query_parser.ts";
import type { TokenStream } from "./token_stream.ts";
import { RESERVED } from "./reserved_words.ts";

const COMPARISONS = new Set(["=", "<=>", "<>", "!=", "<", "<=", ">", ">="]);
const NOT_FOLLOWERS = new Set(["LIKE", "REGEXP", "RLIKE", "IN", "BETWEEN"]);

/** Interval units (DATE_ADD, `+ INTERVAL`, EXTRACT). */
export const INTERVAL_UNITS = new Set([
  "MICROSECOND",
  "SECOND",
  "MINUTE",
  "HOUR",
  "DAY",
  "WEEK",
  "MONTH",
  "QUARTER",
  "YEAR",
  "SECOND_MICROSECOND",
  "MINUTE_MICROSECOND",
  "MINUTE_SECOND",
  "HOUR_MICROSECOND",
  "HOUR_SECOND",
  "HOUR_MINUTE",
  "DAY_MICROSECOND",
  "DAY_SECOND",
  "DAY_MINUTE",
  "DAY_HOUR",
  "YEAR_MONTH",
]);

/** Parses one expression. */
export function parseExpr(ts: TokenStream): Expr {
  return parseOr(ts);
}

/** Parses a comma-separated expression list (at least one). */
export function parseExprList(ts: TokenStream): Expr[] {
  const list = [parseExpr(ts)];
  while (ts.acceptOp(",")) list.push(parseExpr(ts));
  return list;
}

function bin(op: BinaryOp, l: Expr, r: Expr): Expr {
  return { k: "binary", op, l, r };
}

function parseOr(ts: TokenStream): Expr {
  let l = parseXor(ts);
  while (ts.isKw("OR") || ts.isOp("||")) {
    ts.next();
    l = bin("OR", l, parseXor(ts));
  }
  return l;
}

function parseXor(ts: TokenStream): Expr {
  let l = parseAnd(ts);
  while (ts.acceptKw("XOR")) l = bin("XOR", l, parseAnd(ts));
  return l;
}

function parseAnd(ts: TokenStream): Expr {
  let l = parseNot(ts);
  while (ts.isKw("AND") || ts.isOp("&&")) {
    ts.next();
    l = bin("AND", l, parseNot(ts));
  }
  return l;
}

function parseNot(ts: TokenStream): Expr {
  if (ts.acceptKw("NOT")) return { k: "unary", op: "NOT", e: parseNot(ts) };
  return parseComparison(ts);
}

function parseComparison(ts: TokenStream): Expr {
  let l = parseBitOr(ts);
  while (true) {
    const tok = ts.peek();
    if (tok.type === Tok.Op && COMPARISONS.has(tok.text)) {
      ts.next();
      const op = (tok.text === "!=" ? "<>" : tok.text) as BinaryOp;
      const quantifier = ts.kw();
      if (
        (quantifier === "ANY" || quantifier === "SOME" || quantifier === "ALL") && ts.isOp("(", 1)
      ) {
        l = quantified(ts, l, op, quantifier);
        continue;
      }
      l = bin(op, l, parseBitOr(ts));
      continue;
    }
    const kw = ts.kw();
    if (kw === "IS") {
      ts.next();
      const not = ts.acceptKw("NOT");
      const what = ts.kw();
      if (what !== "NULL" && what !== "TRUE" && what !== "FALSE" && what !== "UNKNOWN") {
        throw ts.fail();
      }
      ts.next();
      l = { k: "is", e: l, not, what };
      continue;
    }
    const not = kw === "NOT" && NOT_FOLLOWERS.has(ts.kw(1));
    const word = not ? ts.kw(1) : kw;
    if (word === "LIKE") {
      ts.pos += not ? 2 : 1;
      const pattern = parseBitOr(ts);
      const escape = ts.acceptKw("ESCAPE") ? parseBitOr(ts) : null;
      l = { k: "like", e: l, not, pattern, escape };
    } else if (word === "REGEXP" || word === "RLIKE") {
      ts.pos += not ? 2 : 1;
      l = { k: "regexp", e: l, not, pattern: parseBitOr(ts) };
    } else if (word === "IN") {
      ts.pos += not ? 2 : 1;
      ts.expectOp("(");
      if (isQueryStart(ts)) {
        l = { k: "in", e: l, not, list: null, query: parseQuery(ts) };
      } else {
        l = { k: "in", e: l, not, list: parseExprList(ts), query: null };
      }
      ts.expectOp(")");
    } else if (word === "BETWEEN") {
      ts.pos += not ? 2 : 1;
      const lo = parseBitOr(ts);
      ts.expectKw("AND");
      l = { k: "between", e: l, not, lo, hi: parseBitOr(ts) };
    } else if (kw === "SOUNDS" && ts.isKw("LIKE", 1)) {
      ts.pos += 2;
      l = bin("SOUNDS LIKE", l, parseBitOr(ts));
    } else if (kw === "MEMBER" && ts.isKw("OF", 1)) {
      ts.pos += 2;
      ts.expectOp("(");
      const doc = parseExpr(ts);
      ts.expectOp(")");
      l = {
        k: "call",
        name: "MYSQL_MEMBER_OF",
        args: [l, doc],
        distinct: false,
        star: false,
        over: null,
      };
    } else {
      return l;
    }
  }
}

/** `x = ANY (subquery)` is IN, `x <> ALL (subquery)` is NOT IN; other forms are not supported. */
function quantified(ts: TokenStream, l: Expr, op: BinaryOp, quantifier: string): Expr {
  ts.next();
  ts.expectOp("(");
  if (!isQueryStart(ts)) throw ts.fail();
  const query = parseQuery(ts);
  ts.expectOp(")");
  if (op === "=" && quantifier !== "ALL") return { k: "in", e: l, not: false, list: null, query };
  if (op === "<>" && quantifier === "ALL") return { k: "in", e: l, not: true, list: null, query };
  throw unsupported(`${op} ${quantifier} (subquery)`);
}

/** MySQL's bit_expr: an operand below comparisons (used where IN / AND would be ambiguous). */
export function parseBitOr(ts: TokenStream): Expr {
  let l = parseBitAnd(ts);
  while (ts.acceptOp("|")) l = bin("|", l, parseBitAnd(ts));
  return l;
}

function parseBitAnd(ts: TokenStream): Expr {
  let l = parseShift(ts);
  while (ts.acceptOp("&")) l = bin("&", l, parseShift(ts));
  return l;
}

function parseShift(ts: TokenStream): Expr {
  let l = parseAdditive(ts);
  while (ts.isOp("<<") || ts.isOp(">>")) {
    const op = ts.next().text as BinaryOp;
    l = bin(op, l, parseAdditive(ts));
  }
  return l;
}

function parseAdditive(ts: TokenStream): Expr {
  let l = parseMultiplicative(ts);
  while (ts.isOp("+") || ts.isOp("-")) {
    const op = ts.next().text as BinaryOp;
    l = bin(op, l, parseMultiplicative(ts));
  }
  return l;
}

function parseMultiplicative(ts: TokenStream): Expr {
  let l = parseBitXor(ts);
  while (true) {
    if (ts.isOp("*") || ts.isOp("/")) {
      const op = ts.next().text as BinaryOp;
      l = bin(op, l, parseBitXor(ts));
    } else if (ts.isOp("%") || ts.isKw("MOD")) {
      ts.next();
      l = bin("MOD", l, parseBitXor(ts));
    } else if (ts.isKw("DIV")) {
      ts.next();
      l = bin("DIV", l, parseBitXor(ts));
    } else {
      return l;
    }
  }
}

function parseBitXor(ts: TokenStream): Expr {
  let l = parseUnary(ts);
  while (ts.acceptOp("^")) l = bin("^", l, parseUnary(ts));
  return l;
}

function parseUnary(ts: TokenStream): Expr {
  const tok = ts.peek();
  if (
    tok.type === Tok.Op &&
    (tok.text === "-" || tok.text === "+" || tok.text === "~" || tok.text === "!")
  ) {
    ts.next();
    return { k: "unary", op: tok.text, e: parseUnary(ts) };
  }
  if (ts.isKw("BINARY")) {
    ts.next();
    return { k: "unary", op: "BINARY", e: parseUnary(ts) };
  }
  return parsePostfix(ts);
}

function parsePostfix(ts: TokenStream): Expr {
  let e = parsePrimary(ts);
  while (true) {
    if (ts.acceptKw("COLLATE")) {
      const tok = ts.next();
      if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent && tok.type !== Tok.String) {
        throw ts.fail(tok);
      }
      if (tok.type === Tok.String) ts.structural.add(tok.lit);
      e = { k: "collate", e, collation: tok.text.toLowerCase() };
    } else if (ts.isOp("->") || ts.isOp("->>")) {
      const op = ts.next().text as BinaryOp;
      e = bin(op, e, parsePrimary(ts));
    } else {
      return e;
    }
  }
}

function parsePrimary(ts: TokenStream): Expr {
  const tok = ts.peek();
  switch (tok.type) {
    case Tok.Number:
    case Tok.String:
      ts.next();
      return { k: "lit", lit: tok.lit };
    case Tok.Hex:
    case Tok.Bits:
      ts.next();
      return { k: "hex", digits: tok.text, bits: tok.type === Tok.Bits };
    case Tok.Param:
      if (!ts.prepared) throw ts.fail();
      ts.next();
      return { k: "ref", ref: { ref: "placeholder", index: ts.placeholders++ } };
    case Tok.UserVar:
      ts.next();
      if (ts.acceptOp(":=")) {
        ts.changesSessionState = true;
        return { k: "assign", name: tok.text, e: parseExpr(ts) };
      }
      return { k: "ref", ref: { ref: "uservar", name: tok.text } };
    case Tok.SysVar:
      ts.next();
      return { k: "ref", ref: { ref: "sysvar", name: tok.text, scope: tok.scope ?? "session" } };
    case Tok.Op:
      if (tok.text === "(") return parseParenthesized(ts);
      throw ts.fail();
    case Tok.QuotedIdent:
      if (ts.isOp("(", 1)) {
        ts.next();
        return parseFunctionCall(ts, tok.text.toUpperCase());
      }
      return parseColumnPath(ts);
    case Tok.Word:
      return parseWord(ts);
    default:
      throw ts.fail();
  }
}

function parseParenthesized(ts: TokenStream): Expr {
  ts.expectOp("(");
  if (isQueryStart(ts)) {
    const q = parseQuery(ts);
    ts.expectOp(")");
    return { k: "subquery", q };
  }
  const items = parseExprList(ts);
  ts.expectOp(")");
  return items.length === 1 ? { k: "paren", e: items[0]! } : { k: "row", items };
}

function parseWord(ts: TokenStream): Expr {
  const kw = ts.kw();
  switch (kw) {
    case "NULL":
      ts.next();
      return { k: "null" };
    case "TRUE":
    case "FALSE":
      ts.next();
      return { k: "bool", value: kw === "TRUE" };
    case "DEFAULT":
      ts.next();
      if (ts.isOp("(")) throw unsupported("DEFAULT(column)");
      return { k: "default" };
    case "CASE":
      return parseCase(ts);
    case "EXISTS": {
      ts.next();
      ts.expectOp("(");
      if (!isQueryStart(ts)) throw ts.fail();
      const q = parseQuery(ts);
      ts.expectOp(")");
      return { k: "exists", q };
    }
    case "INTERVAL":
      return parseInterval(ts);
    case "ROW":
      if (ts.isOp("(", 1)) {
        ts.next();
        ts.expectOp("(");
        const items = parseExprList(ts);
        ts.expectOp(")");
        return { k: "row", items };
      }
      break;
    case "DATE":
    case "TIME":
    case "TIMESTAMP":
      // Typed temporal literals (DATE '2024-01-05') are their string.
      if (ts.peek(1).type === Tok.String) {
        ts.next();
        return { k: "lit", lit: ts.next().lit };
      }
      break;
  }
  const keywordCall = parseKeywordFunction(ts, kw);
  if (keywordCall !== null) return keywordCall;
  if (ts.isOp("(", 1)) {
    ts.next();
    return parseFunctionCall(ts, kw);
  }
  if (RESERVED.has(kw)) throw ts.fail();
  return parseColumnPath(ts);
}

/** `name`, `t.name`, `db.t.name`, `t.*`, `db.t.*`. */
function parseColumnPath(ts: TokenStream): Expr {
  const parts = [ts.next().text];
  while (ts.isOp(".")) {
    ts.next();
    if (ts.acceptOp("*")) return { k: "star", parts };
    parts.push(ts.nameAfterDot());
    if (parts.length > 3) throw ts.fail();
  }
  if (ts.isOp("(")) throw unsupported("stored functions");
  return { k: "col", parts };
}

function parseCase(ts: TokenStream): Expr {
  ts.expectKw("CASE");
  const operand = ts.isKw("WHEN") ? null : parseExpr(ts);
  const whens: Array<{ when: Expr; then: Expr }> = [];
  while (ts.acceptKw("WHEN")) {
    const when = parseExpr(ts);
    ts.expectKw("THEN");
    whens.push({ when, then: parseExpr(ts) });
  }
  if (whens.length === 0) throw ts.fail();
  const otherwise = ts.acceptKw("ELSE") ? parseExpr(ts) : null;
  ts.expectKw("END");
  return { k: "case", operand, whens, else: otherwise };
}

/** `INTERVAL expr unit`, or the INTERVAL(N, N1, ...) function. */
function parseInterval(ts: TokenStream): Expr {
  ts.expectKw("INTERVAL");
  if (ts.isOp("(")) {
    const at = ts.pos;
    ts.next();
    const args = parseExprList(ts);
    ts.expectOp(")");
    if (args.length > 1 || !INTERVAL_UNITS.has(ts.kw())) {
      if (args.length < 2) throw ts.fail(ts.tokens[at]);
      return { k: "call", name: "INTERVAL", args, distinct: false, star: false, over: null };
    }
    return { k: "interval", amount: { k: "paren", e: args[0]! }, unit: ts.next().upper! };
  }
  const amount = parseExpr(ts);
  const unit = ts.kw();
  if (!INTERVAL_UNITS.has(unit)) throw ts.fail();
  ts.next();
  return { k: "interval", amount, unit };
}
