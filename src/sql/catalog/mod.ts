/**
 * The metadata catalog: SHOW …, DESCRIBE/DESC/EXPLAIN <table>, and INFORMATION_SCHEMA,
 * rendered from the MySQL definitions the DDL module keeps. See ../DESIGN.md,
 * "DDL and catalog".
 */
import type { RowsResult } from "../../types/results.ts";
import { MysqlError } from "../../types/errors.ts";
import { noSuchTable, wrongObject } from "../ddl/errors.ts";
import { nextAutoIncrement } from "../ddl/auto_increment.ts";
import { readObject } from "../ddl/store.ts";
import { type CatalogContext, isInformationSchema, targetDatabase } from "./context.ts";
import { rowsResult, textColumn } from "./result.ts";
import { createDatabaseText, createTableText, createViewText } from "./show_create.ts";
import { showColumns, showIndex } from "./show_columns.ts";
import { parseShow } from "./show_parser.ts";
import {
  explainStatement,
  showBinaryLogs,
  showGrants,
  showNameValues,
  showProcessList,
  showSimple,
  showWarnings,
} from "./show_server.ts";
import { showDatabases, showTables, showTableStatus } from "./show_tables.ts";

export type { CatalogContext, ProcessInfo } from "./context.ts";
export {
  attachInformationSchema,
  materializeInformationSchema,
} from "./information_schema/materialize.ts";
export { informationSchemaTableNames } from "./information_schema/registry.ts";
export { columnFlagsFor, tableColumnInfo } from "./column_info.ts";

/** Answers SHOW …, DESCRIBE/DESC/EXPLAIN <table>. Throws MysqlError. */
export function runShow(sql: string, ctx: CatalogContext): RowsResult {
  const stmt = parseShow(sql);
  switch (stmt.kind) {
    case "tables":
      return showTables(ctx, stmt.full, stmt.db, stmt.filter);
    case "columns":
      return showColumns(ctx, stmt.full, stmt.table, stmt.filter);
    case "index":
      return showIndex(ctx, stmt.table, stmt.filter);
    case "table_status":
      return showTableStatus(ctx, stmt.db, stmt.filter);
    case "databases":
      return showDatabases(ctx, stmt.filter);
    case "create_table":
      return _showCreate(ctx, stmt.table, stmt.view);
    case "create_database": {
      if (!isInformationSchema(stmt.name) && !ctx.databaseNames().includes(stmt.name)) {
        throw new MysqlError(1049, `Unknown database '${stmt.name}'`);
      }
      return rowsResult(
        [textColumn("Database"), textColumn("Create Database", 1024)],
        [[stmt.name, createDatabaseText(stmt.name, stmt.ifNotExists)]],
      );
    }
    case "variables":
      return showNameValues(ctx.variables(stmt.scope), stmt.filter, true);
    case "status":
      return showNameValues(ctx.status(), stmt.filter, false);
    case "warnings":
      return showWarnings(ctx, stmt.errorsOnly, stmt.count, stmt.limit);
    case "processlist":
      return showProcessList(ctx, stmt.full);
    case "grants":
      return showGrants(ctx, stmt.user);
    case "simple":
      return showSimple(stmt.what, stmt.filter);
    case "binary_logs":
      return showBinaryLogs();
    case "explain_select":
      return explainStatement();
  }
}

function _showCreate(
  ctx: CatalogContext,
  table: { db: string | null; name: string },
  view: boolean,
): RowsResult {
  const database = targetDatabase(ctx, table.db);
  if (isInformationSchema(database)) throw noSuchTable(database, table.name);
  const db = ctx.connection(database);
  const obj = readObject(db, table.name);
  if (!obj) throw noSuchTable(database, table.name);
  if (obj.kind === "view") {
    return rowsResult(
      [
        textColumn("View"),
        textColumn("Create View", 65535),
        textColumn("character_set_client", 32),
        textColumn("collation_connection", 32),
      ],
      [[obj.name, createViewText(obj), "utf8mb4", "utf8mb4_0900_ai_ci"]],
    );
  }
  if (view) throw wrongObject(database, table.name, "VIEW");
  return rowsResult(
    [textColumn("Table"), textColumn("Create Table", 65535)],
    [[obj.name, createTableText(obj, nextAutoIncrement(db, obj))]],
  );
}
