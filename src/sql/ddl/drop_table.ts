/** DROP TABLE [IF EXISTS] a, b and TRUNCATE [TABLE] t. */
import type { DdlStatement } from "./ast.ts";
import { resetAutoIncrement } from "./auto_increment.ts";
import { type DdlContext, tableName, type Warning, withTransaction } from "./context.ts";
import { noSuchTable, unknownTable } from "./errors.ts";
import { sqlIdent } from "./mysql_type.ts";
import { deleteObject, sqliteObject } from "./store.ts";

/** Runs DROP TABLE. MySQL 8 drops nothing when one of the tables is missing (without IF EXISTS). */
export function dropTables(
  stmt: Extract<DdlStatement, { kind: "drop_table" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const names = stmt.names.map((q) => tableName(q, ctx));
  const missing: string[] = [];
  const found: string[] = [];
  for (const name of names) {
    const obj = sqliteObject(ctx.db, name);
    if (!obj || obj.type !== "table") missing.push(name);
    else if (!found.includes(obj.name)) found.push(obj.name);
  }
  return dropObjects(ctx, { keyword: "TABLE", found, missing, ifExists: stmt.ifExists });
}

/** What `dropObjects` drops, and what it could not find. */
export interface DropObjectsOptions {
  keyword: "TABLE" | "VIEW";
  /** Names of the objects to drop, as stored. */
  found: string[];
  /** Names given that are not there (or not of this kind). */
  missing: string[];
  ifExists: boolean;
}

/**
 * Drops `found` in one transaction, or none of them when a name is missing without IF EXISTS
 * (error 1051 naming all missing ones); with IF EXISTS each missing name is a Note 1051.
 */
export function dropObjects(
  ctx: DdlContext,
  options: DropObjectsOptions,
): { affectedRows: number; warnings: Warning[] } {
  const { keyword, found, missing } = options;
  if (missing.length && !options.ifExists) throw unknownTable(ctx.database, missing);
  withTransaction(ctx.db, () => {
    for (const name of found) {
      ctx.db.exec(`DROP ${keyword} ${sqlIdent(name)}`);
      deleteObject(ctx.db, name);
    }
  });
  return {
    affectedRows: 0,
    warnings: missing.map((m) => ({
      level: "Note" as const,
      code: 1051,
      message: `Unknown table '${ctx.database}.${m}'`,
    })),
  };
}

/** Runs TRUNCATE TABLE: removes every row and resets AUTO_INCREMENT. */
export function truncateTable(
  stmt: Extract<DdlStatement, { kind: "truncate" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const name = tableName(stmt.name, ctx);
  const obj = sqliteObject(ctx.db, name);
  if (!obj || obj.type !== "table") throw noSuchTable(ctx.database, name);
  withTransaction(ctx.db, () => {
    ctx.db.exec(`DELETE FROM ${sqlIdent(obj.name)}`);
    resetAutoIncrement(ctx.db, obj.name);
  });
  return { affectedRows: 0, warnings: [] };
}
