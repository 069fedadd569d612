/**
 * Applies committed transactions to a database file the same way on every node (reference
 * §4.8-4.10): each row carries the version (commit HLC) of the last change that won it, a
 * change older than the stored version is skipped (last writer wins, ties by node id), a
 * delete leaves a tombstone version so an older write cannot bring the row back, and the
 * transaction's entry in the local commit log, written in the same SQLite transaction as
 * its rows, makes applying it twice a no-op.
 *
 * Hidden tables (in every user database file, never shown to clients):
 *   __marmot_row_version(key, wall, logical, node, deleted)   one row per row key ever written
 *   __marmot_commit_log(seq, txn_id, wall, logical, node, origin, payload, committed_at)
 *   __marmot_schema_version(id = 1, version)                  replicated DDL applied here
 *   __marmot_pull_cursor(peer, seq)   how far this file has pulled each peer's commit log
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Hlc } from "../types/hlc.ts";
import type { RowChange } from "../types/row_change.ts";
import type { SqlValue } from "../types/values.ts";
import { ident, readShape, type TableShape } from "./change_capture.ts";
import { type CommittedTxn, encodeTxn } from "./committed_txn.ts";
import type { Connection } from "./connection.ts";

/** Creates the hidden tables a replicated database needs (idempotent). */
export function ensureReplicationTables(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS __marmot_row_version (
      key TEXT PRIMARY KEY, wall INTEGER NOT NULL, logical INTEGER NOT NULL,
      node INTEGER NOT NULL, deleted INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS __marmot_commit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, txn_id TEXT NOT NULL UNIQUE,
      wall INTEGER NOT NULL, logical INTEGER NOT NULL, node INTEGER NOT NULL,
      origin INTEGER NOT NULL, payload BLOB NOT NULL, committed_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS __marmot_schema_version (
      id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS __marmot_pull_cursor (
      peer INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
    INSERT OR IGNORE INTO __marmot_schema_version VALUES (1, 0);
  `);
}

/**
 * The version each row key holds in the file as `conn` sees it (null: never written there),
 * in the order of `keys`. The coordinator reads them inside the transaction its statements
 * ran in; participants compare them with their own (see replication's PREPARE).
 */
export function rowVersions(conn: Connection, keys: readonly string[]): Array<Hlc | null> {
  const stmt = conn.statement(
    "SELECT wall, logical, node FROM __marmot_row_version WHERE key = ?",
  ).stmt;
  return keys.map((key) => {
    // Cached statements return rows as arrays.
    const row = stmt.get(key) as unknown as [number, number, number] | undefined;
    return row === undefined
      ? null
      : { wall: Number(row[0]), logical: Number(row[1]), node: Number(row[2]) };
  });
}

/** Runs one replicated schema statement on the write connection (the DDL executor). */
export type DdlRunner = (db: DatabaseSync, sql: string, database: string) => void;

/** What happened to one transaction. */
export type ApplyOutcome = "applied" | "duplicate";

/** Rows a large transaction applies between two pauses (see `applySliced`): ~30 ms of work. */
export const APPLY_SLICE_ROWS = 2000;

/** The applier of one database's write connection. The caller holds the write lock and has
 * a transaction open; `apply` uses a savepoint so one failing transaction undoes only itself. */
export class VersionedApplier {
  #db: DatabaseSync;
  #runDdl: (db: DatabaseSync, sql: string) => void;
  #onSchemaChange: () => void;
  #shapes = new Map<string, TableShape>();
  #statements = new Map<string, StatementSync>();
  /** Per upsert statement whose image names columns the table no longer has: the positions
   * of the image's columns it still has (see `_keptColumns`). */
  #kept = new Map<string, number[]>();
  #seen: StatementSync;
  #log: StatementSync;
  #logOnce: StatementSync;
  #savepoint: StatementSync;
  #release: StatementSync;
  #claimVersion: StatementSync;
  #writeVersion: StatementSync;
  #bumpSchema: StatementSync;
  #readSchema: StatementSync;
  #schemaVersion: number;
  /** The transaction `applySliced` is applying, between its pauses. */
  #inFlight: string | null = null;

  constructor(
    db: DatabaseSync,
    hooks: { runDdl: (db: DatabaseSync, sql: string) => void; onSchemaChange: () => void },
  ) {
    this.#db = db;
    this.#runDdl = hooks.runDdl;
    this.#onSchemaChange = hooks.onSchemaChange;
    ensureReplicationTables(db);
    this.#seen = db.prepare("SELECT 1 FROM __marmot_commit_log WHERE txn_id = ?");
    const log = "INTO __marmot_commit_log " +
      "(txn_id, wall, logical, node, origin, payload, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    this.#log = db.prepare(`INSERT ${log}`);
    // Changes nothing for a transaction already logged here (txn_id is unique).
    this.#logOnce = db.prepare(`INSERT OR IGNORE ${log}`);
    this.#savepoint = db.prepare('SAVEPOINT "__marmot_apply"');
    this.#release = db.prepare('RELEASE "__marmot_apply"');
    // Changes nothing when the stored version is newer than the one offered (HLC order:
    // wall, logical, node); an equal one wins, so applying the same change again is a no-op.
    this.#claimVersion = db.prepare(
      "INSERT INTO __marmot_row_version (key, wall, logical, node, deleted) " +
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET wall = excluded.wall, " +
        "logical = excluded.logical, node = excluded.node, deleted = excluded.deleted " +
        "WHERE (excluded.wall, excluded.logical, excluded.node) >= " +
        "(__marmot_row_version.wall, __marmot_row_version.logical, __marmot_row_version.node)",
    );
    this.#writeVersion = db.prepare(
      "INSERT OR REPLACE INTO __marmot_row_version (key, wall, logical, node, deleted) " +
        "VALUES (?, ?, ?, ?, ?)",
    );
    this.#bumpSchema = db.prepare(
      "UPDATE __marmot_schema_version SET version = version + 1 WHERE id = 1",
    );
    this.#readSchema = db.prepare("SELECT version FROM __marmot_schema_version WHERE id = 1");
    this.#schemaVersion = this.#readSchemaVersion();
  }

  /** How many replicated schema changes this file has applied. */
  get schemaVersion(): number {
    return this.#schemaVersion;
  }

  /** True when the transaction is already in this database. */
  hasApplied(txnId: string): boolean {
    return txnId !== this.#inFlight && this.#seen.get(txnId) !== undefined;
  }

  /** Applies a committed transaction inside the caller's open transaction. */
  apply(txn: CommittedTxn): ApplyOutcome {
    this.#savepoint.run();
    try {
      const outcome = this.#applyHere(txn);
      this.#release.run();
      return outcome;
    } catch (err) {
      this.#undo();
      if (txn.ddl.length > 0) this.#afterSchemaChange();
      throw err;
    }
  }

  /**
   * Applies several committed transactions inside the caller's open transaction; one that
   * fails undoes only itself. Without DDL they share one savepoint, and only when one fails
   * are they undone and applied again one savepoint each: a savepoint per transaction was two
   * more statements per transaction on every node.
   */
  applyAll(txns: readonly CommittedTxn[]): Array<ApplyOutcome | { error: unknown }> {
    if (txns.every((txn) => txn.ddl.length === 0)) {
      this.#savepoint.run();
      try {
        const outcomes = txns.map((txn) => this.#applyHere(txn));
        this.#release.run();
        return outcomes;
      } catch {
        this.#undo();
      }
    }
    return txns.map((txn) => {
      try {
        return this.apply(txn);
      } catch (error) {
        return { error };
      }
    });
  }

  /**
   * Applies one large transaction like `apply`, awaiting `pause()` after every
   * `APPLY_SLICE_ROWS` rows while the caller keeps the write lock and its transaction open: a
   * 200 MB transaction applied in one go stopped the node's event loop for seconds, so its
   * gossip and gRPC keepalives went unanswered and peers dropped its streams mid-COMMIT.
   */
  async applySliced(txn: CommittedTxn, pause: () => Promise<void>): Promise<ApplyOutcome> {
    this.#savepoint.run();
    // Its log entry is visible on this connection before it commits: not applied yet.
    this.#inFlight = txn.txnId;
    try {
      const steps = this.#steps(txn);
      let step = steps.next();
      for (; !step.done; step = steps.next()) await pause();
      this.#release.run();
      return step.value;
    } catch (err) {
      // The file may have been closed during a pause (DROP DATABASE, a snapshot install).
      if (this.#db.isOpen) {
        this.#undo();
        if (txn.ddl.length > 0) this.#afterSchemaChange();
      }
      throw err;
    } finally {
      this.#inFlight = null;
    }
  }

  #applyHere(txn: CommittedTxn): ApplyOutcome {
    const steps = this.#steps(txn);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /** Applies `txn`, yielding after every `APPLY_SLICE_ROWS` rows. */
  *#steps(txn: CommittedTxn): Generator<void, ApplyOutcome> {
    // Logged first: the insert that finds the transaction logged already is the exactly-once
    // check, without a lookup of its own.
    if (!this.#record(txn, this.#logOnce)) return "duplicate";
    this.#applyDdl(txn);
    // Every removal first: a key one row leaves and another takes in the same transaction
    // (swapped or shifted keys) must not be deleted after the new row was written to it.
    let done = 0;
    for (const change of txn.rows) {
      this.#applyRemoval(change, txn.commitTs);
      if (++done % APPLY_SLICE_ROWS === 0) yield;
    }
    for (const change of txn.rows) {
      this.#applyWrite(change, txn.commitTs);
      if (++done % APPLY_SLICE_ROWS === 0) yield;
    }
    return "applied";
  }

  #undo(): void {
    this.#db.exec('ROLLBACK TO "__marmot_apply"');
    this.#db.exec('RELEASE "__marmot_apply"');
  }

  /**
   * Records a transaction whose rows (and DDL) the open transaction already holds: the
   * coordinator ran it here and commits it in place. Stamps versions and logs it.
   */
  recordInPlace(txn: CommittedTxn): void {
    if (txn.ddl.length > 0) {
      this.#bumpSchema.run();
      this.#afterSchemaChange();
    }
    const ts = txn.commitTs;
    for (const change of txn.rows) {
      if (change.oldKey !== undefined) this.#stampKey(change.oldKey, ts, true);
      if (change.op === "delete") this.#stampKey(change.key, ts, true);
    }
    for (const change of txn.rows) {
      if (change.op !== "delete") this.#stampKey(change.key, ts, false);
    }
    this.#record(txn, this.#log);
  }

  #applyDdl(txn: CommittedTxn): void {
    if (txn.ddl.length === 0) return;
    for (const d of txn.ddl) {
      this.#runDdl(this.#db, d.sql);
      this.#bumpSchema.run();
    }
    this.#afterSchemaChange();
  }

  #afterSchemaChange(): void {
    this.#schemaVersion = this.#readSchemaVersion();
    this.#onSchemaChange();
  }

  /** Drops statements and table shapes prepared for the schema before a DDL (made here or
   * on another connection of the file) and reads the schema version again. */
  forgetSchema(): void {
    this.#shapes.clear();
    this.#statements.clear();
    this.#kept.clear();
    this.#schemaVersion = this.#readSchemaVersion();
  }

  #readSchemaVersion(): number {
    const row = this.#readSchema.get() as { version: number | bigint } | undefined;
    return Number(row?.version ?? 0);
  }

  /** Logs `txn` with `insert`; false when that changed nothing. */
  #record(txn: CommittedTxn, insert: StatementSync): boolean {
    const ts = txn.commitTs;
    const { changes } = insert.run(
      txn.txnId,
      ts.wall,
      ts.logical,
      ts.node,
      txn.origin,
      encodeTxn(txn),
      Date.now(),
    );
    return Number(changes) > 0;
  }

  /** Stamps without comparing (the in-place commit holds the rows' intents). */
  #stampKey(key: string, ts: Hlc, deleted: boolean): void {
    this.#writeVersion.run(key, ts.wall, ts.logical, ts.node, deleted ? 1 : 0);
  }

  /** Takes `key` for version `ts` unless a newer version holds it. */
  #win(key: string, ts: Hlc, deleted: boolean): boolean {
    const { changes } = this.#claimVersion.run(key, ts.wall, ts.logical, ts.node, deleted ? 1 : 0);
    return Number(changes) > 0;
  }

  /** A delete, or the old identity of a row whose key changed. */
  #applyRemoval(change: RowChange, ts: Hlc): void {
    const key = change.op === "delete" ? change.key : change.oldKey;
    if (key === undefined) return;
    const shape = this.#shape(change.table);
    if (this.#win(key, ts, true)) this.#delete(shape, change, change.before!);
  }

  /** The after image of an insert or update. */
  #applyWrite(change: RowChange, ts: Hlc): void {
    if (change.op === "delete") return;
    const shape = this.#shape(change.table);
    if (this.#win(change.key, ts, false)) this.#upsert(shape, change);
  }

  #upsert(shape: TableShape, change: RowChange): void {
    const columns = change.columns;
    const withRowid = shape.key.length === 0;
    const sig = `u\u0000${shape.name}\u0000${withRowid}\u0000${columns.join("\u0000")}`;
    let stmt = this.#statements.get(sig);
    if (stmt === undefined) {
      const kept = _keptColumns(shape, columns);
      if (kept !== null) this.#kept.set(sig, kept);
      const names = [
        ...(withRowid ? ["rowid"] : []),
        ...(kept ?? columns.keys()).map((i) => ident(columns[i]!)),
      ];
      stmt = this.#db.prepare(
        `INSERT OR REPLACE INTO main.${ident(shape.name)} (${names.join(", ")}) ` +
          `VALUES (${names.map(() => "?").join(", ")})`,
      );
      this.#statements.set(sig, stmt);
    }
    const kept = this.#kept.get(sig);
    const values = kept === undefined ? change.after! : kept.map((i) => change.after![i]!);
    if (withRowid) stmt.run(change.rowid!, ...values);
    else stmt.run(...values);
  }

  #delete(shape: TableShape, change: RowChange, before: SqlValue[]): void {
    const withRowid = shape.key.length === 0;
    const keyColumns = withRowid ? [] : shape.key.map((i) => shape.columns[i]!);
    const sig = `d\u0000${shape.name}\u0000${keyColumns.join("\u0000")}`;
    let stmt = this.#statements.get(sig);
    if (stmt === undefined) {
      const where = withRowid
        ? "rowid = ?"
        : keyColumns.map((c) => `${ident(c)} IS ?`).join(" AND ");
      stmt = this.#db.prepare(`DELETE FROM main.${ident(shape.name)} WHERE ${where}`);
      this.#statements.set(sig, stmt);
    }
    if (withRowid) {
      stmt.run(change.rowid!);
    } else {
      stmt.run(...keyColumns.map((c) => before[change.columns.indexOf(c)] ?? null));
    }
  }

  #shape(table: string): TableShape {
    let shape = this.#shapes.get(table);
    if (shape === undefined) {
      const read = readShape(this.#db, table);
      if (read === null) throw new Error(`Table '${table}' doesn't exist`);
      shape = read;
      this.#shapes.set(table, shape);
    }
    return shape;
  }
}

/**
 * Positions in `columns` (a row image's) of the columns `shape` still has, or null to write
 * the image as it is. Two-phase commit orders row writes after the DDL of their table
 * (replication/intents.ts), but an image captured before a DDL that dropped a column can
 * still reach a node after it: pulled from a peer's log by a node that was down, or committed
 * under ONE, whose coordinator decides before the peers' refusals arrive. Such a node cannot
 * write that column: the row is written without it, as the nodes that applied the row first
 * hold it once their DDL has dropped the column. Only when the table has no column the image
 * lacks: after a RENAME COLUMN the value would be lost, so that image still fails to apply.
 */
function _keptColumns(shape: TableShape, columns: readonly string[]): number[] | null {
  const image = new Set(columns.map((c) => c.toLowerCase()));
  const present = new Set(shape.columns.map((c) => c.toLowerCase()));
  if ([...present].some((c) => !image.has(c))) return null;
  const kept = [...columns.keys()].filter((i) => present.has(columns[i]!.toLowerCase()));
  return kept.length === columns.length ? null : kept;
}
