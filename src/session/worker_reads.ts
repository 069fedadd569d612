/**
 * Which SELECTs a read worker runs (read_pool.ts), and running one there: a statement seen to
 * run long before, outside a transaction, on one database's own file, and calling no function
 * that acts on the session (those need its hooks, see statement_context.ts).
 */
import type { Statement } from "../sql/statement.ts";
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import type { SqlValue } from "../types/values.ts";
import type { PooledRead, ReadPool, SlowReads } from "./read_pool.ts";
import type { ReadStatement } from "./read_worker.ts";
import { statementContext } from "./statement_context.ts";

/** Functions that act on the session running them (its hooks): such a read stays here. */
const SESSION_FUNCTIONS =
  /\b(?:sleep|get_lock|release_lock|release_all_locks|is_free_lock|is_used_lock|last_insert_id|mysql_last_insert_id|mysql_getvar|mysql_setvar)\s*\(/i;

/** The database whose file a worker reads `sql` (of `statement`, read from `conn` in the
 * session's `database`) from, or null to read it on the event loop. */
export function workerDatabase(
  deps: { slowReads: SlowReads; registry: DatabaseRegistry },
  database: string | null,
  statement: Extract<Statement, { kind: "select" }>,
  conn: Connection,
  sql: string,
): Database | null {
  if (!deps.slowReads.has(sql) || database === null) return null;
  if (statement.databases.length > 0 || SESSION_FUNCTIONS.test(sql)) return null;
  const db = deps.registry.get(database);
  return conn === db.reader ? db : null;
}

/** Reads on a worker thread; `running` holds the read meanwhile (KILL QUERY ends it with
 * 1317), then null. */
export async function readOnWorker(
  pool: ReadPool,
  db: Database,
  read: { rows: ReadStatement; ifNone: ReadStatement | undefined },
  running: (read: PooledRead | null) => void,
): Promise<{ rows: SqlValue[][]; counted: unknown; ms: number }> {
  const pooled = pool.read({
    path: db.path,
    rows: read.rows,
    ifNone: read.ifNone,
    now: statementContext.now,
    statementId: statementContext.id,
    timeZone: statementContext.timeZone,
  });
  running(pooled);
  try {
    const result = await pooled.result;
    return { rows: result.rows as SqlValue[][], counted: result.ifNone, ms: result.ms };
  } finally {
    running(null);
  }
}
