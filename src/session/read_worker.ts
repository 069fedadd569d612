/**
 * Worker thread of `ReadPool`: runs one read at a time on a connection of its own, opened for
 * the read and closed after it, so a query that takes long stops this thread, not the event
 * loop every client and peer shares (src/session/DESIGN.md, "Slow reads").
 *
 * Messages: `ReadRequest` in, `ReadReply` out, one request at a time, after `ready`.
 */
import type { SQLInputValue } from "node:sqlite";
import { allRows, registerMysqlFunctions } from "../sql/functions/mod.ts";
import { openConnection } from "../storage/sqlite_connection.ts";
import { returnArrays } from "../storage/statement_cache.ts";
import { MysqlError } from "../types/errors.ts";

/** One statement of a read. */
export interface ReadStatement {
  sql: string;
  args: SQLInputValue[];
}

export interface ReadRequest {
  /** The database file. */
  path: string;
  /** Its rows; when they are none and `ifNone` is given, `ifNone`'s first row too, in the
   * same read transaction (SQL_CALC_FOUND_ROWS counts rows apart only when none came). */
  rows: ReadStatement;
  ifNone?: ReadStatement;
  /** What the session's statement context holds (NOW(), RAND(n), time_zone). */
  now: number;
  statementId: number;
  timeZone: string;
}

/** How an error crosses the thread: a MySQL error keeps its code, SQLite's its result code. */
export interface ReadFailure {
  message: string;
  mysql?: { code: number; sqlState: string };
  errcode?: number;
}

export type ReadReply =
  | { type: "ready" }
  | { type: "rows"; rows: unknown[]; ifNone?: unknown; ms: number }
  | { type: "error"; error: ReadFailure };

/** The worker's global scope (typed by hand, as in storage/checkpoint_worker.ts). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(reply: ReadReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event: MessageEvent<ReadRequest>) => {
  const request = event.data;
  try {
    scope.postMessage({ type: "rows", ..._read(request) });
  } catch (err) {
    scope.postMessage({ type: "error", error: _failure(err) });
  }
};
scope.postMessage({ type: "ready" });

function _read(r: ReadRequest): { rows: unknown[]; ifNone?: unknown; ms: number } {
  const db = openConnection(r.path, {
    readOnly: true,
    onOpen: (conn) =>
      registerMysqlFunctions(conn, {
        now: () => r.now,
        statementId: () => r.statementId,
        timeZone: () => r.timeZone,
      }),
  });
  try {
    db.exec("BEGIN");
    const run = (s: ReadStatement) => {
      const stmt = db.prepare(s.sql);
      stmt.setReadBigInts(true);
      returnArrays(stmt);
      return allRows(stmt, s.args);
    };
    const started = performance.now();
    const rows = run(r.rows);
    const ifNone = r.ifNone === undefined || rows.length > 0 ? undefined : run(r.ifNone)[0];
    return { rows, ifNone, ms: performance.now() - started };
  } finally {
    db.close();
  }
}

function _failure(err: unknown): ReadFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof MysqlError) {
    return { message, mysql: { code: err.code, sqlState: err.sqlState } };
  }
  const errcode = (err as { errcode?: unknown }).errcode;
  return typeof errcode === "number" ? { message, errcode } : { message };
}
