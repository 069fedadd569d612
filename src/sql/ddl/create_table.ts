/** CREATE TABLE [IF NOT EXISTS] … ( … ) | LIKE t | … SELECT. */
import { defaultCollation, resolveCharset, resolveCollation } from "../catalog/collations.ts";
import type { DdlStatement, IndexSpec, OptionSpec, TableBody } from "./ast.ts";
import { buildColumn, type ExpressionTranslator } from "./build_column.ts";
import { createTableFromSelect } from "./create_table_select.ts";
import {
  type DdlContext,
  expressionTranslator,
  nowString,
  tableName,
  type Warning,
  withTransaction,
} from "./context.ts";
import {
  collationMismatch,
  noSuchTable,
  notSupported,
  tableExists,
  unknownCharset,
  unknownCollation,
  wrongObject,
} from "./errors.ts";
import type { TableDef, TableOptions } from "./model.ts";
import { setAutoIncrement } from "./auto_increment.ts";
import { createTableObjects } from "./sqlite_schema.ts";
import { readObject, sqliteObject, writeObject } from "./store.ts";
import { addCheck, addForeignKey, addIndex, insertColumn, validateTable } from "./table_edit.ts";

/** Database default charset and collation (MySQL 8 defaults). */
export const DATABASE_CHARSET = "utf8mb4";
export const DATABASE_COLLATION = "utf8mb4_0900_ai_ci";

/** Resolves the table's charset/collation options against the database default. */
export function resolveTableCharset(
  opts: OptionSpec,
  base: { charset: string; collation: string } = {
    charset: DATABASE_CHARSET,
    collation: DATABASE_COLLATION,
  },
): { charset: string; collation: string } {
  let charset = base.charset;
  let collation = base.collation;
  if (opts.charset) {
    const cs = resolveCharset(opts.charset);
    if (!cs) throw unknownCharset(opts.charset);
    charset = cs.name;
    collation = defaultCollation(charset);
  }
  if (opts.collation) {
    const coll = resolveCollation(opts.collation);
    if (!coll) throw unknownCollation(opts.collation);
    if (opts.charset && coll.charset !== charset) throw collationMismatch(coll.name, charset);
    charset = coll.charset;
    collation = coll.name;
  }
  return { charset, collation };
}

/** Builds a table definition from a parsed CREATE TABLE body. */
export function buildTable(
  name: string,
  body: TableBody,
  opts: OptionSpec,
  translate: ExpressionTranslator,
  createTime: string,
  validate = true,
): TableDef {
  const { charset, collation } = resolveTableCharset(opts);
  const options: TableOptions = {
    engine: opts.engine ?? "InnoDB",
    charset,
    collation,
    comment: opts.comment ?? "",
    rowFormat: opts.rowFormat ?? null,
    extra: opts.extra,
  };
  const def: TableDef = {
    kind: "table",
    name,
    columns: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    options,
    createTime,
  };
  for (const spec of body.columns) insertColumn(def, buildColumn(spec, options, translate), null);
  // Column-level PRIMARY KEY / UNIQUE become keys after the column list, as in MySQL.
  for (const spec of body.columns) {
    if (spec.inlinePrimary) {
      addIndex(def, _inlineKey(spec.name, "primary"));
    }
  }
  for (const spec of body.indexes) addIndex(def, spec);
  for (const spec of body.columns) {
    if (spec.inlineUnique) {
      addIndex(def, _inlineKey(spec.name, "unique"));
    }
  }
  for (const fk of body.foreignKeys) addForeignKey(def, fk);
  for (const spec of body.columns) {
    for (const ck of spec.checks) {
      addCheck(def, { name: ck.name || null, mysql: ck.mysql, enforced: ck.enforced }, translate);
    }
  }
  for (const ck of body.checks) addCheck(def, ck, translate);
  if (validate) validateTable(def);
  return def;
}

/** The unnamed one-column key that a column-level PRIMARY KEY or UNIQUE stands for. */
function _inlineKey(column: string, kind: "primary" | "unique"): IndexSpec {
  return {
    name: null,
    constraintName: null,
    kind,
    columns: [{ name: column, length: null, desc: false }],
    comment: "",
    using: null,
    visible: true,
  };
}

/** Runs CREATE TABLE. */
export function createTable(
  stmt: Extract<DdlStatement, { kind: "create_table" }>,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  const name = tableName(stmt.name, ctx);
  if (stmt.temporary) throw notSupported("CREATE TEMPORARY TABLE");
  const existing = sqliteObject(ctx.db, name);
  if (existing) {
    if (stmt.ifNotExists) {
      return {
        affectedRows: 0,
        warnings: [{
          level: "Note",
          code: 1050,
          message: `Table '${existing.name}' already exists`,
        }],
      };
    }
    throw tableExists(name);
  }
  const translate = expressionTranslator(ctx);
  const createTime = nowString(ctx);
  if (stmt.like) {
    const sourceName = tableName(stmt.like, ctx);
    const source = readObject(ctx.db, sourceName);
    if (!source) throw noSuchTable(ctx.database, sourceName);
    if (source.kind !== "table") throw wrongObject(ctx.database, sourceName, "BASE TABLE");
    // LIKE copies columns, keys and options; not foreign keys or the AUTO_INCREMENT counter.
    const def: TableDef = structuredClone(source);
    def.name = name;
    def.createTime = createTime;
    def.foreignKeys = [];
    delete def.synthesized;
    for (const index of def.indexes) index.sqliteName = null;
    withTransaction(ctx.db, () => {
      createTableObjects(ctx.db, def);
      writeObject(ctx.db, def);
    });
    return { affectedRows: 0, warnings: [] };
  }
  if (stmt.select !== null) return createTableFromSelect(stmt, name, ctx);
  const def = buildTable(name, stmt.body!, stmt.options, translate, createTime);
  withTransaction(ctx.db, () => {
    createTableObjects(ctx.db, def);
    if (stmt.options.autoIncrement !== undefined) {
      setAutoIncrement(ctx.db, def, stmt.options.autoIncrement);
    }
    writeObject(ctx.db, def);
  });
  return { affectedRows: 0, warnings: [] };
}
