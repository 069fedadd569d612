/** Walks the tables and views of every user database for the INFORMATION_SCHEMA tables. */
import type { DatabaseSync } from "node:sqlite";
import type { SchemaObject, TableDef } from "../../ddl/model.ts";
import { listObjects, readObject } from "../../ddl/store.ts";
import { synthesizeTableDef } from "../../ddl/synthesize.ts";
import type { CatalogContext } from "../context.ts";

/** One table or view with the column list to report for it. */
export interface CatalogObject {
  database: string;
  db: DatabaseSync;
  obj: SchemaObject;
  /** The table itself, or for a view its columns as SQLite resolves them. */
  table: TableDef;
}

/** Every table and view of every user database, databases and objects in name order. */
export function catalogObjects(ctx: CatalogContext): CatalogObject[] {
  const out: CatalogObject[] = [];
  for (const database of [...ctx.databaseNames()].sort()) {
    const db = ctx.connection(database);
    for (const o of listObjects(db)) {
      const obj = readObject(db, o.name);
      if (!obj) continue;
      const table = obj.kind === "table"
        ? obj
        : { ...synthesizeTableDef(db, obj.name), indexes: [], foreignKeys: [] };
      out.push({ database, db, obj, table });
    }
  }
  return out;
}
