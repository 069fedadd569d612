/** SHOW [FULL] TABLES, SHOW TABLE STATUS and SHOW DATABASES. */
import type { RowsResult } from "../../types/results.ts";
import type { SqlValue } from "../../types/values.ts";
import { nextAutoIncrement } from "../ddl/auto_increment.ts";
import { listObjects, readObject } from "../ddl/store.ts";
import {
  type CatalogContext,
  INFORMATION_SCHEMA,
  isInformationSchema,
  targetDatabase,
} from "./context.ts";
import { applyFilter } from "./filter.ts";
import { informationSchemaTableNames } from "./information_schema/registry.ts";
import { datetimeColumn, intColumn, rowsResult, textColumn } from "./result.ts";
import type { ShowFilter } from "./show_parser.ts";
import { btreeSizes, tableLengths, tableRows } from "./table_info.ts";

/** SHOW [FULL] TABLES [FROM db] [LIKE | WHERE]. */
export function showTables(
  ctx: CatalogContext,
  full: boolean,
  db: string | null,
  filter: ShowFilter,
): RowsResult {
  const name = targetDatabase(ctx, db);
  let header = `Tables_in_${isInformationSchema(name) ? INFORMATION_SCHEMA : name}`;
  if (filter.like !== undefined) header += ` (${filter.like})`;
  const columns = [textColumn(header)];
  if (full) columns.push(textColumn("Table_type"));
  let rows: SqlValue[][];
  if (isInformationSchema(name)) {
    rows = informationSchemaTableNames().map((t) => full ? [t, "SYSTEM VIEW"] : [t]);
  } else {
    rows = listObjects(ctx.connection(name)).map((o) =>
      full ? [o.name, o.type === "view" ? "VIEW" : "BASE TABLE"] : [o.name]
    );
  }
  return rowsResult(columns, applyFilter(columns, rows, filter, 0, false));
}

/** SHOW DATABASES [LIKE | WHERE]. */
export function showDatabases(ctx: CatalogContext, filter: ShowFilter): RowsResult {
  const header = filter.like === undefined ? "Database" : `Database (${filter.like})`;
  const columns = [textColumn(header)];
  const names = [INFORMATION_SCHEMA, ...ctx.databaseNames()].sort();
  return rowsResult(columns, applyFilter(columns, names.map((n) => [n]), filter, 0, false));
}

const STATUS_COLUMNS = [
  textColumn("Name"),
  textColumn("Engine"),
  intColumn("Version"),
  textColumn("Row_format", 10),
  intColumn("Rows", "bigint", true),
  intColumn("Avg_row_length", "bigint", true),
  intColumn("Data_length", "bigint", true),
  intColumn("Max_data_length", "bigint", true),
  intColumn("Index_length", "bigint", true),
  intColumn("Data_free", "bigint", true),
  intColumn("Auto_increment", "bigint", true),
  datetimeColumn("Create_time"),
  datetimeColumn("Update_time"),
  datetimeColumn("Check_time"),
  textColumn("Collation"),
  intColumn("Checksum"),
  textColumn("Create_options", 256),
  textColumn("Comment", 2048),
];

/** Facts SHOW TABLE STATUS and INFORMATION_SCHEMA.TABLES share, per table or view. */
export interface TableStatus {
  name: string;
  type: "BASE TABLE" | "VIEW";
  engine: string | null;
  rowFormat: string | null;
  rows: number | null;
  avgRowLength: number | null;
  dataLength: number | null;
  indexLength: number | null;
  autoIncrement: number | null;
  createTime: string | null;
  collation: string | null;
  createOptions: string | null;
  comment: string;
}

/** Status of every table and view of a database. */
export function tableStatuses(ctx: CatalogContext, database: string): TableStatus[] {
  const db = ctx.connection(database);
  const sizes = btreeSizes(db);
  const out: TableStatus[] = [];
  for (const o of listObjects(db)) {
    const obj = readObject(db, o.name);
    if (!obj) continue;
    if (obj.kind === "view") {
      out.push({
        name: obj.name,
        type: "VIEW",
        engine: null,
        rowFormat: null,
        rows: null,
        avgRowLength: null,
        dataLength: null,
        indexLength: null,
        autoIncrement: null,
        createTime: obj.createTime || null,
        collation: null,
        createOptions: null,
        comment: "VIEW",
      });
      continue;
    }
    const rows = tableRows(db, obj.name);
    const len = tableLengths(obj, sizes, rows);
    out.push({
      name: obj.name,
      type: "BASE TABLE",
      engine: obj.options.engine,
      rowFormat: obj.options.rowFormat
        ? obj.options.rowFormat[0] + obj.options.rowFormat.slice(1).toLowerCase()
        : "Dynamic",
      rows,
      avgRowLength: rows > 0 ? Math.floor(len.data / rows) : 0,
      dataLength: len.data,
      indexLength: len.index,
      autoIncrement: nextAutoIncrement(db, obj),
      createTime: obj.createTime || null,
      collation: obj.options.collation,
      createOptions: obj.options.rowFormat ? `row_format=${obj.options.rowFormat}` : "",
      comment: obj.options.comment,
    });
  }
  return out;
}

/** SHOW TABLE STATUS [FROM db] [LIKE | WHERE]. */
export function showTableStatus(
  ctx: CatalogContext,
  db: string | null,
  filter: ShowFilter,
): RowsResult {
  const name = targetDatabase(ctx, db);
  const statuses = isInformationSchema(name) ? [] : tableStatuses(ctx, name);
  const rows: SqlValue[][] = statuses.map((s) => [s.name, ...tableStatusValues(s)]);
  return rowsResult(STATUS_COLUMNS, applyFilter(STATUS_COLUMNS, rows, filter, 0, false));
}

/**
 * A table's SHOW TABLE STATUS values from Engine to Comment; INFORMATION_SCHEMA.TABLES has the
 * same columns from ENGINE on.
 */
export function tableStatusValues(s: TableStatus): SqlValue[] {
  const view = s.type === "VIEW";
  return [
    s.engine,
    view ? null : 10,
    s.rowFormat,
    s.rows,
    s.avgRowLength,
    s.dataLength,
    view ? null : 0,
    s.indexLength,
    view ? null : 0,
    s.autoIncrement,
    s.createTime,
    null,
    null,
    s.collation,
    null,
    s.createOptions,
    s.comment,
  ];
}
