/**
 * The write path on one node: INSERT / REPLACE / UPDATE / DELETE run on the database's write
 * connection, under its write lock, inside the session's transaction or as their own, and are
 * answered with MySQL's counts (affected rows, "Rows matched"/"Records" info, warnings).
 */
import type { OkResult } from "../mysql/executor.ts";
import type { Warning } from "../sql/ddl/mod.ts";
import type { Statement } from "../sql/statement.ts";
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import { ER } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";
import {
  clashingRowid,
  duplicateEntryError,
  ignoredDuplicates,
  isDuplicateKeyError,
} from "./duplicate_entry.ts";
import { checkNotNull } from "./not_null_check.ts";
import { pointKeys } from "./point_keys.ts";
import { commitWrite, rollbackWrite } from "./commit_write.ts";
import { type Replicator, retryOnConflict } from "./replicator.ts";
import type { Transaction } from "./transaction.ts";

type WriteStatement = Extract<Statement, { kind: "write" }>;

export interface WriteContext {
  session: SessionValues & {
    readonly clientFoundRows: boolean;
    /** The first AUTO_INCREMENT id the statement generated (cluster id source), or null. */
    readonly generatedId: bigint | null;
  };
  db: Database;
  txn: Transaction | null;
  /** Makes the other databases the statement reads reachable on the write connection. */
  attach(conn: Connection): void;
  /** sql_mode is strict (STRICT_TRANS_TABLES / STRICT_ALL_TABLES). */
  strict: boolean;
  replicator: Replicator;
  /** The statement's consistency hint, or null for the configured level. */
  consistency: string | null;
  /** Forgets what a failed attempt of the statement left in the session (generated ids). */
  resetStatement(): void;
  /** Makes the statement current for SQL functions again, after an await. */
  resume(): void;
}

/** The OK packet and the warnings SHOW WARNINGS reports for the statement. */
export interface WriteOutcome {
  ok: OkResult;
  warnings: Warning[];
}

const STATEMENT_SAVEPOINT = `"__marmot_stmt"`;
/** max_error_count: MySQL keeps at most 64 warnings per statement. */
export const MAX_WARNINGS = 64;

/**
 * Executes a write; a failing statement leaves no partial change (MySQL statement atomicity).
 * Outside a transaction the statement is its own transaction, committed (and replicated)
 * before the answer; inside one it joins the transaction's write part.
 */
export async function runWrite(
  st: WriteStatement,
  placeholders: SqlValue[] | null,
  ctx: WriteContext,
): Promise<WriteOutcome> {
  const { db, txn } = ctx;
  if (txn !== null) {
    const keys = pointKeys(st, db, placeholders, ctx.session);
    await txn.prepareWrite(db, keys);
    const conn = txn.writer(db);
    ctx.attach(conn);
    const mark = db.capture.mark();
    const outcome = execute(st, placeholders, ctx, conn);
    txn.claimSince(db, mark);
    const run = () => told(execute(st, placeholders, ctx, conn));
    txn.ran(db, keys === null ? null : { keys, run, told: told(outcome) });
    return outcome;
  }
  // A write conflict rolled everything back: the statement runs again on fresh rows.
  return await retryOnConflict(ctx.replicator, () => runAutocommit(st, placeholders, ctx));
}

/** INSERT IGNORE or UPDATE IGNORE: values MySQL would refuse are written with a warning. */
export function writesIgnoring(st: WriteStatement): boolean {
  return /^(INSERT|UPDATE) OR IGNORE /.test(st.stmts[0]?.sql ?? "");
}

/** One attempt of a statement that is its own transaction. */
async function runAutocommit(
  st: WriteStatement,
  placeholders: SqlValue[] | null,
  ctx: WriteContext,
): Promise<WriteOutcome> {
  const { session, db } = ctx;
  ctx.resetStatement();
  const wait = db.lock.acquire(session);
  if (wait !== undefined) await wait;
  const release = () => db.lock.release(session);
  try {
    ctx.attach(db.writer);
    db.beginWrite();
  } catch (err) {
    release();
    throw err;
  }
  let outcome: WriteOutcome;
  try {
    outcome = execute(st, placeholders, ctx, db.writer);
  } catch (err) {
    rollbackWrite(db, release);
    throw err;
  }
  await commitWrite(db, [], {
    replicator: ctx.replicator,
    consistency: ctx.consistency,
    releaseLock: release,
  });
  return outcome;
}

