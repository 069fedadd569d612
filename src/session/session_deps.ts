/** What every session shares: storage, translator, catalog connection, server-wide state. */
import type { ProcessInfo } from "../sql/catalog/mod.ts";
import type { Translator } from "../sql/translator.ts";
import type { Connection } from "../storage/connection.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import type { SqlValue } from "../types/values.ts";
import type { Replicator } from "./replicator.ts";
import type { UserLockTable } from "./user_locks.ts";
import type { ReadPool, SlowReads } from "./read_pool.ts";

export interface SessionDeps {
  registry: DatabaseRegistry;
  translator: Translator;
  /** An in-memory connection with MySQL functions: information_schema and SELECTs that
   * need no database run here. */
  scratch: Connection;
  /** Global system variables (shared, SET GLOBAL writes here). */
  globals: Map<string, SqlValue>;
  /** Commits writes across the cluster. */
  replicator: Replicator;
  serverVersion: string;
  /** Server-wide counters (SHOW STATUS, COM_STATISTICS). */
  counters: { questions: number; startedAt: number };
  processList(): ProcessInfo[];
  /** GET_LOCK's named locks of this node, shared by every session. */
  userLocks: UserLockTable;
  /**
   * KILL: ends the statement of connection `id` if it is waiting out SLEEP or reading on a
   * worker (1317), and closes the connection (its transaction rolls back) unless `queryOnly`.
   * SQLite runs a statement on the event loop to its end, and one waiting for a lock or for
   * replication ends by itself (at its timeout).
   * 1094 for an unknown id; 1317 to `from` when it kills itself (it is closed after).
   */
  kill(id: number, queryOnly: boolean, from: { connectionId: number }): void;
  status(): Map<string, SqlValue>;
  /** Worker threads for the reads that take long, and which ones do. */
  readPool: ReadPool;
  slowReads: SlowReads;
}
