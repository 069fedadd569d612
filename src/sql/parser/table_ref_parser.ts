/** FROM clauses: comma lists, joins, parenthesized groups, derived tables; PARTITION lists and
 * index hints (USE / FORCE / IGNORE INDEX ... FOR JOIN | ORDER BY | GROUP BY) are dropped. */
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";
import type { TableRef } from "./ast.ts";
import { parseExpr } from "./expression_parser.ts";
import { isQueryStart, parseQuery } from "./query_parser.ts";
import type { TokenStream } from "./token_stream.ts";

/** `table_reference [, table_reference] ...` */
export function parseTableRefs(ts: TokenStream): TableRef[] {
  const refs = [parseJoined(ts)];
  while (ts.acceptOp(",")) refs.push(parseJoined(ts));
  return refs;
}

function parseJoined(ts: TokenStream): TableRef {
  let left = parseFactor(ts);
  while (true) {
    const kind = joinKind(ts);
    if (kind === null) return left;
    const right = parseFactor(ts);
    let on = null;
    let using = null;
    if (!kind.startsWith("NATURAL")) {
      if (ts.acceptKw("ON")) on = parseExpr(ts);
      else if (ts.acceptKw("USING")) using = ts.identList();
      else if (kind === "LEFT JOIN" || kind === "RIGHT JOIN") throw ts.fail();
    }
    left = { k: "join", kind, left, right, on, using };
  }
}

/** Consumes a join operator and returns its SQLite spelling, or null. */
function joinKind(ts: TokenStream): string | null {
  const kw = ts.kw();
  if (kw === "JOIN") {
    ts.next();
    return "JOIN";
  }
  if (kw === "INNER" || kw === "CROSS") {
    ts.next();
    ts.expectKw("JOIN");
    return kw === "CROSS" ? "CROSS JOIN" : "JOIN";
  }
  // STRAIGHT_JOIN fixes the join order: CROSS JOIN does the same in SQLite.
  if (kw === "STRAIGHT_JOIN") {
    ts.next();
    return "CROSS JOIN";
  }
  if (kw === "LEFT" || kw === "RIGHT") {
    ts.next();
    ts.acceptKw("OUTER");
    ts.expectKw("JOIN");
    return `${kw} JOIN`;
  }
  if (kw === "NATURAL") {
    ts.next();
    let side = "";
    if (ts.acceptKw("LEFT")) side = " LEFT";
    else if (ts.acceptKw("RIGHT")) side = " RIGHT";
    else ts.acceptKw("INNER");
    if (side !== "") ts.acceptKw("OUTER");
    ts.expectKw("JOIN");
    return `NATURAL${side} JOIN`;
  }
  return null;
}

function parseFactor(ts: TokenStream): TableRef {
  if (ts.isOp("(")) {
    if (isQueryStart(ts, 1)) return parseDerived(ts);
    ts.next();
    const refs = parseTableRefs(ts);
    ts.expectOp(")");
    return refs.length === 1 && refs[0]!.k === "table" ? refs[0]! : { k: "group", refs };
  }
  if (ts.isKw("LATERAL") && ts.isOp("(", 1) && isQueryStart(ts, 2)) {
    ts.next();
    return { ...parseDerived(ts), lateral: true };
  }
  if (ts.isKw("JSON_TABLE")) throw unsupported("JSON_TABLE");
  const parts = ts.qualifiedName();
  if (parts.length > 2) throw ts.fail();
  if (ts.acceptKw("PARTITION")) ts.identList();
  let alias: string | null = null;
  if (ts.acceptKw("AS")) alias = ts.ident();
  else if (ts.isIdent()) alias = ts.ident();
  skipIndexHints(ts);
  const [db, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
  return { k: "table", db, name, alias };
}

/** `(query) [AS] alias [(col, ...)]` */
function parseDerived(ts: TokenStream): TableRef & { k: "derived" } {
  ts.next();
  const q = parseQuery(ts);
  ts.expectOp(")");
  ts.acceptKw("AS");
  const aliasTok = ts.peek();
  if (!ts.isIdent()) {
    if (aliasTok.type === Tok.String) throw unsupported("a string as derived table alias");
    throw ts.fail();
  }
  const alias = ts.ident();
  const columns = ts.isOp("(") ? ts.identList() : null;
  return { k: "derived", q, alias, columns };
}

function skipIndexHints(ts: TokenStream): void {
  while (true) {
    const kw = ts.kw();
    if (kw !== "USE" && kw !== "FORCE" && kw !== "IGNORE") return;
    const what = ts.kw(1);
    if (what !== "INDEX" && what !== "KEY") return;
    ts.pos += 2;
    if (ts.acceptKw("FOR")) {
      if (!ts.acceptKw("JOIN") && !ts.acceptKws("ORDER", "BY")) ts.expectKws("GROUP", "BY");
    }
    ts.expectOp("(");
    if (!ts.acceptOp(")")) {
      do {
        if (!ts.acceptKw("PRIMARY")) ts.ident();
      } while (ts.acceptOp(","));
      ts.expectOp(")");
    }
  }
}
