/** INSERT / REPLACE, UPDATE and DELETE in all their MySQL forms (single and multi-table). */
import { Tok } from "../tokenizer.ts";
import type { Assignment, DeleteStmt, DmlStmt, Expr, InsertStmt, UpdateStmt } from "./ast.ts";
import { parseExpr, parseExprList } from "./expression_parser.ts";
import { isQueryStart, parseLimit, parseOrderItems, parseQuery } from "./query_parser.ts";
import { parseTableRefs } from "./table_ref_parser.ts";
import type { TokenStream } from "./token_stream.ts";

/** Parses one SELECT, INSERT, REPLACE, UPDATE or DELETE statement up to its end. */
export function parseDml(ts: TokenStream): DmlStmt {
  let stmt: DmlStmt;
  const kw = ts.kw();
  if (kw === "INSERT" || kw === "REPLACE") stmt = parseInsert(ts);
  else if (kw === "UPDATE") stmt = parseUpdate(ts);
  else if (kw === "DELETE") stmt = parseDelete(ts);
  else if (isQueryStart(ts)) stmt = { k: "select", q: parseQuery(ts) };
  else throw ts.fail();
  ts.expectEnd();
  return stmt;
}

function parseInsert(ts: TokenStream): InsertStmt {
  const replace = ts.next().upper === "REPLACE";
  while (ts.acceptKw("LOW_PRIORITY") || ts.acceptKw("DELAYED") || ts.acceptKw("HIGH_PRIORITY"));
  const ignore = ts.acceptKw("IGNORE");
  ts.acceptKw("INTO");
  const parts = ts.qualifiedName();
  if (parts.length > 2) throw ts.fail();
  const table = parts.length === 2
    ? { db: parts[0]!, name: parts[1]! }
    : { db: null, name: parts[0]! };
  if (ts.acceptKw("PARTITION")) ts.identList();
  let columns: string[] | null = null;
  if (ts.isOp("(") && !isQueryStart(ts, 1)) {
    ts.next();
    columns = [];
    if (!ts.acceptOp(")")) {
      do columns.push(columnName(ts)); while (ts.acceptOp(","));
      ts.expectOp(")");
    }
  }
  let source: InsertStmt["source"];
  if (ts.acceptKw("VALUES") || ts.acceptKw("VALUE")) {
    const rows: Expr[][] = [];
    do rows.push(parseRow(ts)); while (ts.acceptOp(","));
    source = { k: "values", rows };
  } else if (ts.acceptKw("SET")) {
    if (columns !== null) throw ts.fail(ts.tokens[ts.pos - 1]);
    source = { k: "set", assignments: parseAssignments(ts) };
  } else if (isQueryStart(ts)) {
    source = { k: "select", q: parseQuery(ts) };
  } else {
    throw ts.fail();
  }
  let rowAlias: InsertStmt["rowAlias"] = null;
  if (source.k !== "select" && ts.acceptKw("AS")) {
    const name = ts.ident();
    rowAlias = { name, columns: ts.isOp("(") ? ts.identList() : null };
  }
  let onDuplicate: Assignment[] | null = null;
  if (ts.acceptKws("ON", "DUPLICATE", "KEY", "UPDATE")) onDuplicate = parseAssignments(ts);
  return { k: "insert", replace, ignore, table, columns, source, rowAlias, onDuplicate };
}

/** A column in an INSERT column list: `c` or `t.c` (the qualifier is dropped). */
function columnName(ts: TokenStream): string {
  const parts = ts.qualifiedName();
  return parts[parts.length - 1]!;
}

function parseRow(ts: TokenStream): Expr[] {
  ts.acceptKw("ROW");
  ts.expectOp("(");
  if (ts.acceptOp(")")) return [];
  const row = parseExprList(ts);
  ts.expectOp(")");
  return row;
}

/** `col = expr, ...` */
export function parseAssignments(ts: TokenStream): Assignment[] {
  const list: Assignment[] = [];
  do {
    const col = ts.qualifiedName();
    if (!ts.acceptOp("=") && !ts.acceptOp(":=")) throw ts.fail();
    list.push({ col, value: parseExpr(ts) });
  } while (ts.acceptOp(","));
  return list;
}

function parseUpdate(ts: TokenStream): UpdateStmt {
  ts.expectKw("UPDATE");
  ts.acceptKw("LOW_PRIORITY");
  const ignore = ts.acceptKw("IGNORE");
  const refs = parseTableRefs(ts);
  ts.expectKw("SET");
  const set = parseAssignments(ts);
  const where = ts.acceptKw("WHERE") ? parseExpr(ts) : null;
  const orderBy = ts.acceptKws("ORDER", "BY") ? parseOrderItems(ts, false) : [];
  const limit = ts.isKw("LIMIT") ? parseLimit(ts) : null;
  return { k: "update", ignore, refs, set, where, orderBy, limit };
}

function parseDelete(ts: TokenStream): DeleteStmt {
  ts.expectKw("DELETE");
  let ignore = false;
  while (true) {
    if (ts.acceptKw("IGNORE")) ignore = true;
    else if (!ts.acceptKw("LOW_PRIORITY") && !ts.acceptKw("QUICK")) break;
  }
  const base = { k: "delete" as const, ignore, where: null, orderBy: [], limit: null };
  if (ts.acceptKw("FROM")) {
    const start = ts.pos;
    const first = deleteTarget(ts);
    if (ts.isOp(",") || ts.isKw("USING") || first.star) {
      const targets = [first.parts];
      while (ts.acceptOp(",")) targets.push(deleteTarget(ts).parts);
      ts.expectKw("USING");
      const refs = parseTableRefs(ts);
      return { ...base, targets, refs, where: ts.acceptKw("WHERE") ? parseExpr(ts) : null };
    }
    ts.pos = start;
    const refs = parseTableRefs(ts);
    if (refs.length !== 1 || refs[0]!.k !== "table") throw ts.fail();
    const where = ts.acceptKw("WHERE") ? parseExpr(ts) : null;
    const orderBy = ts.acceptKws("ORDER", "BY") ? parseOrderItems(ts, false) : [];
    const limit = ts.isKw("LIMIT") ? parseLimit(ts) : null;
    return { ...base, targets: null, refs, where, orderBy, limit };
  }
  const targets = [deleteTarget(ts).parts];
  while (ts.acceptOp(",")) targets.push(deleteTarget(ts).parts);
  ts.expectKw("FROM");
  const refs = parseTableRefs(ts);
  return { ...base, targets, refs, where: ts.acceptKw("WHERE") ? parseExpr(ts) : null };
}

/** `t`, `db.t`, `t.*`, `db.t.*` in a multi-table DELETE target list. */
function deleteTarget(ts: TokenStream): { parts: string[]; star: boolean } {
  const parts = [ts.ident()];
  let star = false;
  while (ts.isOp(".")) {
    ts.next();
    if (ts.isOp("*")) {
      ts.next();
      star = true;
      break;
    }
    const tok = ts.peek();
    if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent) throw ts.fail();
    parts.push(ts.next().text);
  }
  if (parts.length > 2) throw ts.fail();
  return { parts, star };
}
