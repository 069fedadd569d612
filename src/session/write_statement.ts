/**
 * The write path on one node: INSERT / REPLACE / UPDATE / DELETE run on the database's write
 * connection, under its write lock, inside the session's transaction or as their own.
 */
import type { OkResult } from "../mysql/executor.ts";
import type { Statement } from "../sql/statement.ts";
import type { Database } from "../storage/database.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";
import type { Transaction } from "./transaction.ts";

type WriteStatement = Extract<Statement, { kind: "write" }>;

export interface WriteContext {
  session: SessionValues & { readonly clientFoundRows: boolean };
  db: Database;
  txn: Transaction | null;
}

const STATEMENT_SAVEPOINT = `"__marmot_stmt"`;

/** Executes a write; a failing statement leaves no partial change (MySQL statement atomicity). */
export async function runWrite(
  st: WriteStatement,
  placeholders: SqlValue[] | null,
  ctx: WriteContext,
): Promise<OkResult> {
  const { session, db, txn } = ctx;
  let conn;
  if (txn !== null) {
    conn = await txn.writeConnection(db);
  } else {
    const wait = db.lock.acquire(session);
    if (wait !== undefined) await wait;
    conn = db.writer;
  }
  const guard = st.stmts.length > 1 || st.upsert || st.op === "replace";
  const table = st.tables[0];
  const inserts = st.op === "insert" || st.op === "replace";
  const autoIncrement = inserts && table !== undefined && db.isAutoIncrement(table);
  try {
    if (guard) conn.db.exec(`SAVEPOINT ${STATEMENT_SAVEPOINT}`);
    const sequenceBefore = autoIncrement ? db.sequence(table) : 0;
    const rowsBefore = st.op === "replace" ? countRows(conn, table) : 0;
    const rowidBefore = st.upsert ? lastInsertRowid(conn) : 0;
    let affected = 0;
    let lastRowid = 0;
    for (const s of st.stmts) {
      const args = bindParams(s.params, placeholders, session);
      const r = conn.statement(s.sql).stmt.run(...args);
      affected += Number(r.changes);
      lastRowid = Number(r.lastInsertRowid);
    }
    const insertedRows = affected;
    // REPLACE deletes the rows it conflicts with, which SQLite does not count; MySQL counts
    // each of them as an affected row.
    if (st.op === "replace") affected += rowsBefore + affected - countRows(conn, table);
    if (guard) conn.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
    let insertId: number | bigint = 0;
    let info: string | undefined;
    if (inserts) {
      const inserted = st.upsert ? lastRowid !== rowidBefore : insertedRows > 0;
      // MySQL counts an upsert that updated a row as 2 affected rows.
      if (st.upsert && !inserted && affected > 0) affected = 2;
      // The OK packet carries the first id stored (generated or explicit, as MySQL does);
      // only a generated one moves LAST_INSERT_ID(). Generated ids continue the sequence.
      if (autoIncrement && inserted) {
        const first = st.upsert ? lastRowid : lastRowid - insertedRows + 1;
        insertId = first;
        if (first === sequenceBefore + 1) session.lastInsertId = first;
      }
    } else if (st.op === "update") {
      info = `Rows matched: ${affected}  Changed: ${affected}  Warnings: 0`;
    }
    return { kind: "ok", affectedRows: affected, lastInsertId: insertId, warnings: 0, info };
  } catch (err) {
    if (guard && conn.inTransaction) {
      conn.db.exec(`ROLLBACK TO ${STATEMENT_SAVEPOINT}`);
      conn.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
    }
    throw err;
  } finally {
    if (txn === null) db.lock.release(session);
  }
}

function countRows(conn: Database["writer"], table: string | undefined): number {
  if (table === undefined) return 0;
  const row = conn.statement(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).stmt
    .get() as unknown as [bigint];
  return Number(row[0]);
}

function lastInsertRowid(conn: Database["writer"]): number {
  const row = conn.statement("SELECT last_insert_rowid()").stmt.get() as unknown as [bigint];
  return Number(row[0]);
}
