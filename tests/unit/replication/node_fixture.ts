/**
 * A node's database for unit tests of capture and apply: a real SQLite connection set up as
 * a node's write connection is (every MySQL function registered, as main.ts does; tables made
 * by the DDL executor, so our coercion and ON UPDATE CURRENT_TIMESTAMP triggers exist), with
 * change capture and a versioned applier on it.
 */
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../src/sql/ddl/mod.ts";
import { registerMysqlFunctions } from "../../../src/sql/functions/mod.ts";
import { ChangeCapture } from "../../../src/storage/change_capture.ts";
import type { CommittedTxn } from "../../../src/storage/committed_txn.ts";
import { returnArrays } from "../../../src/storage/statement_cache.ts";
import { type ApplyOutcome, VersionedApplier } from "../../../src/storage/versioned_apply.ts";
import type { Hlc } from "../../../src/types/hlc.ts";
import type { DdlChange, RowChange } from "../../../src/types/row_change.ts";
import type { SqlValue } from "../../../src/types/values.ts";

export const DATABASE = "shop";

/** One node's copy of a database. */
export class TestNode {
  readonly db: DatabaseSync;
  readonly capture: ChangeCapture;
  readonly applier: VersionedApplier;
  /** How often the applier reported a schema change. */
  schemaChanges = 0;
  /** Cluster-wide rowids handed to new rows of tables without a primary key. */
  nextRowid: bigint;
  #version = 0;

  constructor(path = ":memory:", options: { firstRowid?: bigint } = {}) {
    this.db = new DatabaseSync(path);
    if (path !== ":memory:") this.db.exec("PRAGMA journal_mode = WAL");
    registerMysqlFunctions(this.db);
    this.capture = new ChangeCapture(this.db);
    this.applier = new VersionedApplier(this.db, {
      runDdl: (db, sql) => void executeDdl(sql, { database: DATABASE, db }),
      onSchemaChange: () => {
        this.schemaChanges++;
        this.applier.forgetSchema();
        this.capture.install(++this.#version);
      },
    });
    this.capture.install(++this.#version);
    this.nextRowid = options.firstRowid ?? 1_000_000n;
  }

  /** Runs MySQL DDL here only (outside replication) and re-installs capture. */
  ddl(...statements: string[]): this {
    for (const sql of statements) executeDdl(sql, { database: DATABASE, db: this.db });
    this.capture.install(++this.#version);
    return this;
  }

  begin(): void {
    this.db.exec("BEGIN IMMEDIATE");
    this.capture.start();
  }

  /** Ends the transaction begun with `begin`: its changes, committed in place. */
  commit(): RowChange[] {
    const changes = this.capture.take(() => this.nextRowid++);
    this.capture.rekeyInPlace();
    this.db.exec("COMMIT");
    return changes;
  }

  /** Runs `sql` (SQLite SQL as the translator emits it) in one transaction; its changes. */
  write(sql: string): RowChange[] {
    this.begin();
    try {
      this.db.exec(sql);
    } catch (err) {
      this.capture.discard();
      this.db.exec("ROLLBACK");
      throw err;
    }
    return this.commit();
  }

  /** Runs `sql` and rolls it back, as a coordinator does before two-phase commit; its changes. */
  writeAndRollBack(sql: string): RowChange[] {
    this.begin();
    try {
      this.db.exec(sql);
      return this.capture.take(() => this.nextRowid++);
    } finally {
      this.capture.discard();
      this.db.exec("ROLLBACK");
    }
  }

  /** Applies committed transactions in one SQLite transaction, as a batch of the queue. */
  apply(...txns: CommittedTxn[]): ApplyOutcome[] {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const outcomes = txns.map((t) => this.applier.apply(t));
      this.db.exec("COMMIT");
      return outcomes;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  rows(sql: string, ...params: SqlValue[]): SqlValue[][] {
    const stmt = this.db.prepare(sql);
    returnArrays(stmt);
    stmt.setReadBigInts(true);
    return stmt.all(...params) as unknown as SqlValue[][];
  }

  /** Every user table's rows, rowid first, in rowid order (what two nodes must agree on). */
  dump(): Record<string, SqlValue[][]> {
    const out: Record<string, SqlValue[][]> = {};
    const tables = this.rows(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' " +
        "AND name NOT LIKE '\\_\\_marmot%' ESCAPE '\\' ORDER BY name",
    );
    for (const [name] of tables) {
      const columns = this.rows("SELECT pk FROM pragma_table_info(?)", name!);
      // Rows of tables with a primary key may sit at other rowids on other nodes.
      const keyed = columns.some(([pk]) => pk !== 0n);
      const order = keyed ? columns.map((_, i) => i + 2).join(", ") : "1";
      out[name as string] = this.rows(
        `SELECT ${keyed ? "NULL" : "rowid"}, * FROM "${name}" ORDER BY ${order}`,
      );
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}

let seq = 0;

/** A committed transaction with a fresh id. */
export function committed(
  commitTs: Hlc,
  rows: RowChange[],
  options: { ddl?: DdlChange[]; txnId?: string } = {},
): CommittedTxn {
  return {
    txnId: options.txnId ?? `t${++seq}`,
    commitTs,
    origin: commitTs.node,
    ddl: options.ddl ?? [],
    rows,
  };
}

/** A timestamp: wall milliseconds, logical counter, node. */
export function ts(wall: number, logical = 0, node = 1): Hlc {
  return { wall, logical, node };
}