function execute(
  st: WriteStatement,
  placeholders: SqlValue[] | null,
  ctx: WriteContext,
  conn: Connection,
): WriteOutcome {
  const { session, db } = ctx;
  ctx.resume();
  const mark = db.capture.mark();
  // One SQLite statement is atomic by itself; several (rewrites such as multi-table DELETE)
  // share a savepoint so a failure leaves none of them behind.
  const guard = st.stmts.length > 1;
  const table = st.tables[0];
  const inserts = st.op === "insert" || st.op === "replace";
  const autoIncrement = inserts && table !== undefined && db.isAutoIncrement(table);
  // Only INSERT IGNORE and a duplicate-key failure need it: built when asked for.
  const duplicateContext = () => ({
    conn,
    table,
    tableColumns: table === undefined ? null : db.columns(table),
    statement: st,
    placeholders,
    session,
  });
  try {
    if (guard) conn.db.exec(`SAVEPOINT ${STATEMENT_SAVEPOINT}`);
    const sequenceBefore = autoIncrement ? db.sequence(table) : 0;
    // SQLite's change count alone cannot give MySQL's numbers for REPLACE (deleted rows are
    // not counted) and multi-row upserts (inserted vs updated): count the table around them.
    const countsRows = st.op === "replace" || (st.upsert && st.insertRows !== 1);
    const rowsBefore = countsRows ? countRows(conn, table) : 0;
    const rowidBefore = st.upsert ? lastInsertRowid(conn) : 0;
    const nullWarnings = inserts
      ? checkNotNull(st, { db, placeholders, session, strict: ctx.strict })
      : [];
    const ignoring = st.op === "insert" && !st.upsert && writesIgnoring(st);
    const duplicates = ignoring ? ignoredDuplicates(duplicateContext()) : [];
    const matched = st.matchedQuery === undefined ? undefined : Number(
      scalar(
        conn,
        st.matchedQuery.sql,
        bindParams(st.matchedQuery.params, placeholders, session),
      ),
    );
    let changed = 0;
    let lastRowid = 0;
    for (const s of st.stmts) {
      const r = conn.statement(s.sql).stmt.run(...bindParams(s.params, placeholders, session));
      if (s.countChanges === false) continue;
      changed += Number(r.changes);
      lastRowid = Number(r.lastInsertRowid);
    }
    const rowsAfter = countsRows ? countRows(conn, table) : 0;
    if (guard) conn.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
    if (!inserts) {
      if (st.op !== "update") return { ok: ok(changed, 0), warnings: [] };
      const found = matched ?? changed;
      const info = `Rows matched: ${found}  Changed: ${changed}  Warnings: 0`;
      return { ok: ok(session.clientFoundRows ? found : changed, 0, info), warnings: [] };
    }
    const counts = insertCounts(st, {
      changed,
      rowsBefore,
      rowsAfter,
      newRowid: lastRowid !== rowidBefore,
      clientFoundRows: session.clientFoundRows,
    });
    const inserted = counts.inserted > 0;
    let insertId: number | bigint = 0;
    // The OK packet carries the first id stored (generated or explicit, as MySQL does);
    // only a generated one moves LAST_INSERT_ID(). Generated ids continue the sequence.
    if (autoIncrement && inserted && session.generatedId !== null) {
      // Ids from the cluster's id source: the first one generated is the statement's.
      insertId = toNumber(session.generatedId);
      session.lastInsertId = insertId;
    } else if (autoIncrement && inserted) {
      insertId = st.upsert ? lastRowid : lastRowid - counts.inserted + 1;
      if (insertId === sequenceBefore + 1) session.lastInsertId = insertId;
    } else if (autoIncrement && st.upsert && st.insertRows === 1 && changed > 0) {
      // An upsert that updated a row reports that row's id (LAST_INSERT_ID() stays).
      insertId = clashingRowid(duplicateContext()) ?? 0;
    }
    const warnings = [...nullWarnings, ...ignoredRowWarnings(st, changed, duplicates)];
    let info: string | undefined;
    if (st.insertRows !== undefined && st.insertRows > 1) {
      info = `Records: ${st.insertRows}  Duplicates: ${counts.duplicates}  ` +
        `Warnings: ${warnings.length}`;
    }
    return { ok: ok(counts.affected, insertId, info, warnings.length), warnings };
  } catch (err) {
    if (guard && conn.inTransaction) {
      conn.db.exec(`ROLLBACK TO ${STATEMENT_SAVEPOINT}`);
      conn.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
    }
    db.capture.rollbackTo(mark);
    if (isDuplicateKeyError(err)) {
      throw duplicateEntryError(err, duplicateContext());
    }
    throw err;
  }
}

