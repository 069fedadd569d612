/**
 * ALTER TABLE (and CREATE/DROP INDEX): applies the clauses to the definition, then changes
 * SQLite in place where it can (indexes, appended columns, renames) and otherwise rebuilds the
 * table (create new, copy rows, drop old, rename, recreate indexes and triggers), all in one
 * transaction.
 */
import type { DatabaseSync } from "node:sqlite";
import type { AlterSpec } from "./ast.ts";
import { type AlterPlan, applyAlter } from "./alter_apply.ts";
import { readSequence, setAutoIncrement } from "./auto_increment.ts";
import { storeCall, storeSpec } from "./coercion.ts";
import {
  type DdlContext,
  expressionTranslator,
  tableName,
  type Warning,
  withTransaction,
} from "./context.ts";
import { noSuchTable, tableExists, wrongObject } from "./errors.ts";
import type { IndexDef, TableDef } from "./model.ts";
import { implicitDefaultSql, sqlIdent } from "./mysql_type.ts";
import {
  assignIndexNames,
  columnSql,
  createIndexSql,
  createTableSql,
  defaultSql,
  dropTriggers,
  tableClauses,
  triggerSql,
} from "./sqlite_schema.ts";
import { readObject, sqliteObject, writeObject } from "./store.ts";
import { renameTableObjects } from "./rename_table.ts";
import { validateTable } from "./table_edit.ts";
import { ER, MysqlError } from "../../types/errors.ts";

/** Runs ALTER TABLE `name` with the given clauses. */
export function alterTable(
  table: { db: string | null; name: string },
  specs: AlterSpec[],
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const name = tableName(table, ctx);
  const obj = readObject(ctx.db, name);
  if (!obj) throw noSuchTable(ctx.database, name);
  if (obj.kind !== "table") throw wrongObject(ctx.database, name, "BASE TABLE");
  const plan = applyAlter(obj, specs, expressionTranslator(ctx));
  validateTable(plan.def);
  const finalName = plan.renameTo ? tableName(plan.renameTo, ctx) : obj.name;
  if (
    plan.renameTo && finalName.toLowerCase() !== obj.name.toLowerCase() &&
    sqliteObject(ctx.db, finalName)
  ) {
    throw tableExists(finalName);
  }
  const rebuild = _needsRebuild(obj, plan.def);
  withTransaction(ctx.db, () => {
    if (rebuild === "rebuild") _rebuild(ctx.db, obj, plan);
    else _inPlace(ctx.db, obj, plan, rebuild === "append");
    if (plan.autoIncrement !== null) setAutoIncrement(ctx.db, plan.def, plan.autoIncrement);
    if (finalName !== obj.name) renameTableObjects(ctx.db, plan.def, finalName);
    writeObject(ctx.db, plan.def);
  }, { rebuild: rebuild === "rebuild" });
  return { affectedRows: 0, warnings: [] };
}

/** "none": columns unchanged; "append": only simple columns added at the end; else "rebuild". */
function _needsRebuild(old: TableDef, def: TableDef): "none" | "append" | "rebuild" {
  if (old.synthesized) return "rebuild";
  const oldCols = old.columns.map((c) => columnSql(old, c));
  const newCols = def.columns.map((c) => columnSql(def, c));
  const oldRest = tableClauses(old).slice(old.columns.length).join("\n");
  const newRest = tableClauses(def).slice(def.columns.length).join("\n");
  if (oldRest !== newRest) return "rebuild";
  if (oldCols.join("\n") === newCols.join("\n")) return "none";
  if (newCols.length <= oldCols.length) return "rebuild";
  if (oldCols.some((c, i) => c !== newCols[i])) return "rebuild";
  for (const col of def.columns.slice(old.columns.length)) {
    const d = col.default;
    if (col.autoIncrement || (col.generated?.stored ?? false)) return "rebuild";
    if (d && (d.kind === "now" || d.kind === "expr")) return "rebuild";
  }
  return "append";
}

function _indexSignature(def: TableDef, index: IndexDef): string {
  return `${index.kind === "primary" || index.kind === "unique" ? "U" : "I"}:` +
    index.columns.map((c) => `${c.name.toLowerCase()}${c.desc ? " DESC" : ""}`).join(",") +
    `:${def.name}`;
}

