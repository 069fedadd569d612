/**
 * Per-table checksums of this node's databases, computed from one read snapshot per
 * database and cached until the database's commit log moves, so a scrape of an idle node
 * costs one small query per database.
 */
import {
  commitSeq,
  type DatabaseSource,
  type SnapshotSource,
  withSnapshot,
} from "./database_source.ts";
import {
  checksumTable,
  type ChecksumTableOptions,
  type TableChecksum,
  userTables,
} from "./table_checksum.ts";

/** One database's tables as of one commit. */
export interface DatabaseChecksum {
  name: string;
  /** The commit-log sequence number the checksums were read at. */
  commit_seq: number;
  tables: TableChecksum[];
}

/** Computes and caches per-table checksums. */
export class DatabaseChecksums {
  readonly #source: DatabaseSource;
  readonly #options: ChecksumTableOptions;
  /** Keyed by the open database, so a database dropped and created again starts afresh. */
  readonly #cache = new WeakMap<SnapshotSource, DatabaseChecksum>();
  readonly #running = new WeakMap<SnapshotSource, Promise<DatabaseChecksum>>();

  constructor(source: DatabaseSource, options: ChecksumTableOptions = {}) {
    this.#source = source;
    this.#options = options;
  }

  /**
   * Checksums of every user table of database `name`, as of now.
   * @throws {Error} (MySQL 1049) when the database does not exist
   */
  async of(name: string): Promise<DatabaseChecksum> {
    const db = this.#source.get(name);
    try {
      return await this.#compute(name, db);
    } catch (error) {
      // A snapshot installed meanwhile closed the old file under the scan: read the new one.
      const now = this.#source.names().includes(name) ? this.#source.get(name) : db;
      if (now === db) throw error;
      return await this.#compute(name, now);
    }
  }

  async #compute(name: string, db: SnapshotSource): Promise<DatabaseChecksum> {
    // One computation per database at a time; a caller that arrives during one waits for
    // it, then checks again, so it never gets a result older than its own request.
    for (let running = this.#running.get(db); running; running = this.#running.get(db)) {
      await running.catch(() => {});
    }
    const run = withSnapshot(db, async (sqlite) => {
      const seq = commitSeq(sqlite);
      const cached = this.#cache.get(db);
      if (cached?.commit_seq === seq) return cached;
      const tables: TableChecksum[] = [];
      for (const table of userTables(sqlite)) {
        tables.push(await checksumTable(sqlite, table, this.#options));
      }
      const result = { name, commit_seq: seq, tables };
      this.#cache.set(db, result);
      return result;
    });
    this.#running.set(db, run);
    try {
      return await run;
    } finally {
      if (this.#running.get(db) === run) this.#running.delete(db);
    }
  }

  /** Checksums of every database, by name; one dropped meanwhile is left out. */
  async all(): Promise<DatabaseChecksum[]> {
    const out: DatabaseChecksum[] = [];
    for (const name of this.#source.names()) {
      try {
        out.push(await this.of(name));
      } catch (error) {
        if (this.#source.names().includes(name)) throw error;
      }
    }
    return out;
  }
}
