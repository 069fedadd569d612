/**
 * EXPLAIN / DESCRIBE of a statement (not of a table, which is SHOW COLUMNS): SQLite's
 * EXPLAIN QUERY PLAN of the translation, as a result set (id, parent, notused, detail). Its
 * rows describe SQLite's plan, not MySQL's EXPLAIN columns.
 */
import type { TokenStream } from "../parser/token_stream.ts";
import type { Statement } from "../statement.ts";

/** Skips EXPLAIN and its options; returns the offset where the explained statement starts. */
export function explainedStart(ts: TokenStream): number {
  ts.next();
  while (true) {
    if (ts.acceptKw("EXTENDED") || ts.acceptKw("PARTITIONS") || ts.acceptKw("ANALYZE")) continue;
    if (ts.acceptKw("FORMAT")) {
      ts.expectOp("=");
      ts.next();
      continue;
    }
    return ts.peek().start;
  }
}

/** The EXPLAIN QUERY PLAN result for a translated statement. */
export function explainOf(inner: Statement): Statement {
  let stmt;
  if (inner.kind === "select") stmt = inner.stmt;
  else if (inner.kind === "write") {
    // A multi-table write first fixes its row set in a scratch table (which the later
    // statements read and does not exist yet): the plan of that join is the one to show.
    stmt = inner.stmts.find((s) => s.sql.startsWith("CREATE TEMP TABLE")) ??
      inner.stmts.find((s) => s.countChanges !== false)!;
  } else throw new Error("Only SELECT and writes can be explained");
  return {
    kind: "select",
    stmt: { sql: `EXPLAIN QUERY PLAN ${stmt.sql}`, params: stmt.params },
    columnNames: ["id", "parent", "notused", "detail"],
    calcFoundRows: false,
    informationSchema: inner.kind === "select" ? inner.informationSchema : [],
    databases: inner.databases,
  };
}
