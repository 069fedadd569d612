/** One SQLite connection of a database, with its statement cache. */
import type { DatabaseSync } from "node:sqlite";
import { type CachedStatement, StatementCache } from "./statement_cache.ts";

/** Source of the database's schema version, bumped by every DDL. */
export interface SchemaVersionSource {
  readonly version: number;
}

const STATEMENT_CACHE_SIZE = 512;

/** A connection plus the prepared statements cached on it. */
export class Connection {
  readonly db: DatabaseSync;
  #cache: StatementCache;
  #schema: SchemaVersionSource;
  #seenVersion: number;

  constructor(db: DatabaseSync, schema: SchemaVersionSource) {
    this.db = db;
    this.#cache = new StatementCache(db, STATEMENT_CACHE_SIZE);
    this.#schema = schema;
    this.#seenVersion = schema.version;
  }

  /** A prepared statement for `sql`; cached column lists are dropped after a schema change. */
  statement(sql: string): CachedStatement {
    if (this.#seenVersion !== this.#schema.version) {
      this.#cache.clear();
      this.#seenVersion = this.#schema.version;
    }
    return this.#cache.get(sql);
  }

  /** True while a transaction is open on this connection. */
  get inTransaction(): boolean {
    return this.db.isTransaction;
  }

  close(): void {
    this.#cache.clear();
    if (this.db.isOpen) this.db.close();
  }
}
