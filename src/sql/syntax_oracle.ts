/**
 * A second opinion on statements our parser rejects: when node-sql-parser (MySQL grammar)
 * accepts one, the statement is valid MySQL that we do not support (error 1235), not a syntax
 * error (1064). Only consulted on that error path, so its cost (~0.1-1 ms) never hits valid
 * statements.
 */
import nodeSqlParser from "node-sql-parser";

interface Astifier {
  astify(sql: string, options: { database: string }): unknown;
}

let parser: Astifier | null = null;

/** True when node-sql-parser parses `sql` as MySQL. */
export function mysqlGrammarAccepts(sql: string): boolean {
  try {
    parser ??= new (nodeSqlParser as unknown as { Parser: new () => Astifier }).Parser();
    parser.astify(sql, { database: "MySQL" });
    return true;
  } catch {
    return false;
  }
}
