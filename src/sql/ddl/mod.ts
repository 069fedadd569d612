/**
 * MySQL DDL on SQLite: CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX, CREATE/DROP VIEW,
 * RENAME TABLE and TRUNCATE, each run atomically with the MySQL definition kept in the
 * hidden catalog table. See ../DESIGN.md, "DDL and catalog".
 */
import type { DatabaseSync } from "node:sqlite";
import { registerStore } from "../functions/store.ts";
import { alterTable } from "./alter_table.ts";
import type { DdlContext, Warning } from "./context.ts";
import { createTable } from "./create_table.ts";
import { dropTables, truncateTable } from "./drop_table.ts";
import { parseDdl } from "./parse_statement.ts";
import { renameTables } from "./rename_table.ts";
import { createView, dropViews } from "./view.ts";

export type { DdlContext, Warning } from "./context.ts";
export type { ColumnDef, IndexDef, SchemaObject, TableDef, ViewDef } from "./model.ts";
export { isInternalName, listObjects, readObject, readTable } from "./store.ts";
export { parseDdl } from "./parse_statement.ts";
export { mysqlIdent } from "./mysql_type.ts";

/**
 * Runs one MySQL DDL statement atomically in its own SQLite transaction (the caller
 * guarantees no transaction is open and holds the database's write lock). Throws MysqlError.
 */
export function executeDdl(
  sql: string,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const stmt = parseDdl(sql);
  _ensureStoreFunction(ctx.db);
  switch (stmt.kind) {
    case "create_table":
      return createTable(stmt, ctx);
    case "alter_table":
      return alterTable(stmt.name, stmt.specs, ctx);
    case "drop_table":
      return dropTables(stmt, ctx);
    case "create_index":
      return alterTable(stmt.table, [{ op: "add_index", index: stmt.index }], ctx);
    case "drop_index":
      return alterTable(stmt.table, [{ op: "drop_index", name: stmt.name }], ctx);
    case "create_view":
      return createView(stmt, ctx);
    case "drop_view":
      return dropViews(stmt, ctx);
    case "rename_table":
      return renameTables(stmt, ctx);
    case "truncate":
      return truncateTable(stmt, ctx);
  }
}

const _withStore = new WeakSet<DatabaseSync>();

/**
 * The coercion triggers and table rebuilds call `mysql_store`; registering it here means the
 * connection that ran the DDL can always write to the tables it made. Every other writer gets
 * it from `registerMysqlFunctions` (or `registerStore`).
 */
function _ensureStoreFunction(db: DatabaseSync): void {
  if (_withStore.has(db)) return;
  try {
    // Registered already (with the session's reporting of what conversions lose): kept.
    db.prepare("SELECT mysql_store(NULL, '')");
  } catch {
    registerStore(db);
  }
  _withStore.add(db);
}
