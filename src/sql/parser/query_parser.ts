/**
 * SELECT queries: WITH, set operations, select modifiers, the select list with aliases, FROM
 * with joins, derived tables and index hints, WHERE, GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT,
 * INTO @vars and locking clauses. Hints, modifiers and locking are parsed and dropped here.
 */
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";
import type {
  Cte,
  Expr,
  Limit,
  OrderItem,
  Query,
  QueryBody,
  SelectCore,
  SelectItem,
} from "./ast.ts";
import { emptySelectCore } from "./ast.ts";
import { parseExpr } from "./expression_parser.ts";
import { parseWindowSpec } from "./function_parser.ts";
import { parseTableRefs } from "./table_ref_parser.ts";
import type { TokenStream } from "./token_stream.ts";

const SKIPPED_MODIFIERS = new Set([
  "ALL",
  "HIGH_PRIORITY",
  "STRAIGHT_JOIN",
  "SQL_SMALL_RESULT",
  "SQL_BIG_RESULT",
  "SQL_BUFFER_RESULT",
  "SQL_NO_CACHE",
  "SQL_CACHE",
]);

/** True when a query (SELECT, WITH, TABLE, or a parenthesized one) starts at the cursor. */
export function isQueryStart(ts: TokenStream, offset = 0): boolean {
  const kw = ts.kw(offset);
  if (kw === "SELECT" || kw === "WITH" || kw === "TABLE") return true;
  return ts.isOp("(", offset) && isQueryStart(ts, offset + 1);
}

/** Parses a full query expression. */
export function parseQuery(ts: TokenStream): Query {
  let withClause: Query["with"] = null;
  if (ts.acceptKw("WITH")) {
    const recursive = ts.acceptKw("RECURSIVE");
    const ctes: Cte[] = [];
    do {
      const name = ts.ident();
      const columns = ts.isOp("(") ? ts.identList() : null;
      ts.expectKw("AS");
      ts.expectOp("(");
      const q = parseQuery(ts);
      ts.expectOp(")");
      ctes.push({ name, columns, q });
    } while (ts.acceptOp(","));
    withClause = { recursive, ctes };
  }
  const body = parseSetOperations(ts);
  const q: Query = { with: withClause, body, orderBy: [], limit: null, into: null, locking: false };
  parseTail(ts, q);
  if (q.into === null && body.k === "core") q.into = body.into;
  return q;
}

/** ORDER BY, LIMIT, INTO and locking clauses after the body, in any of MySQL's orders. */
function parseTail(ts: TokenStream, q: Query): void {
  if (ts.acceptKws("ORDER", "BY")) q.orderBy = parseOrderItems(ts, true);
  if (ts.isKw("LIMIT")) q.limit = parseLimit(ts);
  while (true) {
    if (ts.isKw("INTO")) {
      q.into = parseInto(ts);
    } else if (ts.acceptKws("FOR", "UPDATE") || ts.acceptKws("FOR", "SHARE")) {
      q.locking = true;
      if (ts.acceptKw("OF")) {
        ts.qualifiedName();
        while (ts.acceptOp(",")) ts.qualifiedName();
      }
      if (!ts.acceptKw("NOWAIT")) ts.acceptKws("SKIP", "LOCKED");
    } else if (ts.acceptKws("LOCK", "IN", "SHARE", "MODE")) {
      q.locking = true;
    } else {
      return;
    }
  }
}

function parseSetOperations(ts: TokenStream): QueryBody {
  let left = parseQueryPrimary(ts);
  while (true) {
    const kw = ts.kw();
    if (kw !== "UNION" && kw !== "EXCEPT" && kw !== "INTERSECT") return left;
    ts.next();
    let op = kw;
    if (ts.acceptKw("ALL")) op += " ALL";
    else ts.acceptKw("DISTINCT");
    left = { k: "setop", op, left, right: parseQueryPrimary(ts) };
  }
}

