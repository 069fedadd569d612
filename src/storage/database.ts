/**
 * One user database: a SQLite file with a write connection (used by one session at a time,
 * under `lock`), an apply connection (committed transactions from any node, under the same
 * lock), a shared reader for autocommit reads, and a small pool of snapshot connections for
 * read-only explicit transactions (REPEATABLE READ needs a held snapshot).
 *
 * Applies get their own connection because they need what client writes must not have:
 * foreign keys off (row images go in as the origin left them: a child row may come before its
 * parent, and INSERT OR REPLACE of a parent must not cascade) and no change capture. Switching
 * a pragma on one shared connection would expire every prepared statement on it each time.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SchemaFacts } from "../types/schema_facts.ts";
import type { CommittedTxn } from "./committed_txn.ts";
import { ApplyQueue } from "./apply_queue.ts";
import { type CaptureLog, ChangeCapture } from "./change_capture.ts";
import { Connection, type SchemaVersionSource } from "./connection.ts";
import { type ConnectionOptions, openConnection } from "./sqlite_connection.ts";
import { readTableFacts, type TableFacts } from "./table_facts.ts";
import { WalCheckpointer, type WalCheckpointerOptions } from "./wal_checkpointer.ts";
import { WriteEpoch } from "./write_epoch.ts";
import { WriteLock, type WriteLockOptions } from "./write_lock.ts";
import { type DdlRunner, VersionedApplier } from "./versioned_apply.ts";

export interface DatabaseOptions {
  connection: ConnectionOptions;
  lock: WriteLockOptions;
  /** Idle snapshot connections kept with their page cache (default 4). */
  idleSnapshots?: number;
  /** Idle snapshot connections kept at most (default 64); those past `idleSnapshots` have
   * their page cache released. */
  maxIdleSnapshots?: number;
  /** WAL checkpoint rounds (default: every 1000 writes, 100 ms pause, in a worker). */
  checkpoint?: Partial<WalCheckpointerOptions>;
  /** Runs a replicated schema statement (the MySQL DDL executor); without one, a database
   * refuses replicated DDL. */
  runDdl?: DdlRunner;
}

/** Schema versions are unique in the process, so a database reopened on another file (a
 * snapshot installed, DROP then CREATE) never matches a translation cached for the old one. */
let _lastSchemaVersion = 0;

/** An open user database. */
export class Database implements SchemaVersionSource, SchemaFacts {
  readonly name: string;
  readonly path: string;
  readonly lock: WriteLock;
  readonly writer: Connection;
  /** Where committed transactions are applied (foreign keys off, no capture triggers). */
  readonly applyConnection: Connection;
  readonly reader: Connection;
  /** Captures the row changes of writes made on `writer`. */
  readonly capture: ChangeCapture;
  /** Explicit transactions writing side by side on `writer` (holds `lock` while open). */
  readonly epoch: WriteEpoch;
  /** Applies committed transactions (from any node) to this file, on `applyConnection`. */
  readonly applier: VersionedApplier;
  /** Records transactions committed in place on `writer`. */
  #inPlace: VersionedApplier;
  /** Group commit of applied transactions. */
  readonly applyQueue: ApplyQueue;
  #schemaVersion = ++_lastSchemaVersion;
  #facts = new Map<string, TableFacts>();
  #options: DatabaseOptions;
  #idle: Connection[] = [];
  #open = new Set<Connection>();
  /** Open snapshots held for long on purpose (`pinSnapshot`). */
  #pinned = new Set<Connection>();
  #checkpointer: WalCheckpointer;

