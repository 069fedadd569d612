/**
 * Function calls, including MySQL's special argument syntaxes: CAST(x AS t), CONVERT(x, t),
 * CONVERT(x USING cs), EXTRACT(u FROM x), POSITION(a IN b), TRIM(LEADING r FROM s),
 * SUBSTRING(s FROM p FOR n), TIMESTAMPDIFF(unit, a, b), GROUP_CONCAT(... SEPARATOR s),
 * MATCH(...) AGAINST(...), VALUES(col), window functions with OVER, and the keyword functions
 * usable without parentheses (CURRENT_TIMESTAMP, CURRENT_USER, ...).
 */
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";
import type { Expr, OrderItem, Window } from "./ast.ts";
import { INTERVAL_UNITS, parseBitOr, parseExpr, parseExprList } from "./expression_parser.ts";
import { parseCastType } from "./cast_type_parser.ts";
import { parseOrderItems } from "./query_parser.ts";
import type { TokenStream } from "./token_stream.ts";

const KEYWORD_FUNCTIONS = new Set([
  "CURRENT_TIMESTAMP",
  "CURRENT_DATE",
  "CURRENT_TIME",
  "LOCALTIME",
  "LOCALTIMESTAMP",
  "UTC_DATE",
  "UTC_TIME",
  "UTC_TIMESTAMP",
  "CURRENT_USER",
]);

function call(name: string, args: Expr[]): Expr {
  return { k: "call", name, args, distinct: false, star: false, over: null };
}

/** Keyword functions that may appear without parentheses; null when `kw` is not one. */
export function parseKeywordFunction(ts: TokenStream, kw: string): Expr | null {
  if (!KEYWORD_FUNCTIONS.has(kw)) return null;
  ts.next();
  let args: Expr[] = [];
  if (ts.acceptOp("(")) {
    if (!ts.acceptOp(")")) {
      args = parseExprList(ts);
      ts.expectOp(")");
    }
  }
  return call(kw, args);
}

/** Parses `name(...)`; the current token is the `(`. `name` is upper-case. */
export function parseFunctionCall(ts: TokenStream, name: string): Expr {
  ts.expectOp("(");
  switch (name) {
    case "CAST": {
      const e = parseExpr(ts);
      ts.expectKw("AS");
      const type = parseCastType(ts);
      ts.expectOp(")");
      return { k: "cast", e, type };
    }
    case "CONVERT": {
      const e = parseExpr(ts);
      let result: Expr;
      if (ts.acceptKw("USING")) {
        result = { k: "convert_using", e, charset: ts.next().text.toLowerCase() };
      } else {
        ts.expectOp(",");
        result = { k: "cast", e, type: parseCastType(ts) };
      }
      ts.expectOp(")");
      return result;
    }
    case "EXTRACT": {
      const unit = unitKeyword(ts);
      ts.expectKw("FROM");
      const e = parseExpr(ts);
      ts.expectOp(")");
      return { k: "extract", unit, e };
    }
    case "POSITION": {
      const needle = parseBitOr(ts);
      ts.expectKw("IN");
      const hay = parseExpr(ts);
      ts.expectOp(")");
      return call("LOCATE", [needle, hay]);
    }
    case "TRIM":
      return parseTrim(ts);
    case "SUBSTRING":
    case "SUBSTR": {
      const args = [parseExpr(ts)];
      if (ts.acceptKw("FROM")) {
        args.push(parseExpr(ts));
        if (ts.acceptKw("FOR")) args.push(parseExpr(ts));
      } else {
        while (ts.acceptOp(",")) args.push(parseExpr(ts));
      }
      ts.expectOp(")");
      return call("SUBSTRING", args);
    }
    case "TIMESTAMPDIFF":
    case "TIMESTAMPADD": {
      const unit = unitKeyword(ts);
      ts.expectOp(",");
      const a = parseExpr(ts);
      ts.expectOp(",");
      const b = parseExpr(ts);
      ts.expectOp(")");
      return { k: "unit_call", name, unit, a, b };
    }
    case "GROUP_CONCAT":
      return parseGroupConcat(ts);
    case "MATCH":
      return parseMatch(ts);
    case "VALUES": {
      const parts = ts.qualifiedName();
      ts.expectOp(")");
      return { k: "values_of", column: parts[parts.length - 1]! };
    }
    case "CHAR": {
      const args = parseExprList(ts);
      if (ts.acceptKw("USING")) ts.next();
      ts.expectOp(")");
      return call("CHAR", args);
    }
    case "GET_FORMAT": {
      const kind = ts.next();
      if (kind.type !== Tok.Word) throw ts.fail(kind);
      ts.expectOp(",");
      const format = parseExpr(ts);
      ts.expectOp(")");
      return call("GET_FORMAT", [{ k: "const", value: kind.text.toUpperCase() }, format]);
    }
    case "JSON_VALUE":
      return parseJsonValue(ts);
    case "JSON_TABLE":
    case "WEIGHT_STRING":
      throw unsupported(name);
  }
  return parseGenericCall(ts, name);
}

