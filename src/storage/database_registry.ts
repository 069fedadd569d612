/**
 * The set of user databases on this node. Layout (reference §9):
 *   data_dir/__marmot_system.db       registry of databases (and later cluster metadata)
 *   data_dir/databases/<name>.db      one SQLite file per database, WAL mode
 * The default database `marmot` always exists. `.db` files dropped into databases/ are
 * adopted at start-up.
 */
import type { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { ER, MysqlError } from "../types/errors.ts";
import { Database, type DatabaseOptions } from "./database.ts";
import { openConnection } from "./sqlite_connection.ts";

export const DEFAULT_DATABASE = "marmot";
export const SYSTEM_DATABASE_FILE = "__marmot_system.db";
/** Names MySQL reserves; they are served by the catalog, never stored. */
export const RESERVED_DATABASES = new Set([
  "information_schema",
  "mysql",
  "performance_schema",
  "sys",
]);

const VALID_NAME = /^[A-Za-z0-9_$][A-Za-z0-9_$\-]{0,63}$/;

/** Creates, opens, lists and drops user databases. */
export class DatabaseRegistry {
  readonly dataDir: string;
  #system: DatabaseSync;
  #options: DatabaseOptions;
  #open = new Map<string, Database>();
  #names = new Set<string>();

  constructor(dataDir: string, options: DatabaseOptions) {
    this.dataDir = dataDir;
    this.#options = options;
    Deno.mkdirSync(join(dataDir, "databases"), { recursive: true });
    this.#system = openConnection(join(dataDir, SYSTEM_DATABASE_FILE));
    this.#system.exec(`CREATE TABLE IF NOT EXISTS __marmot_databases (
      name TEXT PRIMARY KEY,
      created_at TEXT NOT NULL DEFAULT (datetime('now')),
      dropped INTEGER NOT NULL DEFAULT 0)`);
    // Every CREATE and DROP of a name gets a higher generation (replicated with it), so a
    // late message about an older one is ignored: a dropped database never comes back.
    const columns = this.#system.prepare("SELECT name FROM pragma_table_info('__marmot_databases')")
      .all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === "generation")) {
      this.#system.exec(
        "ALTER TABLE __marmot_databases ADD COLUMN generation INTEGER NOT NULL DEFAULT 0",
      );
    }
    const rows = this.#system.prepare("SELECT name FROM __marmot_databases WHERE dropped = 0")
      .all() as Array<{ name: string }>;
    for (const r of rows) this.#names.add(r.name);
    this.#adoptFiles();
    if (!this.#names.has(DEFAULT_DATABASE)) this.create(DEFAULT_DATABASE);
  }

  /** User database names, sorted. */
  names(): string[] {
    return [...this.#names].sort();
  }

  has(name: string): boolean {
    return this.#names.has(name);
  }

  /** The open database; throws 1049 if it does not exist. */
  get(name: string): Database {
    const open = this.#open.get(name);
    if (open !== undefined) return open;
    if (!this.#names.has(name)) throw unknownDatabase(name);
    const db = new Database(name, this.pathOf(name), this.#options);
    this.#open.set(name, db);
    return db;
  }

  /** Every name ever created here with its latest generation, dropped ones included (what
   * peers compare to learn CREATE / DROP DATABASE they missed). */
  entries(): Array<{ name: string; generation: number; dropped: boolean }> {
    const rows = this.#system.prepare(
      "SELECT name, generation, dropped FROM __marmot_databases ORDER BY name",
    ).all() as Array<{ name: string; generation: number | bigint; dropped: number | bigint }>;
    return rows.map((r) => ({
      name: r.name,
      generation: Number(r.generation),
      dropped: Number(r.dropped) === 1,
    }));
  }

  /** The generation of the last CREATE or DROP of `name` here (0: never). */
  generation(name: string): number {
    const row = this.#system.prepare("SELECT generation FROM __marmot_databases WHERE name = ?")
      .get(name) as { generation: number | bigint } | undefined;
    return Number(row?.generation ?? 0);
  }

  /**
   * Creates a database; returns false if it existed or `generation` is not newer than the
   * last CREATE/DROP of the name here. Throws 1102 for a bad name.
   */
  create(name: string, generation = this.generation(name) + 1): boolean {
    validateName(name);
    if (this.#names.has(name) || generation <= this.generation(name)) return false;
    openConnection(this.pathOf(name)).close();
    this.#system.prepare(
      "INSERT INTO __marmot_databases (name, dropped, generation) VALUES (?, 0, ?) " +
        "ON CONFLICT(name) DO UPDATE SET dropped = 0, created_at = datetime('now'), " +
        "generation = excluded.generation",
    ).run(name, generation);
    this.#names.add(name);
    return true;
  }

  /**
   * A CREATE of `name` at `generation` decided elsewhere (a peer's registry, a replicated
   * CREATE DATABASE). A copy here of an older generation was dropped by the cluster in between
   * without this node seeing it: it is deleted and the name created afresh. Returns false when
   * `generation` is not newer than the last CREATE/DROP of the name here.
   */
  applyCreate(name: string, generation: number): boolean {
    if (generation <= this.generation(name)) return false;
    if (this.#names.has(name)) this.#deleteFiles(name);
    return this.create(name, generation);
  }

  /** Drops a database and deletes its files; returns false if it did not exist or
   * `generation` is not newer than the last CREATE/DROP of the name here. */
  drop(name: string, generation = this.generation(name) + 1): boolean {
    if (!this.#names.has(name) || generation <= this.generation(name)) return false;
    this.#system.prepare("UPDATE __marmot_databases SET dropped = 1, generation = ? WHERE name = ?")
      .run(generation, name);
    this.#deleteFiles(name);
    return true;
  }

  /** Closes database `name` and deletes its files; it is no longer listed. */
  #deleteFiles(name: string): void {
    this.#open.get(name)?.close();
    this.#open.delete(name);
    this.#names.delete(name);
    for (const suffix of ["", "-wal", "-shm"]) {
      try {
        Deno.removeSync(this.pathOf(name) + suffix);
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
  }

  /**
   * Replaces database `name`'s file (snapshot install): waits for its write lock, closes its
   * connections, and runs `swap` with the file's path, which must leave either the old or a
   * complete new file there. The next `get` opens what is there; a holder of the old
   * `Database` gets errors from its closed connections.
   */
  async replaceFile(name: string, swap: (path: string) => Promise<void> | void): Promise<void> {
    const db = this.get(name);
    const owner = {};
    const wait = db.lock.acquire(owner);
    if (wait !== undefined) await wait;
    try {
      await db.close(); // a checkpoint running in the worker would make the file busy
      // The closed one stays registered while `swap` runs: nothing can reopen the file then.
      await swap(this.pathOf(name));
    } finally {
      if (this.#open.get(name) === db) this.#open.delete(name);
      db.lock.release(owner);
    }
  }

  /** Opens a file as database `name` outside the registry (a snapshot being prepared for
   * install), with the registry's options; the caller closes it. Its checkpoint rounds run on
   * the event loop: the caller checkpoints the file itself when done, which a checkpoint
   * running in a worker would make fail as busy. */
  openDetached(name: string, path: string): Database {
    return new Database(name, path, {
      ...this.#options,
      checkpoint: { ...this.#options.checkpoint, worker: false },
    });
  }

  /** Path of a database's SQLite file. */
  pathOf(name: string): string {
    return join(this.dataDir, "databases", `${name}.db`);
  }

  /** Closes every database and the system database. */
  close(): void {
    for (const db of this.#open.values()) db.close();
    this.#open.clear();
    if (this.#system.isOpen) this.#system.close();
  }

  #adoptFiles(): void {
    for (const entry of Deno.readDirSync(join(this.dataDir, "databases"))) {
      if (!entry.isFile || !entry.name.endsWith(".db")) continue;
      const name = entry.name.slice(0, -3);
      if (this.#names.has(name) || !VALID_NAME.test(name)) continue;
      this.#system.prepare(
        "INSERT INTO __marmot_databases (name, dropped) VALUES (?, 0) " +
          "ON CONFLICT(name) DO UPDATE SET dropped = 0",
      ).run(name);
      this.#names.add(name);
    }
  }
}

/** Throws 1102 for a name that cannot be a database (checked before a CREATE replicates). */
export function validateName(name: string): void {
  if (!VALID_NAME.test(name) || RESERVED_DATABASES.has(name.toLowerCase())) {
    throw new MysqlError(ER.WRONG_DB_NAME, `Incorrect database name '${name}'`);
  }
}

/** MySQL's error for a database that does not exist. */
export function unknownDatabase(name: string): MysqlError {
  return new MysqlError(ER.BAD_DB, `Unknown database '${name}'`);
}
