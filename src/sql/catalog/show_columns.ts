/** SHOW [FULL] COLUMNS / DESCRIBE and SHOW INDEX. */
import type { DatabaseSync } from "node:sqlite";
import type { RowsResult } from "../../types/results.ts";
import type { SqlValue } from "../../types/values.ts";
import { noSuchTable } from "../ddl/errors.ts";
import { plainColumn, type TableDef } from "../ddl/model.ts";
import { formatType, isTextual } from "../ddl/mysql_type.ts";
import { readObject } from "../ddl/store.ts";
import { synthesizeTableDef } from "../ddl/synthesize.ts";
import type { QualifiedName } from "../ddl/token_stream.ts";
import {
  type CatalogContext,
  INFORMATION_SCHEMA,
  isInformationSchema,
  targetDatabase,
} from "./context.ts";
import { applyFilter } from "./filter.ts";
import { informationSchemaTable } from "./information_schema/registry.ts";
import { intColumn, rowsResult, textColumn } from "./result.ts";
import type { ShowFilter } from "./show_parser.ts";
import { columnDefault, columnExtra, columnKey, sortedIndexes, tableRows } from "./table_info.ts";

/** The definition to describe for `db.table` (views: their resolved columns). */
export function describedTable(
  ctx: CatalogContext,
  q: QualifiedName,
): { database: string; def: TableDef; db: DatabaseSync | null } {
  const database = targetDatabase(ctx, q.db);
  if (isInformationSchema(database)) {
    const t = informationSchemaTable(q.name);
    if (!t) throw noSuchTable(INFORMATION_SCHEMA, q.name);
    const def: TableDef = {
      kind: "table",
      name: t.name,
      columns: t.columns.map((c) => plainColumn(c.name, c.type, { nullable: c.nullable })),
      indexes: [],
      foreignKeys: [],
      checks: [],
      options: {
        engine: "",
        charset: "utf8mb3",
        collation: "utf8mb3_general_ci",
        comment: "",
        rowFormat: null,
        extra: [],
      },
      createTime: "",
    };
    return { database: INFORMATION_SCHEMA, def, db: null };
  }
  const db = ctx.connection(database);
  const obj = readObject(db, q.name);
  if (!obj) throw noSuchTable(database, q.name);
  if (obj.kind === "table") return { database, def: obj, db };
  return {
    database,
    def: { ...synthesizeTableDef(db, obj.name), indexes: [], foreignKeys: [] },
    db,
  };
}

/** SHOW [FULL] COLUMNS FROM t / DESCRIBE t. */
export function showColumns(
  ctx: CatalogContext,
  full: boolean,
  table: QualifiedName,
  filter: ShowFilter,
): RowsResult {
  const { def } = describedTable(ctx, table);
  const columns = full
    ? [
      textColumn("Field"),
      textColumn("Type", 1024),
      textColumn("Collation"),
      textColumn("Null", 3),
      textColumn("Key", 3),
      textColumn("Default", 1024),
      textColumn("Extra", 256),
      textColumn("Privileges", 154),
      textColumn("Comment", 1024),
    ]
    : [
      textColumn("Field"),
      textColumn("Type", 1024),
      textColumn("Null", 3),
      textColumn("Key", 3),
      textColumn("Default", 1024),
      textColumn("Extra", 256),
    ];
  const rows: SqlValue[][] = def.columns.map((c) => {
    const base: SqlValue[] = [c.name, formatType(c.type)];
    if (full) base.push(isTextual(c.type) ? c.type.collation : null);
    base.push(c.nullable ? "YES" : "NO", columnKey(def, c), columnDefault(c), columnExtra(c));
    if (full) base.push("select,insert,update,references", c.comment);
    return base;
  });
  return rowsResult(columns, applyFilter(columns, rows, filter, 0, true));
}

function _cardinalities(db: DatabaseSync | null, def: TableDef): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!db) return out;
  try {
    for (const r of db.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?").all(def.name)) {
      const parts = String(r.stat).split(" ").map(Number);
      const n = parts[0] ?? 0;
      out.set(
        String(r.idx ?? "").toLowerCase(),
        parts.slice(1).map((avg) => (avg > 0 ? Math.round(n / avg) : n)),
      );
    }
  } catch {
    // no statistics gathered
  }
  return out;
}

/** SHOW INDEX rows (MySQL 8 columns) for a table. */
export function indexRows(db: DatabaseSync | null, def: TableDef): SqlValue[][] {
  const rows: SqlValue[][] = [];
  const stats = _cardinalities(db, def);
  const count = db ? tableRows(db, def.name) : 0;
  for (const index of sortedIndexes(def)) {
    const stat = index.sqliteName ? stats.get(index.sqliteName.toLowerCase()) : undefined;
    index.columns.forEach((part, i) => {
      const col = def.columns.find((c) => c.name.toLowerCase() === part.name.toLowerCase());
      const unique = index.kind === "primary" || index.kind === "unique";
      const cardinality = stat?.[i] ?? count;
      rows.push([
        def.name,
        unique ? 0 : 1,
        index.name,
        i + 1,
        part.name,
        index.kind === "fulltext" ? null : part.desc ? "D" : "A",
        cardinality,
        part.length,
        null,
        col?.nullable ? "YES" : "",
        index.kind === "fulltext" ? "FULLTEXT" : index.kind === "spatial" ? "SPATIAL" : "BTREE",
        "",
        index.comment,
        index.visible ? "YES" : "NO",
        null,
      ]);
    });
  }
  return rows;
}

const INDEX_COLUMNS = [
  textColumn("Table"),
  intColumn("Non_unique", "int"),
  textColumn("Key_name"),
  intColumn("Seq_in_index", "int", true),
  textColumn("Column_name"),
  textColumn("Collation", 1),
  intColumn("Cardinality"),
  intColumn("Sub_part"),
  textColumn("Packed", 10),
  textColumn("Null", 3),
  textColumn("Index_type", 16),
  textColumn("Comment", 16),
  textColumn("Index_comment", 1024),
  textColumn("Visible", 3),
  textColumn("Expression", 1024),
];

/** SHOW INDEX FROM t [WHERE]. */
export function showIndex(
  ctx: CatalogContext,
  table: QualifiedName,
  filter: ShowFilter,
): RowsResult {
  const { def, db } = describedTable(ctx, table);
  return rowsResult(INDEX_COLUMNS, applyFilter(INDEX_COLUMNS, indexRows(db, def), filter));
}