/**
 * `JSON_VALUE(doc, path [RETURNING type] [response ON EMPTY] [response ON ERROR])`, response
 * `NULL | ERROR | DEFAULT value`: a call of the six-argument `JSON_VALUE(doc, path, empty,
 * emptyDefault, error, errorDefault)` (responses as their keyword), cast to the RETURNING type.
 */
function parseJsonValue(ts: TokenStream): Expr {
  const doc = parseExpr(ts);
  ts.expectOp(",");
  const path = parseExpr(ts);
  const type = ts.acceptKw("RETURNING") ? parseCastType(ts) : null;
  let onEmpty = NULL_RESPONSE;
  let onError = NULL_RESPONSE;
  let seen = "";
  while (!ts.isOp(")")) {
    const kw = ts.kw();
    if (kw !== "NULL" && kw !== "ERROR" && kw !== "DEFAULT") throw ts.fail();
    ts.next();
    const response: Expr[] = [{ k: "const", value: kw }, kw === "DEFAULT" ? parseBitOr(ts) : NULL];
    ts.expectKw("ON");
    // ON EMPTY comes first, each at most once.
    if (ts.isKw("EMPTY") && seen === "") onEmpty = response;
    else if (ts.isKw("ERROR") && seen !== "ERROR") onError = response;
    else throw ts.fail();
    seen = ts.next().text.toUpperCase();
  }
  ts.expectOp(")");
  const value = call("JSON_VALUE", [doc, path, ...onEmpty, ...onError]);
  return type === null ? value : { k: "cast", e: value, type };
}

const NULL: Expr = { k: "null" };
const NULL_RESPONSE: Expr[] = [{ k: "const", value: "NULL" }, NULL];

function parseGenericCall(ts: TokenStream, name: string): Expr {
  let distinct = false;
  let star = false;
  let args: Expr[] = [];
  if (ts.acceptKw("DISTINCT")) distinct = true;
  else ts.acceptKw("ALL");
  if (ts.isOp("*") && ts.isOp(")", 1)) {
    ts.next();
    star = true;
  } else if (!ts.isOp(")")) {
    args = parseExprList(ts);
  }
  ts.expectOp(")");
  if (name === "LAST_INSERT_ID" && args.length === 1) ts.changesSessionState = true;
  const over = ts.isKw("OVER") ? parseOver(ts) : null;
  return { k: "call", name, args, distinct, star, over };
}

function unitKeyword(ts: TokenStream): string {
  let unit = ts.kw();
  if (unit.startsWith("SQL_TSI_")) unit = unit.slice(8);
  if (!INTERVAL_UNITS.has(unit)) throw ts.fail();
  ts.next();
  return unit;
}

