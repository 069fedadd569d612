/** CREATE [OR REPLACE] VIEW, ALTER VIEW and DROP VIEW. */
import type { DdlStatement } from "./ast.ts";
import {
  type DdlContext,
  nowString,
  selectTranslator,
  tableName,
  type Warning,
  withTransaction,
} from "./context.ts";
import { dropObjects } from "./drop_table.ts";
import { tableExists, wrongObject } from "./errors.ts";
import { MysqlError } from "../../types/errors.ts";
import type { ViewDef } from "./model.ts";
import { sqlIdent } from "./mysql_type.ts";
import { readObject, sqliteObject, writeObject } from "./store.ts";

/** The CREATE VIEW text we store in SQLite. */
export function createViewSql(name: string, columns: string[] | null, body: string): string {
  const cols = columns ? `(${columns.map(sqlIdent).join(", ")})` : "";
  return `CREATE VIEW ${sqlIdent(name)}${cols} AS ${body}`;
}

/** The SELECT part of a view's SQLite text written by `createViewSql`. */
export function viewBody(sql: string, name: string, columns: string[] | null): string {
  const prefix = createViewSql(name, columns, "");
  if (sql.startsWith(prefix)) return sql.slice(prefix.length);
  return /\bAS\b([\s\S]*)$/i.exec(sql)?.[1]?.trim() ?? sql;
}

/** Runs CREATE [OR REPLACE] VIEW / ALTER VIEW. */
export function createView(
  stmt: Extract<DdlStatement, { kind: "create_view" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const name = tableName(stmt.name, ctx);
  const existing = sqliteObject(ctx.db, name);
  if (existing) {
    if (existing.type === "table") {
      throw stmt.orReplace ? wrongObject(ctx.database, name, "VIEW") : tableExists(name);
    }
    if (!stmt.orReplace) throw tableExists(name);
  }
  const translated = selectTranslator(ctx)(stmt.select);
  // SQLite names result columns after its own expression text; give the view MySQL's names.
  const sqliteColumns = stmt.columns ?? translated.columnNames;
  const def: ViewDef = {
    kind: "view",
    name: existing?.name ?? name,
    columns: stmt.columns,
    sqliteColumns,
    mysql: stmt.select,
    algorithm: stmt.algorithm,
    definer: stmt.definer,
    security: stmt.security,
    checkOption: stmt.checkOption,
    createTime: nowString(ctx),
  };
  withTransaction(ctx.db, () => {
    if (existing) ctx.db.exec(`DROP VIEW ${sqlIdent(existing.name)}`);
    ctx.db.exec(createViewSql(def.name, sqliteColumns, translated.sql));
    // Compile once so a bad body (unknown table or column) fails the statement, as in MySQL.
    const cols = ctx.db.prepare(`SELECT * FROM ${sqlIdent(def.name)} LIMIT 0`).columns();
    if (def.columns && def.columns.length !== cols.length) {
      throw new MysqlError(
        1353,
        "In definition of view, derived table or common table expression, SELECT list and column names list have different column counts",
        "HY000",
      );
    }
    const seen = new Set<string>();
    for (const c of cols) {
      const lower = c.name.toLowerCase();
      if (seen.has(lower)) throw new MysqlError(1060, `Duplicate column name '${c.name}'`, "42S21");
      seen.add(lower);
    }
    writeObject(ctx.db, def);
  });
  return { affectedRows: 0, warnings: [] };
}

/** Runs DROP VIEW [IF EXISTS] v, …. */
export function dropViews(
  stmt: Extract<DdlStatement, { kind: "drop_view" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const names = stmt.names.map((q) => tableName(q, ctx));
  const missing: string[] = [];
  const found: string[] = [];
  for (const name of names) {
    const obj = readObject(ctx.db, name);
    if (!obj) missing.push(name);
    else if (obj.kind !== "view") throw wrongObject(ctx.database, name, "VIEW");
    else found.push(obj.name);
  }
  return dropObjects(ctx, {
    keyword: "VIEW",
    found,
    missing,
    ifExists: stmt.ifExists,
  });
}
