/** CREATE TABLE t [(…)] [AS] SELECT …: columns typed from the SELECT, rows copied. */
import type { DdlStatement } from "./ast.ts";
import {
  type DdlContext,
  expressionTranslator,
  nowString,
  selectTranslator,
  type Warning,
  withTransaction,
} from "./context.ts";
import { buildTable } from "./create_table.ts";
import { notSupported } from "./errors.ts";
import { type ColumnDef, type MysqlType, mysqlType, plainColumn } from "./model.ts";
import { sqlIdent } from "./mysql_type.ts";
import { createTableObjects } from "./sqlite_schema.ts";
import { readTable, writeObject } from "./store.ts";
import { mysqlTypeForDeclared } from "./synthesize.ts";
import { findColumn, insertColumn, validateTable } from "./table_edit.ts";
import type { SqlValue } from "../../types/values.ts";
import { allRows } from "../functions/mod.ts";

function _typeFromValues(values: SqlValue[]): MysqlType {
  const t = mysqlType("binary", { length: 0 });
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return t;
  if (
    present.every((v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)))
  ) return { ...t, base: "bigint", length: null };
  if (present.every((v) => typeof v === "number" || typeof v === "bigint")) {
    return { ...t, base: "double", length: null };
  }
  if (present.every((v) => v instanceof Uint8Array)) {
    return { ...t, base: "longblob", length: null };
  }
  const longest = present.reduce<number>((a, v) => Math.max(a, [...String(v)].length), 1);
  return longest <= 16383
    ? { ...t, base: "varchar", length: longest }
    : { ...t, base: "longtext", length: null };
}

/** Runs CREATE TABLE … SELECT. */
export function createTableFromSelect(
  stmt: Extract<DdlStatement, { kind: "create_table" }>,
  name: string,
  ctx: DdlContext,
): { affectedRows: number; warnings: Warning[] } {
  if (!stmt.select) throw notSupported("CREATE TABLE without columns");
  const translated = selectTranslator(ctx)(stmt.select);
  const select = translated.sql;
  const def = buildTable(
    name,
    stmt.body ?? { columns: [], indexes: [], foreignKeys: [], checks: [] },
    stmt.options,
    expressionTranslator(ctx),
    nowString(ctx),
    false,
  );
  const prepared = ctx.db.prepare(select);
  const cols = prepared.columns();
  const rows = allRows(prepared, []).map((r) => Object.values(r as object) as SqlValue[]);
  const names = cols.map((c, i) => translated.columnNames?.[i] ?? c.name);
  cols.forEach((c, i) => {
    const colName = names[i]!;
    if (findColumn(def, colName)) return;
    let col: ColumnDef | undefined;
    if (c.table && c.column) {
      const source = readTable(ctx.db, c.table);
      const sc = source && findColumn(source, c.column);
      if (sc) {
        col = { ...structuredClone(sc), name: colName, autoIncrement: false, onUpdateNow: null };
      }
    }
    if (!col) {
      const type = c.type
        ? mysqlTypeForDeclared(c.type)
        : _typeFromValues(rows.map((r) => r[i] ?? null));
      if (type.charset) {
        type.charset = def.options.charset;
        type.collation = def.options.collation;
      }
      col = plainColumn(colName, type);
    }
    insertColumn(def, col, null);
  });
  validateTable(def);
  let affected = 0;
  withTransaction(ctx.db, () => {
    createTableObjects(ctx.db, def);
    const target = names.map(sqlIdent).join(", ");
    const r = ctx.db.prepare(`INSERT INTO ${sqlIdent(name)} (${target}) SELECT * FROM (${select})`)
      .run();
    affected = Number(r.changes);
    writeObject(ctx.db, def);
  });
  return { affectedRows: affected, warnings: [] };
}