function _inPlace(db: DatabaseSync, old: TableDef, plan: AlterPlan, append: boolean): void {
  const def = plan.def;
  if (append) {
    for (const col of def.columns.slice(old.columns.length)) {
      db.exec(`ALTER TABLE ${sqlIdent(old.name)} ADD COLUMN ${columnSql(def, col)}`);
    }
  }
  // Keep SQLite indexes whose definition did not change; drop the others.
  const oldByName = new Map(
    old.indexes.filter((i) => i.sqliteName).map((i) => [i.sqliteName!.toLowerCase(), i]),
  );
  const kept = new Set<string>();
  const oldDef = { ...old, name: old.name };
  for (const index of def.indexes) {
    const prev = index.sqliteName ? oldByName.get(index.sqliteName.toLowerCase()) : undefined;
    if (prev && _indexSignature(oldDef, prev) === _indexSignature(oldDef, index)) {
      kept.add(index.sqliteName!.toLowerCase());
    } else index.sqliteName = null;
  }
  for (const [lower, prev] of oldByName) {
    if (!kept.has(lower)) db.exec(`DROP INDEX ${sqlIdent(prev.sqliteName!)}`);
  }
  def.name = old.name;
  assignIndexNames(db, def);
  for (const index of def.indexes) {
    if (index.sqliteName && !kept.has(index.sqliteName.toLowerCase())) {
      createIndexChecked(db, def, index);
    }
  }
  dropTriggers(db, old.name);
  for (const t of triggerSql(def)) db.exec(t);
}

function _rebuild(db: DatabaseSync, old: TableDef, plan: AlterPlan): void {
  const def = plan.def;
  def.name = old.name;
  const seq = readSequence(db, old.name);
  const tmp = `__marmot_rebuild_${old.name}`;
  db.exec(`DROP TABLE IF EXISTS ${sqlIdent(tmp)}`);
  db.exec(createTableSql(def, tmp));
  const targets: string[] = [];
  const sources: string[] = [];
  for (const col of def.columns) {
    const origin = plan.origins.get(col);
    if (origin === undefined || col.generated) continue;
    targets.push(sqlIdent(col.name));
    let src = sqlIdent(origin);
    if (!col.nullable && !col.autoIncrement) {
      const fallback = col.default && col.default.kind !== "null"
        ? defaultSql(col, col.default)
        : implicitDefaultSql(col.type);
      src = `coalesce(${src}, ${fallback})`;
    }
    // MySQL converts the existing rows to the new type (non-strict: truncate, clamp, zero).
    const spec = col.autoIncrement ? null : storeSpec(col.type);
    sources.push(spec === null ? src : storeCall(src, spec));
  }
  if (targets.length > 0) {
    db.exec(
      `INSERT INTO ${sqlIdent(tmp)} (${targets.join(", ")}) SELECT ${sources.join(", ")} FROM ${
        sqlIdent(old.name)
      } ORDER BY rowid`,
    );
  } else {
    const count = Number(
      db.prepare(`SELECT count(*) AS n FROM ${sqlIdent(old.name)}`).get()?.n ?? 0,
    );
    for (let i = 0; i < count; i++) db.exec(`INSERT INTO ${sqlIdent(tmp)} DEFAULT VALUES`);
  }
  db.exec("PRAGMA legacy_alter_table = ON");
  try {
    db.exec(`DROP TABLE ${sqlIdent(old.name)}`);
    db.exec(`ALTER TABLE ${sqlIdent(tmp)} RENAME TO ${sqlIdent(old.name)}`);
  } finally {
    db.exec("PRAGMA legacy_alter_table = OFF");
  }
  assignIndexNames(db, def);
  for (const index of def.indexes) if (index.sqliteName) createIndexChecked(db, def, index);
  for (const t of triggerSql(def)) db.exec(t);
  if (seq !== null) setAutoIncrement(db, def, seq + 1);
}

/** CREATE INDEX, turning a UNIQUE failure into MySQL's 1062 with the duplicated value. */
export function createIndexChecked(db: DatabaseSync, def: TableDef, index: IndexDef): void {
  try {
    db.exec(createIndexSql(def, index));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (!/UNIQUE constraint failed/.test(msg)) throw e;
    const cols = index.columns.map((c) => sqlIdent(c.name));
    const row = db.prepare(
      `SELECT ${cols.join(" || '-' || ")} AS v FROM ${sqlIdent(def.name)} GROUP BY ${
        cols.join(", ")
      } HAVING count(*) > 1 LIMIT 1`,
    ).get();
    throw new MysqlError(
      ER.DUP_ENTRY,
      `Duplicate entry '${String(row?.v ?? "")}' for key '${def.name}.${index.name}'`,
    );
  }
}