function parseTrim(ts: TokenStream): Expr {
  let mode: "BOTH" | "LEADING" | "TRAILING" = "BOTH";
  const kw = ts.kw();
  let explicitMode = false;
  if (kw === "BOTH" || kw === "LEADING" || kw === "TRAILING") {
    ts.next();
    mode = kw;
    explicitMode = true;
  }
  let remove: Expr | null = null;
  let e: Expr;
  if (explicitMode && ts.acceptKw("FROM")) {
    e = parseExpr(ts);
  } else {
    const first = parseExpr(ts);
    if (ts.acceptKw("FROM")) {
      remove = first;
      e = parseExpr(ts);
    } else {
      if (explicitMode) throw ts.fail();
      e = first;
    }
  }
  ts.expectOp(")");
  return { k: "trim", mode, remove, e };
}

function parseGroupConcat(ts: TokenStream): Expr {
  const distinct = ts.acceptKw("DISTINCT");
  if (!distinct) ts.acceptKw("ALL");
  const args = parseExprList(ts);
  let orderBy: OrderItem[] = [];
  if (ts.acceptKws("ORDER", "BY")) orderBy = parseOrderItems(ts, false);
  const separator = ts.acceptKw("SEPARATOR") ? parseExpr(ts) : null;
  ts.expectOp(")");
  const over = ts.isKw("OVER") ? parseOver(ts) : null;
  return { k: "group_concat", distinct, args, orderBy, separator, over };
}

function parseMatch(ts: TokenStream): Expr {
  const columns = parseExprList(ts);
  ts.expectOp(")");
  ts.expectKw("AGAINST");
  ts.expectOp("(");
  const against = parseBitOr(ts);
  let booleanMode = false;
  if (ts.acceptKws("IN", "BOOLEAN", "MODE")) {
    booleanMode = true;
  } else if (ts.acceptKws("IN", "NATURAL", "LANGUAGE", "MODE")) {
    ts.acceptKws("WITH", "QUERY", "EXPANSION");
  } else {
    ts.acceptKws("WITH", "QUERY", "EXPANSION");
  }
  ts.expectOp(")");
  return { k: "match", columns, against, booleanMode };
}

/** `OVER name` or `OVER ([name] [PARTITION BY ...] [ORDER BY ...] [frame])`. */
export function parseOver(ts: TokenStream): Window {
  ts.expectKw("OVER");
  if (!ts.isOp("(")) return { name: ts.ident(), partitionBy: [], orderBy: [], frame: null };
  return parseWindowSpec(ts);
}

/** A parenthesized window specification. */
export function parseWindowSpec(ts: TokenStream): Window {
  ts.expectOp("(");
  const name = ts.isIdent() && !ts.isKw("PARTITION") && !ts.isKw("ORDER") &&
      !ts.isKw("ROWS") && !ts.isKw("RANGE")
    ? ts.ident()
    : null;
  const partitionBy = ts.acceptKws("PARTITION", "BY") ? parseExprList(ts) : [];
  const orderBy = ts.acceptKws("ORDER", "BY") ? parseOrderItems(ts, false) : [];
  let frame: string | null = null;
  if (ts.isKw("ROWS") || ts.isKw("RANGE")) frame = parseFrame(ts);
  ts.expectOp(")");
  return { name, partitionBy, orderBy, frame };
}

function parseFrame(ts: TokenStream): string {
  let out = ts.next().upper!;
  if (ts.acceptKw("BETWEEN")) {
    out += ` BETWEEN ${frameBound(ts)}`;
    ts.expectKw("AND");
    out += ` AND ${frameBound(ts)}`;
  } else {
    out += ` ${frameBound(ts)}`;
  }
  return out;
}

function frameBound(ts: TokenStream): string {
  if (ts.acceptKws("UNBOUNDED", "PRECEDING")) return "UNBOUNDED PRECEDING";
  if (ts.acceptKws("UNBOUNDED", "FOLLOWING")) return "UNBOUNDED FOLLOWING";
  if (ts.acceptKws("CURRENT", "ROW")) return "CURRENT ROW";
  const tok = ts.peek();
  if (tok.type !== Tok.Number || !/^\d+$/.test(tok.text)) throw unsupported("this window frame");
  ts.next();
  ts.structural.add(tok.lit);
  const dir = ts.kw();
  if (dir !== "PRECEDING" && dir !== "FOLLOWING") throw ts.fail();
  ts.next();
  return `${tok.text} ${dir}`;
}