  constructor(name: string, path: string, options: DatabaseOptions) {
    this.name = name;
    this.path = path;
    this.#options = options;
    // Every write to the file happens under the lock: giving it back ends the reader's held
    // snapshot, so the next read sees whatever was committed (see Connection).
    this.lock = new WriteLock(options.lock, () => this.reader.endHeldRead());
    this.writer = new Connection(openConnection(path, options.connection), this);
    this.reader = new Connection(openConnection(path, options.connection), this, {
      holdsReads: true,
    });
    this.applyConnection = new Connection(
      openConnection(path, { ...options.connection, foreignKeys: false }),
      this,
    );
    // Like the writer's (wal_checkpointer.ts): SQLite's own checkpoint would run in every
    // COMMIT while snapshots keep the WAL from restarting; the checkpointer's rounds do it.
    this.applyConnection.db.exec("PRAGMA wal_autocheckpoint = 0");
    this.capture = new ChangeCapture(this.writer.db);
    this.applyQueue = new ApplyQueue(this, { maxPending: 10_000, maxBatch: 256 });
    this.epoch = new WriteEpoch(this.lock, {
      open: () => this.beginWrite(),
      commit: (aside, reopen) => this.#commitEpoch(aside, reopen),
      close: () => {
        this.capture.discard();
        if (this.writer.inTransaction) this.writer.db.exec("ROLLBACK");
      },
    }, this.applyQueue);
    const hooks = {
      runDdl: (db: DatabaseSync, sql: string) => {
        if (options.runDdl === undefined) throw new Error("No DDL executor for replicated DDL");
        options.runDdl(db, sql, name);
      },
      onSchemaChange: () => this.schemaChanged(),
    };
    this.applier = new VersionedApplier(this.applyConnection.db, hooks);
    this.#inPlace = new VersionedApplier(this.writer.db, hooks);
    this.#checkpointer = new WalCheckpointer(
      {
        path,
        synchronous: options.connection.synchronous ?? "normal",
        writer: this.writer,
        reader: this.reader,
        lock: this.lock,
        openSnapshots: () => this.#open.size,
        pinnedSnapshots: () => this.#pinned.size,
      },
      { everyWrites: 1000, maxPauseMs: 100, ...options.checkpoint },
    );
  }

  /** Opens the write transaction on `writer` with change capture (the caller holds `lock`). */
  beginWrite(): void {
    this.capture.install(this.version);
    this.writer.db.exec("BEGIN IMMEDIATE");
    this.capture.start();
  }

  /** The write epoch's COMMIT without the rows of `aside` (see `EpochWriter.commit`). */
  #commitEpoch(aside: CaptureLog[], reopen: boolean): void {
    const setAside = aside.map((log) => this.capture.setAside(log));
    let failure: unknown = null;
    try {
      this.writer.db.exec("COMMIT");
    } catch (err) {
      failure = err;
      if (this.writer.inTransaction) this.writer.db.exec("ROLLBACK");
    }
    // Committed while the lock stays with the epoch's other sessions.
    this.reader.endHeldRead();
    if (reopen) this.beginWrite();
    for (const rows of setAside) this.capture.restore(rows);
    if (failure !== null) throw failure;
  }

  /** Called after each write statement (keeps the WAL bounded). */
  noteWrite(): void {
    this.#checkpointer.noteWrite();
  }

  /** Called after DDL so every connection drops cached statements and column lists. */
  schemaChanged(): void {
    this.#schemaVersion = ++_lastSchemaVersion;
    this.#facts.clear();
    this.applier?.forgetSchema();
    this.#inPlace?.forgetSchema();
  }

  /**
   * Records a transaction whose rows the writer's open transaction holds (committed in place
   * here): row versions and the commit-log entry, in that transaction.
   */
  recordInPlace(txn: CommittedTxn): void {
    this.#inPlace.recordInPlace(txn);
  }

  /** Replicated schema changes applied to this file (peers compare it before DML). */
  get replicatedSchemaVersion(): number {
    return this.applier.schemaVersion;
  }

  /** Bumped by every DDL (the translator caches schema-dependent translations by it). */
  get version(): number {
    return this.#schemaVersion;
  }

  /** The AUTOINCREMENT rowid column of `table` (how AUTO_INCREMENT columns are stored: ids
   * generated on insert and tracked in sqlite_sequence), or null. */
  autoIncrementColumn(table: string): string | null {
    return this.#tableFacts(table).autoIncrement;
  }

  /** The integer width (8..64 bits) of `table`'s AUTO_INCREMENT column. */
  autoIncrementBits(table: string): number {
    return this.#tableFacts(table).autoIncrementBits;
  }

  /** True when `table` has an AUTO_INCREMENT column. */
  isAutoIncrement(table: string): boolean {
    return this.autoIncrementColumn(table) !== null;
  }

  /** The columns of `table` in order, or null for an unknown table (an INSERT without a
   * column list finds its AUTO_INCREMENT value by position). */
  columns(table: string): readonly string[] | null {
    const { columns } = this.#tableFacts(table);
    return columns.length === 0 ? null : columns;
  }

  /** `table`'s column names, lower-case, or null for an unknown table. */
  columnSet(table: string): ReadonlySet<string> | null {
    const { columnSet } = this.#tableFacts(table);
    return columnSet.size === 0 ? null : columnSet;
  }

  /** `table`'s NOT NULL columns (lower-case) with the SQL text of their defaults (null: none). */
  notNullColumns(table: string): Map<string, string | null> {
    return this.#tableFacts(table).notNull;
  }

  /** A NOT NULL column. */
  isNotNull(table: string, column: string): boolean {
    return this.notNullColumns(table).has(column.toLowerCase());
  }

  /** The default's SQL text of a NOT NULL column (what a NULL written to it becomes). */
  notNullDefault(table: string, column: string): string | null {
    return this.notNullColumns(table).get(column.toLowerCase()) ?? null;
  }

  /** A text column declared `COLLATE NOCASE` (a MySQL _ci collation). */
  isCaseInsensitiveText(table: string, column: string): boolean {
    return this.#tableFacts(table).caseInsensitive.has(column.toLowerCase());
  }

  /** `table` as stored and its primary key column if explicit transactions may write it
   * side by side (see `TableFacts.sharedKey`), else null. */
  sharedKey(table: string): { table: string; column: string } | null {
    return this.#tableFacts(table).sharedKey;
  }

  /** A JSON column. */
  isJsonColumn(table: string, column: string): boolean {
    return this.#tableFacts(table).json.has(column.toLowerCase());
  }

  /** A column's declared type, or null for an unknown column. */
  declaredType(table: string, column: string): string | null {
    return this.#tableFacts(table).declaredTypes.get(column.toLowerCase()) ?? null;
  }

  #tableFacts(table: string): TableFacts {
    let facts = this.#facts.get(table);
    if (facts === undefined) {
      facts = readTableFacts(this.writer.db, table);
      if (this.#facts.size >= 10_000) this.#facts.clear();
      this.#facts.set(table, facts);
    }
    return facts;
  }

  /** The highest id ever generated for an AUTOINCREMENT table (0 before the first). */
  sequence(table: string): number {
    const row = this.writer.statement(
      "SELECT seq FROM sqlite_sequence WHERE name = ? COLLATE NOCASE",
    ).stmt.get(table) as unknown as [bigint] | undefined;
    return row === undefined ? 0 : Number(row[0]);
  }

  /** A connection for a read-only transaction; give it back with `releaseSnapshot`. Waits
   * while a WAL checkpoint round needs a moment without snapshots. */
  async takeSnapshot(): Promise<Connection> {
    const gate = this.#checkpointer.gate();
    if (gate !== undefined) await gate;
    const conn = this.#idle.pop() ??
      new Connection(openConnection(this.path, this.#options.connection), this);
    this.#open.add(conn);
    return conn;
  }

  /**
   * Marks a snapshot connection as held for long on purpose (a snapshot export keeps the file
   * frozen with it): checkpoint rounds skip while one is, rather than stall writers waiting
   * for it to end. `releaseSnapshot` ends it.
   */
  pinSnapshot(conn: Connection): void {
    if (this.#open.has(conn)) this.#pinned.add(conn);
  }

  /** Returns a snapshot connection (its transaction must be finished). */
  releaseSnapshot(conn: Connection): void {
    this.#open.delete(conn);
    this.#pinned.delete(conn);
    if (conn.inTransaction) conn.db.exec("ROLLBACK");
    // Kept rather than closed and opened again: Deno's node:sqlite keeps alive every SQL
    // function a closed connection registered (~200 closures each), so with 8 sysbench
    // threads sharing 4 pooled snapshots the heap grew ~0.4 MB/s and never shrank.
    const idle = this.#idle.length;
    if (idle >= (this.#options.maxIdleSnapshots ?? 64)) {
      conn.close();
      return;
    }
    if (idle >= (this.#options.idleSnapshots ?? 4)) conn.db.exec("PRAGMA shrink_memory");
    this.#idle.push(conn);
  }

  /** Closes every connection (pending transactions are rolled back by SQLite); resolves once
   * the checkpoint worker has let go of the file too (after the checkpoint it may be running). */
  close(): Promise<void> {
    const checkpoints = this.#checkpointer.close();
    for (const c of [...this.#idle, ...this.#open]) c.close();
    this.#idle = [];
    this.#open.clear();
    this.#pinned.clear();
    this.reader.close();
    for (const c of [this.applyConnection, this.writer]) {
      if (c.db.isOpen && c.inTransaction) c.db.exec("ROLLBACK");
      c.close();
    }
    return checkpoints;
  }
}