/** What the client learns from a write's answer, to compare a run again with. */
function told({ ok, warnings }: WriteOutcome): string {
  return JSON.stringify([ok.affectedRows, String(ok.lastInsertId), ok.info ?? "", warnings]);
}

interface ChangeFacts {
  /** SQLite's change count (with upserts: inserted + updated rows that changed). */
  changed: number;
  rowsBefore: number;
  rowsAfter: number;
  /** last_insert_rowid() moved: a single-row upsert inserted. */
  newRowid: boolean;
  clientFoundRows: boolean;
}

/** MySQL's numbers for an INSERT / REPLACE: rows inserted, affected rows (a REPLACE counts the
 * rows it deleted; an upsert counts 2 per row it changed and, under CLIENT_FOUND_ROWS, 1 per
 * duplicate left unchanged) and the "Duplicates" of the info text. */
function insertCounts(
  st: WriteStatement,
  f: ChangeFacts,
): { inserted: number; affected: number; duplicates: number } {
  if (st.op === "replace") {
    const deleted = f.rowsBefore + f.changed - f.rowsAfter;
    return { inserted: f.changed, affected: f.changed + deleted, duplicates: deleted };
  }
  if (st.upsert) {
    const inserted = st.insertRows === 1 ? (f.newRowid ? 1 : 0) : f.rowsAfter - f.rowsBefore;
    const updated = f.changed - inserted;
    const conflicts = st.insertRows === undefined ? updated : st.insertRows - inserted;
    const unchanged = f.clientFoundRows ? conflicts - updated : 0;
    return {
      inserted,
      affected: inserted + 2 * updated + unchanged,
      duplicates: f.clientFoundRows ? conflicts : updated,
    };
  }
  const skipped = st.insertRows === undefined ? 0 : st.insertRows - f.changed;
  return { inserted: f.changed, affected: f.changed, duplicates: Math.max(0, skipped) };
}

/** INSERT IGNORE warns once per row it skipped: 1062 with the clashing key where it was
 * found beforehand, else MySQL's generic wording for a skipped row. */
function ignoredRowWarnings(st: WriteStatement, inserted: number, duplicates: string[]): Warning[] {
  const skipped = st.insertRows === undefined || st.upsert || st.op === "replace"
    ? 0
    : st.insertRows - inserted;
  const warnings: Warning[] = [];
  for (let i = 0; i < skipped && i < MAX_WARNINGS; i++) {
    const message = duplicates[i] ?? "Duplicate entry for a unique key: row skipped";
    warnings.push({ level: "Warning", code: ER.DUP_ENTRY, message });
  }
  return warnings;
}

function ok(
  affected: number,
  insertId: number | bigint,
  info?: string,
  warnings = 0,
): OkResult {
  return { kind: "ok", affectedRows: affected, lastInsertId: insertId, warnings, info };
}

function scalar(conn: Connection, sql: string, args: ReturnType<typeof bindParams>): SqlValue {
  const row = conn.statement(sql).stmt.get(...args) as unknown as SqlValue[] | undefined;
  return row?.[0] ?? null;
}

function countRows(conn: Connection, table: string | undefined): number {
  if (table === undefined) return 0;
  return Number(scalar(conn, `SELECT count(*) FROM "${table.replaceAll('"', '""')}"`, []));
}

function lastInsertRowid(conn: Connection): number {
  return Number(scalar(conn, "SELECT last_insert_rowid()", []));
}

/** An id as a number while that is exact, else the bigint. */
function toNumber(id: bigint): number | bigint {
  return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id;
}