function parseQueryPrimary(ts: TokenStream): QueryBody {
  if (ts.acceptOp("(")) {
    const q = parseQuery(ts);
    ts.expectOp(")");
    return { k: "paren", q };
  }
  if (ts.acceptKw("TABLE")) {
    const parts = ts.qualifiedName();
    if (parts.length > 2) throw ts.fail();
    const [db, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
    return {
      ...emptySelectCore(),
      items: [{ e: { k: "star", parts: [] }, alias: null, start: 0, end: 0 }],
      from: [{ k: "table", db, name, alias: null }],
    };
  }
  if (ts.isKw("VALUES")) throw unsupported("VALUES statement");
  return parseSelectCore(ts);
}

function parseSelectCore(ts: TokenStream): SelectCore {
  ts.expectKw("SELECT");
  const core = emptySelectCore();
  while (true) {
    const kw = ts.kw();
    if (kw === "DISTINCT" || kw === "DISTINCTROW") core.distinct = true;
    else if (kw === "SQL_CALC_FOUND_ROWS") core.calcFoundRows = true;
    else if (!SKIPPED_MODIFIERS.has(kw)) break;
    ts.next();
  }
  do core.items.push(parseSelectItem(ts)); while (ts.acceptOp(","));
  if (ts.isKw("INTO")) core.into = parseInto(ts);
  if (ts.acceptKw("FROM")) {
    if (!ts.acceptKw("DUAL")) core.from = parseTableRefs(ts);
  }
  if (ts.acceptKw("WHERE")) core.where = parseExpr(ts);
  if (ts.acceptKws("GROUP", "BY")) {
    core.groupBy = parseOrderItems(ts, true);
    if (ts.acceptKws("WITH", "ROLLUP")) core.rollup = true;
  }
  if (ts.acceptKw("HAVING")) core.having = parseExpr(ts);
  if (ts.acceptKw("WINDOW")) {
    do {
      const name = ts.ident();
      ts.expectKw("AS");
      core.windows.push({ name, spec: parseWindowSpec(ts) });
    } while (ts.acceptOp(","));
  }
  return core;
}

function parseSelectItem(ts: TokenStream): SelectItem {
  const first = ts.peek();
  if (ts.acceptOp("*")) {
    return { e: { k: "star", parts: [] }, alias: null, start: first.start, end: first.end };
  }
  const e = parseExpr(ts);
  const end = ts.tokens[ts.pos - 1]!.end;
  let alias: SelectItem["alias"] = null;
  const explicit = ts.acceptKw("AS");
  const tok = ts.peek();
  if (tok.type === Tok.String) {
    ts.next();
    ts.structural.add(tok.lit);
    alias = { name: tok.text, lit: tok.lit };
  } else if (ts.isIdent()) {
    alias = { name: ts.ident(), lit: -1 };
  } else if (explicit) {
    throw ts.fail();
  }
  return { e, alias, start: first.start, end };
}

/** `INTO @a, @b`; other INTO targets are not supported. */
function parseInto(ts: TokenStream): string[] {
  ts.expectKw("INTO");
  const kw = ts.kw();
  if (kw === "OUTFILE" || kw === "DUMPFILE") throw unsupported(`SELECT ... INTO ${kw}`);
  const names: string[] = [];
  do {
    const tok = ts.next();
    if (tok.type !== Tok.UserVar) throw unsupported("SELECT ... INTO local variables");
    names.push(tok.text);
  } while (ts.acceptOp(","));
  return names;
}

/** `expr [ASC|DESC], ...`; with `positions`, a bare integer is a column position. */
export function parseOrderItems(ts: TokenStream, positions: boolean): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const tok = ts.peek();
    const e = parseExpr(ts);
    if (positions && e.k === "lit" && tok.type === Tok.Number) ts.structural.add(tok.lit);
    let desc = false;
    if (ts.acceptKw("DESC")) desc = true;
    else ts.acceptKw("ASC");
    items.push({ e, desc });
  } while (ts.acceptOp(","));
  return items;
}

/** `LIMIT n`, `LIMIT offset, n`, `LIMIT n OFFSET offset`. */
export function parseLimit(ts: TokenStream): Limit {
  ts.expectKw("LIMIT");
  const first = limitValue(ts);
  if (ts.acceptOp(",")) return { count: limitValue(ts), offset: first };
  if (ts.acceptKw("OFFSET")) return { count: first, offset: limitValue(ts) };
  return { count: first, offset: null };
}

function limitValue(ts: TokenStream): Expr {
  const tok = ts.peek();
  if (tok.type === Tok.Number && /^\d+$/.test(tok.text)) {
    ts.next();
    return { k: "lit", lit: tok.lit };
  }
  if (tok.type === Tok.Param && ts.prepared) {
    ts.next();
    return { k: "ref", ref: { ref: "placeholder", index: ts.placeholders++ } };
  }
  throw ts.fail();
}
