/**
 * Replays corpus statements over one mysql2 connection the way PHP's mysqli sends them
 * (text protocol, no CLIENT_FOUND_ROWS) and reduces each answer to an `Outcome`, so the
 * answers of MariaDB and of a node can be compared.
 */
import mysql from "mysql2/promise";
import { type Outcome, resultHash } from "./corpus.ts";

/** Options for `openReplayConnection`. */
export interface ReplayConnectionOptions {
  database?: string;
}

/** A connection with every value as text, as PHP would see it. */
export function openReplayConnection(
  port: number,
  options: ReplayConnectionOptions = {},
): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: "127.0.0.1",
    port,
    user: "root",
    password: "",
    database: options.database,
    charset: "UTF8MB4_UNICODE_CI",
    // mysqli does not ask for found rows: affected rows count changed rows only.
    flags: ["-FOUND_ROWS"],
    rowsAsArray: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    connectTimeout: 10000,
  });
}

/**
 * Whether the rows of `sql` are compared between MariaDB and a node: plain reads of
 * WordPress tables whose answer depends neither on the clock nor on the server's identity.
 */
export function comparesRows(sql: string): boolean {
  if (!/^\s*(?:\(\s*)?SELECT\b/i.test(sql)) return false;
  if (!/\bwp_\w+/.test(sql)) return false;
  return !/information_schema|@@|\bversion\s*\(|\b(?:now|rand|unix_timestamp|curdate|curtime|sysdate|utc_timestamp|utc_date|current_timestamp|uuid|connection_id|database)\b/i
    .test(sql);
}

/** Runs one statement; never throws for a server error (it becomes an outcome). */
export async function replayStatement(conn: mysql.Connection, sql: string): Promise<Outcome> {
  try {
    const [result, fields] = await conn.query({ sql, rowsAsArray: true });
    if (Array.isArray(result)) {
      const rows = result as unknown[][];
      const outcome: Outcome = { kind: "rows", count: rows.length };
      if (comparesRows(sql)) {
        const names = (fields ?? []).map((f) => f.name);
        outcome.hash = await resultHash(names, rows);
      }
      return outcome;
    }
    const header = result as mysql.ResultSetHeader;
    return { kind: "ok", affected: header.affectedRows };
  } catch (e) {
    const err = e as { errno?: number; message?: string; fatal?: boolean };
    if (err.errno === undefined || err.fatal) throw e;
    return { kind: "error", code: err.errno, message: err.message ?? "" };
  }
}
