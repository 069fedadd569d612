/**
 * One user database: a SQLite file with a write connection (used by one session at a time,
 * under `lock`), a shared reader for autocommit reads, and a small pool of snapshot
 * connections for read-only explicit transactions (REPEATABLE READ needs a held snapshot).
 */
import { Connection, type SchemaVersionSource } from "./connection.ts";
import { type ConnectionOptions, openConnection } from "./sqlite_connection.ts";
import { WriteLock, type WriteLockOptions } from "./write_lock.ts";

export interface DatabaseOptions {
  connection: ConnectionOptions;
  lock: WriteLockOptions;
  /** Idle snapshot connections kept open for reuse. */
  idleSnapshots?: number;
}

/** An open user database. */
export class Database implements SchemaVersionSource {
  readonly name: string;
  readonly path: string;
  readonly lock: WriteLock;
  readonly writer: Connection;
  readonly reader: Connection;
  #schemaVersion = 0;
  #integerKeys = new Map<string, boolean>();
  #options: DatabaseOptions;
  #idle: Connection[] = [];
  #open = new Set<Connection>();

  constructor(name: string, path: string, options: DatabaseOptions) {
    this.name = name;
    this.path = path;
    this.#options = options;
    this.lock = new WriteLock(options.lock);
    this.writer = new Connection(openConnection(path, options.connection), this);
    this.reader = new Connection(openConnection(path, options.connection), this);
  }

  get schemaVersion(): number {
    return this.#schemaVersion;
  }

  /** Called after DDL so every connection drops cached statements and column lists. */
  schemaChanged(): void {
    this.#schemaVersion++;
    this.#integerKeys.clear();
  }

  /** True when `table`'s primary key is an INTEGER rowid alias, i.e. generated on insert
   * (how AUTO_INCREMENT columns are stored). */
  hasIntegerKey(table: string): boolean {
    let known = this.#integerKeys.get(table);
    if (known === undefined) {
      const rows = this.writer.db.prepare("SELECT type FROM pragma_table_info(?) WHERE pk > 0")
        .all(table) as Array<{ type: string }>;
      known = rows.length === 1 && rows[0]!.type.toUpperCase() === "INTEGER";
      if (this.#integerKeys.size > 10_000) this.#integerKeys.clear();
      this.#integerKeys.set(table, known);
    }
    return known;
  }

  /** A connection for a read-only transaction; give it back with `releaseSnapshot`. */
  takeSnapshot(): Connection {
    const conn = this.#idle.pop() ??
      new Connection(openConnection(this.path, this.#options.connection), this);
    this.#open.add(conn);
    return conn;
  }

  /** Returns a snapshot connection (its transaction must be finished). */
  releaseSnapshot(conn: Connection): void {
    this.#open.delete(conn);
    if (conn.inTransaction) conn.db.exec("ROLLBACK");
    if (this.#idle.length < (this.#options.idleSnapshots ?? 4)) this.#idle.push(conn);
    else conn.close();
  }

  /** Closes every connection (pending transactions are rolled back by SQLite). */
  close(): void {
    for (const c of [...this.#idle, ...this.#open]) c.close();
    this.#idle = [];
    this.#open.clear();
    this.reader.close();
    if (this.writer.db.isOpen && this.writer.inTransaction) this.writer.db.exec("ROLLBACK");
    this.writer.close();
  }
}
