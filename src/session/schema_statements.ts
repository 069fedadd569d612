/**
 * Statements that change what exists: DDL on a database, CREATE / DROP DATABASE. Each runs
 * outside any transaction (MySQL commits the open one first; the caller does that) and under
 * the database's write lock, and answers with MySQL's counts and notes.
 */
import { executeDdl, type Warning } from "../sql/ddl/mod.ts";
import type { Database } from "../storage/database.ts";
import { type DatabaseRegistry, validateName } from "../storage/database_registry.ts";
import { foreignKeysOn } from "../storage/sqlite_connection.ts";
import { ER, MysqlError } from "../types/errors.ts";
import { commitWrite, rollbackWrite } from "./commit_write.ts";
import { type Replicator, retryOnConflict } from "./replicator.ts";
import type { OkResult } from "../types/results.ts";

/** An OK packet and the warnings SHOW WARNINGS reports for it. */
export interface SchemaOutcome {
  ok: OkResult;
  warnings: Warning[];
}

/**
 * Runs one DDL statement on `db` and replicates it: it runs here first (its errors and
 * warnings are the client's answer), then commits in place or, with other nodes taking part,
 * is rolled back and applied on every node through two-phase commit.
 */
export async function runDdl(
  statement: { sql: string; tables: string[] },
  db: Database,
  ctx: { owner: object; replicator: Replicator; consistency: string | null },
): Promise<SchemaOutcome> {
  // Another DDL on the table held it on some node (1213: a peer still committing the DROP
  // before this CREATE). Nothing was written: it runs again, as MySQL makes DDL wait for the
  // table's metadata lock; sysbench's cleanup then prepare failed on a busy cluster.
  return await retryOnConflict(ctx.replicator, () => runDdlOnce(statement, db, ctx));
}

async function runDdlOnce(
  statement: { sql: string; tables: string[] },
  db: Database,
  ctx: { owner: object; replicator: Replicator; consistency: string | null },
): Promise<SchemaOutcome> {
  const wait = db.lock.acquire(ctx.owner);
  if (wait !== undefined) await wait;
  // A table rebuild (ALTER) drops and recreates the table inside this transaction: with
  // foreign keys enforced the DROP would cascade to the children's rows. They are switched
  // off around the transaction (the pragma is a no-op inside one) and back on before the
  // lock goes, as the appliers on the other nodes do.
  const conn = db.writer.db;
  const foreignKeys = foreignKeysOn(conn);
  const release = () => {
    if (foreignKeys) conn.exec("PRAGMA foreign_keys = ON");
    db.lock.release(ctx.owner);
  };
  let result: ReturnType<typeof executeDdl>;
  try {
    if (foreignKeys) conn.exec("PRAGMA foreign_keys = OFF");
    db.capture.install(db.version);
    conn.exec("BEGIN IMMEDIATE");
    result = executeDdl(statement.sql, { database: db.name, db: conn });
  } catch (err) {
    db.schemaChanged();
    rollbackWrite(db, release);
    throw err;
  }
  await commitWrite(db, [{ sql: statement.sql, tables: statement.tables }], {
    replicator: ctx.replicator,
    consistency: ctx.consistency,
    releaseLock: release,
  });
  return { ok: ok(result.affectedRows, result.warnings.length), warnings: result.warnings };
}

/** How CREATE / DROP DATABASE reach the other nodes. */
export interface DatabaseOpContext {
  replicator: Replicator;
  consistency: string | null;
}

/** CREATE DATABASE [IF NOT EXISTS]: 1007 when it exists, a note with IF NOT EXISTS. */
export async function createDatabase(
  registry: DatabaseRegistry,
  { name, ifNotExists }: { name: string; ifNotExists: boolean },
  ctx: DatabaseOpContext,
): Promise<SchemaOutcome> {
  if (!registry.has(name)) {
    validateName(name);
    const generation = registry.generation(name) + 1;
    await ctx.replicator.databaseOp(
      { op: "create", name, generation },
      ctx.consistency,
      () => void registry.create(name, generation),
    );
    if (registry.has(name)) return { ok: ok(1, 0), warnings: [] };
  }
  const message = `Can't create database '${name}'; database exists`;
  if (!ifNotExists) throw new MysqlError(ER.DB_CREATE_EXISTS, message);
  return { ok: ok(0, 1), warnings: [{ level: "Note", code: ER.DB_CREATE_EXISTS, message }] };
}

/** DROP DATABASE [IF EXISTS]: affected rows are its tables, as MySQL counts them. */
export async function dropDatabase(
  registry: DatabaseRegistry,
  { name, ifExists, owner }: { name: string; ifExists: boolean; owner: object },
  ctx: DatabaseOpContext,
): Promise<SchemaOutcome> {
  if (!registry.has(name)) {
    const message = `Can't drop database '${name}'; database doesn't exist`;
    if (!ifExists) throw new MysqlError(ER.DB_DROP_EXISTS, message);
    return { ok: ok(0, 1), warnings: [{ level: "Note", code: ER.DB_DROP_EXISTS, message }] };
  }
  const db = registry.get(name);
  const wait = db.lock.acquire(owner);
  if (wait !== undefined) await wait;
  let tables: number;
  try {
    tables = (db.reader.db.prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND " +
        "name NOT LIKE '\\_\\_marmot%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    ).get() as { n: number }).n;
  } finally {
    db.lock.release(owner);
  }
  const generation = registry.generation(name) + 1;
  await ctx.replicator.databaseOp(
    { op: "drop", name, generation },
    ctx.consistency,
    () => void registry.drop(name, generation),
  );
  return { ok: ok(tables, 0), warnings: [] };
}

function ok(affectedRows: number, warnings: number): OkResult {
  return { kind: "ok", affectedRows, lastInsertId: 0, warnings };
}
