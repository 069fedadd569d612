/** RENAME TABLE a TO b [, c TO d …], and the rename step ALTER TABLE … RENAME shares. */
import type { DatabaseSync } from "node:sqlite";
import type { DdlStatement } from "./ast.ts";
import { type DdlContext, tableName, type Warning, withTransaction } from "./context.ts";
import { noSuchTable, tableExists } from "./errors.ts";
import type { TableDef, ViewDef } from "./model.ts";
import { sqlIdent } from "./mysql_type.ts";
import { dropTriggers, triggerSql } from "./sqlite_schema.ts";
import { createViewSql, viewBody } from "./view.ts";
import { deleteObject, listTables, readObject, sqliteObject, writeObject } from "./store.ts";

/**
 * Renames a table in SQLite (views, triggers and other tables' FOREIGN KEYs follow, as in
 * MySQL), recreates its ON UPDATE triggers under the new name and moves its catalog row; the
 * caller writes `def` afterwards.
 */
export function renameTableObjects(db: DatabaseSync, def: TableDef, to: string): void {
  const from = def.name;
  db.exec(`ALTER TABLE ${sqlIdent(from)} RENAME TO ${sqlIdent(to)}`);
  dropTriggers(db, to);
  deleteObject(db, from);
  def.name = to;
  for (const fk of def.foreignKeys) {
    if (fk.refTable.toLowerCase() === from.toLowerCase()) fk.refTable = to;
  }
  for (const t of triggerSql(def)) db.exec(t);
  for (const other of listTables(db)) {
    if (other.synthesized || other.name.toLowerCase() === to.toLowerCase()) continue;
    let changed = false;
    for (const fk of other.foreignKeys) {
      if (fk.refTable.toLowerCase() === from.toLowerCase()) {
        fk.refTable = to;
        changed = true;
      }
    }
    if (changed) writeObject(db, other);
  }
}

function _renameView(db: DatabaseSync, view: ViewDef, to: string): void {
  const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?").get(
    view.name,
  );
  const columns = view.sqliteColumns ?? view.columns;
  const body = viewBody(String(row?.sql ?? ""), view.name, columns);
  db.exec(`DROP VIEW ${sqlIdent(view.name)}`);
  db.exec(createViewSql(to, columns, body));
  deleteObject(db, view.name);
  writeObject(db, { ...view, name: to });
}

/** Runs RENAME TABLE. */
export function renameTables(
  stmt: Extract<DdlStatement, { kind: "rename_table" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  withTransaction(ctx.db, () => {
    for (const [fromQ, toQ] of stmt.pairs) {
      const from = tableName(fromQ, ctx);
      const to = tableName(toQ, ctx);
      const obj = readObject(ctx.db, from);
      if (!obj) throw noSuchTable(ctx.database, from);
      if (sqliteObject(ctx.db, to) && to.toLowerCase() !== obj.name.toLowerCase()) {
        throw tableExists(to);
      }
      if (obj.kind === "view") {
        _renameView(ctx.db, obj, to);
        continue;
      }
      const stored = !obj.synthesized;
      renameTableObjects(ctx.db, obj, to);
      if (stored) writeObject(ctx.db, obj);
    }
  });
  return { affectedRows: 0, warnings: [] };
}
