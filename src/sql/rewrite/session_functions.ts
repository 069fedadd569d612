/**
 * Functions whose value belongs to the session (DATABASE(), USER(), LAST_INSERT_ID(), ...)
 * become session parameters, bound at execution so a cached translation serves every session.
 * LAST_INSERT_ID(expr) sets the value, so it stays a call of the helper `last_insert_id(expr)`,
 * and a statement that calls it reads LAST_INSERT_ID() live (`mysql_last_insert_id()`).
 */
import { MysqlError } from "../../types/errors.ts";
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import type { SessionFunction } from "../statement.ts";

const SESSION_FUNCTIONS: Record<string, SessionFunction> = {
  DATABASE: "database",
  SCHEMA: "database",
  USER: "user",
  SESSION_USER: "user",
  SYSTEM_USER: "user",
  CURRENT_USER: "current_user",
  CONNECTION_ID: "connection_id",
  LAST_INSERT_ID: "last_insert_id",
  FOUND_ROWS: "found_rows",
  ROW_COUNT: "row_count",
  VERSION: "version",
};

/** A session function call as a parameter; null for other calls. */
export function emitSessionCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  const name = SESSION_FUNCTIONS[e.name];
  if (name === undefined || e.over !== null) return null;
  if (e.name === "LAST_INSERT_ID" && e.args.length === 1) {
    return `last_insert_id(${em.expr(e.args[0]!)})`;
  }
  // After LAST_INSERT_ID(expr) in the same statement, the value it set.
  if (e.name === "LAST_INSERT_ID" && e.args.length === 0 && em.liveSessionState) {
    return "mysql_last_insert_id()";
  }
  if (e.args.length > 0 || e.star || e.distinct) {
    throw new MysqlError(
      1582,
      `Incorrect parameter count in the call to native function '${e.name}'`,
      "42000",
    );
  }
  return em.param({ ref: "function", name });
}
