/** Parses SHOW …, DESCRIBE/DESC/EXPLAIN <table> into a `ShowStatement`. */
import { TokenStream } from "../ddl/token_stream.ts";
import type { QualifiedName } from "../ddl/token_stream.ts";
import { tokenize } from "../ddl/tokenizer.ts";

/** LIKE pattern or WHERE condition (MySQL text) of a SHOW. */
export interface ShowFilter {
  like?: string;
  where?: string;
}

export type ShowStatement =
  | { kind: "tables"; full: boolean; db: string | null; filter: ShowFilter }
  | { kind: "columns"; full: boolean; table: QualifiedName; filter: ShowFilter }
  | { kind: "index"; table: QualifiedName; filter: ShowFilter }
  | { kind: "create_table"; table: QualifiedName; view: boolean }
  | { kind: "create_database"; name: string; ifNotExists: boolean }
  | { kind: "table_status"; db: string | null; filter: ShowFilter }
  | { kind: "databases"; filter: ShowFilter }
  | { kind: "variables"; scope: "session" | "global"; filter: ShowFilter }
  | { kind: "status"; scope: "session" | "global"; filter: ShowFilter }
  | { kind: "warnings"; errorsOnly: boolean; count: boolean; limit: [number, number] | null }
  | { kind: "processlist"; full: boolean }
  | { kind: "simple"; what: SimpleShow; filter: ShowFilter }
  | { kind: "grants"; user: string | null }
  | { kind: "binary_logs" }
  | { kind: "explain_select"; sql: string };

export type SimpleShow =
  | "engines"
  | "collation"
  | "charset"
  | "plugins"
  | "triggers"
  | "procedure_status"
  | "function_status"
  | "events"
  | "master_status"
  | "replica_status"
  | "privileges"
  | "open_tables"
  | "profiles"
  | "innodb_status";

function _filter(ts: TokenStream): ShowFilter {
  if (ts.acceptWords("LIKE")) return { like: ts.string() };
  if (ts.acceptWords("WHERE")) {
    const first = ts.peek();
    if (!first) throw ts.error();
    const text = ts.sql.slice(first.start, ts.tokens[ts.tokens.length - 1]!.end);
    ts.pos = ts.tokens.length;
    return { where: text };
  }
  return {};
}

function _fromDb(ts: TokenStream): string | null {
  return ts.acceptAny("FROM", "IN") ? ts.identifier() : null;
}

function _tableRef(ts: TokenStream): QualifiedName {
  if (!ts.acceptAny("FROM", "IN")) throw ts.error();
  const table = ts.qualifiedName();
  const db = _fromDb(ts);
  return db !== null ? { db, name: table.name } : table;
}

function _scope(ts: TokenStream): "session" | "global" {
  const w = ts.acceptAny("GLOBAL", "SESSION", "LOCAL");
  return w === "GLOBAL" ? "global" : "session";
}

/** Parses the statement; throws MysqlError 1064. */
export function parseShow(sql: string): ShowStatement {
  const ts = new TokenStream(sql, tokenize(sql));
  const stmt = _parse(ts);
  if (!ts.atEnd()) throw ts.error();
  return stmt;
}

