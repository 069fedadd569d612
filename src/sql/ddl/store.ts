/**
 * The hidden catalog table `__marmot_mysql_schema` in each database file: one row per table
 * or view holding its MySQL definition as JSON, written in the same transaction as the DDL.
 * Objects without a row (created outside our DDL) are described from SQLite itself.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { SchemaObject, TableDef, ViewDef } from "./model.ts";
import { synthesizeTableDef } from "./synthesize.ts";

/** Name of the catalog table. */
export const CATALOG_TABLE = "__marmot_mysql_schema";

/** True for names of internal objects that MySQL clients must never see. */
export function isInternalName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith("__marmot") || lower.startsWith("sqlite_");
}

/** Creates the catalog table if missing (inside the caller's write transaction). */
export function ensureStore(db: DatabaseSync): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${CATALOG_TABLE} (name TEXT PRIMARY KEY COLLATE NOCASE, ` +
      "kind TEXT NOT NULL, definition TEXT NOT NULL) WITHOUT ROWID",
  );
}

interface _Statements {
  read: StatementSync;
}

const _cache = new WeakMap<DatabaseSync, _Statements>();

function _statements(db: DatabaseSync): _Statements | undefined {
  let s = _cache.get(db);
  if (s) return s;
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(
    CATALOG_TABLE,
  );
  if (!exists) return undefined;
  s = { read: db.prepare(`SELECT definition FROM ${CATALOG_TABLE} WHERE name = ?`) };
  _cache.set(db, s);
  return s;
}

/** The SQLite object (table or view) named `name`, case-insensitively, or undefined. */
export function sqliteObject(
  db: DatabaseSync,
  name: string,
): { name: string; type: "table" | "view" } | undefined {
  if (isInternalName(name)) return undefined;
  const row = db.prepare(
    "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') AND name = ? COLLATE NOCASE",
  ).get(name);
  if (!row) return undefined;
  return { name: String(row.name), type: row.type === "view" ? "view" : "table" };
}

/** The definition of a table or view, or undefined when it does not exist. */
export function readObject(db: DatabaseSync, name: string): SchemaObject | undefined {
  const obj = sqliteObject(db, name);
  if (!obj) return undefined;
  const row = _statements(db)?.read.get(obj.name);
  if (row) return JSON.parse(String(row.definition)) as SchemaObject;
  if (obj.type === "view") {
    return {
      kind: "view",
      name: obj.name,
      columns: null,
      mysql: _viewSelect(db, obj.name),
      algorithm: "UNDEFINED",
      definer: "`root`@`%`",
      security: "DEFINER",
      checkOption: null,
      createTime: "",
    } satisfies ViewDef;
  }
  return synthesizeTableDef(db, obj.name);
}

/** The table definition, or undefined when `name` is missing or is a view. */
export function readTable(db: DatabaseSync, name: string): TableDef | undefined {
  const obj = readObject(db, name);
  return obj?.kind === "table" ? obj : undefined;
}

function _viewSelect(db: DatabaseSync, name: string): string {
  const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?").get(
    name,
  );
  const sql = String(row?.sql ?? "");
  const m = /\bAS\b([\s\S]*)$/i.exec(sql);
  return m ? m[1]!.trim() : sql;
}

/** Names of all user tables and views, in name order. */
export function listObjects(db: DatabaseSync): Array<{ name: string; type: "table" | "view" }> {
  const rows = db.prepare(
    "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') ORDER BY name",
  ).all();
  return rows
    .map((r) => ({
      name: String(r.name),
      type: r.type === "view" ? "view" as const : "table" as const,
    }))
    .filter((r) => !isInternalName(r.name));
}

/** Stores a definition (inside the caller's transaction). */
export function writeObject(db: DatabaseSync, obj: SchemaObject): void {
  ensureStore(db);
  db.prepare(`DELETE FROM ${CATALOG_TABLE} WHERE name = ?`).run(obj.name);
  const clean = { ...obj };
  delete (clean as Partial<TableDef>).synthesized;
  db.prepare(`INSERT INTO ${CATALOG_TABLE} (name, kind, definition) VALUES (?, ?, ?)`)
    .run(obj.name, obj.kind, JSON.stringify(clean));
}

/** Removes a definition (inside the caller's transaction). */
export function deleteObject(db: DatabaseSync, name: string): void {
  if (!_statements(db)) return;
  db.prepare(`DELETE FROM ${CATALOG_TABLE} WHERE name = ?`).run(name);
}

/** All stored table definitions (for cross-table fix-ups such as FK targets on rename). */
export function listTables(db: DatabaseSync): TableDef[] {
  return listObjects(db)
    .filter((o) => o.type === "table")
    .map((o) => readTable(db, o.name))
    .filter((t): t is TableDef => t !== undefined);
}
