/**
 * `npm:mysql2` connections to the server under test, plus small assertion helpers for
 * the errors mysql2 raises.
 */
import mysql from "mysql2/promise";
import assert from "node:assert/strict";

export type Connection = mysql.Connection;
export type Pool = mysql.Pool;
export type ConnectionOptions = mysql.ConnectionOptions;

/** Opens a mysql2 connection as root (no password) on 127.0.0.1. */
export function connect(port: number, options: ConnectionOptions = {}): Promise<Connection> {
  return mysql.createConnection({ host: "127.0.0.1", port, user: "root", ...options });
}

/** Opens a mysql2 pool as root (no password) on 127.0.0.1. */
export function pool(port: number, options: mysql.PoolOptions = {}): Pool {
  return mysql.createPool({ host: "127.0.0.1", port, user: "root", ...options });
}

/** The fields mysql2 puts on a server error. */
export interface ServerError {
  errno: number;
  sqlState: string;
  code: string;
  message: string;
}

/** Awaits `promise`, asserts it fails with MySQL error `errno` / `sqlState`, returns it. */
export async function expectError(
  promise: Promise<unknown>,
  errno: number,
  sqlState?: string,
): Promise<ServerError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (e) {
    const err = e as ServerError;
    assert.equal(err.errno, errno, `expected error ${errno}, got ${err.errno}: ${err.message}`);
    if (sqlState !== undefined) {
      assert.equal(err.sqlState, sqlState, `SQLSTATE of error ${errno}: ${err.message}`);
    }
    return err;
  }
  assert.fail(`expected error ${errno}, but the statement succeeded: ${JSON.stringify(result)}`);
}

/** Runs a text query and returns its rows (for SELECT-like statements). */
export async function rows<T = Record<string, unknown>>(
  conn: Connection | Pool,
  sql: string,
  params?: unknown[],
): Promise<T[]> {
  const [r] = await conn.query(sql, params);
  return r as T[];
}

/** Runs a prepared statement (binary protocol) and returns its rows. */
export async function executeRows<T = Record<string, unknown>>(
  conn: Connection | Pool,
  sql: string,
  params?: unknown[],
): Promise<T[]> {
  // deno-lint-ignore no-explicit-any
  const [r] = await conn.execute(sql, params as any);
  return r as T[];
}

/** Checks that a fresh connection still gets an answer (the server survived). */
export async function assertServerAnswers(port: number): Promise<void> {
  const conn = await connect(port, { connectTimeout: 5000 });
  try {
    const [r] = await conn.query("SELECT 1 + 1 AS two");
    assert.deepEqual(r, [{ two: 2 }]);
  } finally {
    await conn.end();
  }
}