function _parse(ts: TokenStream): ShowStatement {
  if (ts.acceptAny("DESCRIBE", "DESC", "EXPLAIN")) {
    if (
      ts.isWord("SELECT") || ts.isWord("WITH") || ts.isWord("INSERT") || ts.isWord("UPDATE") ||
      ts.isWord("DELETE") || ts.isWord("REPLACE") || ts.isPunct("(") || ts.isWord("FORMAT") ||
      ts.isWord("ANALYZE") || ts.isWord("EXTENDED")
    ) {
      const first = ts.peek()!;
      const text = ts.sql.slice(first.start, ts.tokens[ts.tokens.length - 1]!.end);
      ts.pos = ts.tokens.length;
      return { kind: "explain_select", sql: text };
    }
    const table = ts.qualifiedName();
    let filter: ShowFilter = {};
    const t = ts.peek();
    if (t && t.kind === "string") filter = { like: ts.string() };
    else if (t) filter = { like: ts.identifier().replace(/([%_\\])/g, "\\$1") };
    return { kind: "columns", full: false, table, filter };
  }
  if (!ts.acceptWords("SHOW")) throw ts.error();
  const full = ts.acceptWords("FULL");
  if (ts.acceptWords("TABLES")) {
    const db = _fromDb(ts);
    return { kind: "tables", full, db, filter: _filter(ts) };
  }
  if (ts.acceptAny("COLUMNS", "FIELDS")) {
    const table = _tableRef(ts);
    return { kind: "columns", full, table, filter: _filter(ts) };
  }
  if (ts.acceptWords("PROCESSLIST")) return { kind: "processlist", full };
  if (ts.acceptWords("TRIGGERS")) {
    _fromDb(ts);
    return { kind: "simple", what: "triggers", filter: _filter(ts) };
  }
  if (full) throw ts.error();
  ts.acceptWords("EXTENDED");
  if (ts.acceptAny("INDEX", "INDEXES", "KEYS")) {
    const table = _tableRef(ts);
    return { kind: "index", table, filter: _filter(ts) };
  }
  if (ts.acceptWords("CREATE")) {
    if (ts.acceptAny("DATABASE", "SCHEMA")) {
      const ifNotExists = ts.acceptWords("IF", "NOT", "EXISTS");
      return { kind: "create_database", name: ts.identifier(), ifNotExists };
    }
    const what = ts.acceptAny("TABLE", "VIEW");
    if (!what) throw ts.error();
    return { kind: "create_table", table: ts.qualifiedName(), view: what === "VIEW" };
  }
  if (ts.acceptWords("TABLE", "STATUS")) {
    const db = _fromDb(ts);
    return { kind: "table_status", db, filter: _filter(ts) };
  }
  if (ts.acceptAny("DATABASES", "SCHEMAS")) return { kind: "databases", filter: _filter(ts) };
  if (ts.acceptWords("COUNT")) {
    ts.expectPunct("(");
    ts.expectPunct("*");
    ts.expectPunct(")");
    const w = ts.acceptAny("WARNINGS", "ERRORS");
    if (!w) throw ts.error();
    return { kind: "warnings", errorsOnly: w === "ERRORS", count: true, limit: null };
  }
  const w = ts.acceptAny("WARNINGS", "ERRORS");
  if (w) {
    let limit: [number, number] | null = null;
    if (ts.acceptWords("LIMIT")) {
      const a = ts.integer();
      limit = ts.acceptPunct(",") ? [a, ts.integer()] : [0, a];
    }
    return { kind: "warnings", errorsOnly: w === "ERRORS", count: false, limit };
  }
  const scopeWord = ts.peek();
  const scope = _scope(ts);
  if (ts.acceptWords("VARIABLES")) return { kind: "variables", scope, filter: _filter(ts) };
  if (ts.acceptWords("STATUS")) return { kind: "status", scope, filter: _filter(ts) };
  if (ts.peek() !== scopeWord) throw ts.error();
  ts.acceptWords("STORAGE");
  if (ts.acceptWords("ENGINES")) return { kind: "simple", what: "engines", filter: {} };
  if (ts.acceptWords("ENGINE")) {
    ts.next();
    ts.expectWords("STATUS");
    return { kind: "simple", what: "innodb_status", filter: {} };
  }
  if (ts.acceptWords("COLLATION")) {
    return { kind: "simple", what: "collation", filter: _filter(ts) };
  }
  if (ts.acceptWords("CHARACTER", "SET") || ts.acceptWords("CHARSET")) {
    return { kind: "simple", what: "charset", filter: _filter(ts) };
  }
  if (ts.acceptWords("PLUGINS")) return { kind: "simple", what: "plugins", filter: {} };
  if (ts.acceptWords("PRIVILEGES")) return { kind: "simple", what: "privileges", filter: {} };
  if (ts.acceptWords("PROFILES")) return { kind: "simple", what: "profiles", filter: {} };
  if (ts.acceptWords("OPEN", "TABLES")) {
    _fromDb(ts);
    return { kind: "simple", what: "open_tables", filter: _filter(ts) };
  }
  if (ts.acceptWords("GRANTS")) {
    let user: string | null = null;
    if (ts.acceptWords("FOR")) {
      const t = ts.next();
      // FOR CURRENT_USER [()] is the session's own account (null, as without FOR).
      user = t.upper === "CURRENT_USER" ? null : t.text;
      const at = ts.peek();
      if (at?.kind === "var") {
        ts.next();
        user += "@" + at.text.slice(1).replace(/^['"`](.*)['"`]$/, "$1");
      }
      if (ts.acceptPunct("(")) ts.expectPunct(")");
    }
    return { kind: "grants", user };
  }
  if (ts.acceptAny("PROCEDURE", "FUNCTION")) {
    const what = ts.peek(-1)!.upper === "PROCEDURE" ? "procedure_status" : "function_status";
    ts.expectWords("STATUS");
    return { kind: "simple", what, filter: _filter(ts) };
  }
  if (ts.acceptWords("EVENTS")) {
    _fromDb(ts);
    return { kind: "simple", what: "events", filter: _filter(ts) };
  }
  if (ts.acceptWords("MASTER", "STATUS") || ts.acceptWords("BINARY", "LOG", "STATUS")) {
    return { kind: "simple", what: "master_status", filter: {} };
  }
  if (ts.acceptAny("SLAVE", "REPLICA")) {
    ts.expectWords("STATUS");
    return { kind: "simple", what: "replica_status", filter: {} };
  }
  if (ts.acceptAny("BINARY", "MASTER")) {
    ts.expectWords("LOGS");
    return { kind: "binary_logs" };
  }
  throw ts.error();
}
