/**
 * INSERT and REPLACE: `INSERT IGNORE` → `INSERT OR IGNORE`, `REPLACE` → `INSERT OR REPLACE`,
 * `INSERT ... SET a=1` → column list + VALUES, `VALUES ()` → DEFAULT VALUES, `DEFAULT` values
 * → the column is left out (rows with different DEFAULT positions become separate
 * statements), ON DUPLICATE KEY UPDATE → SQLite upsert (rewrite/on_duplicate_key.ts).
 * An AUTO_INCREMENT column given 0 gets `nullif(v, 0)`: MySQL generates an id for 0 as for
 * NULL (unless NO_AUTO_VALUE_ON_ZERO), SQLite would store 0.
 */
import type { Assignment, Expr, InsertStmt } from "../parser/ast.ts";
import { emitOnDuplicateKey } from "../rewrite/on_duplicate_key.ts";
import { unsupported } from "../translate_errors.ts";
import { ER, MysqlError } from "../../types/errors.ts";
import type { Emitter } from "./emitter.ts";
import { valueSource } from "./insert_values.ts";
import type { EmittedWrite } from "./write_emission.ts";

export function emitInsert(em: Emitter, st: InsertStmt): EmittedWrite {
  const verb = st.replace ? "INSERT OR REPLACE" : st.ignore ? "INSERT OR IGNORE" : "INSERT";
  const target = `${verb} INTO ${em.tableName(st.table.db, st.table.name)}`;
  const upsert = st.onDuplicate !== null;
  const base = {
    op: st.replace ? "replace" as const : "insert" as const,
    upsert,
    tables: [st.table.name.toLowerCase()],
    database: st.table.db,
  };
  let columns = st.columns;
  let rows: Expr[][];
  if (st.source.k === "select") {
    const cols = columns === null || columns.length === 0 ? "" : ` ${columnList(em, columns)}`;
    let select = em.query(st.source.q);
    // SQLite reads `ON` after a FROM clause as a join constraint: a WHERE avoids it.
    if (upsert) select = `SELECT * FROM (${select}) WHERE true`;
    const sql = `${target}${cols} ${select}${upsertClause(em, st, columns)}`;
    return { ...base, stmts: [{ sql, countChanges: true }] };
  }
  if (st.source.k === "set") {
    columns = st.source.assignments.map((a: Assignment) => a.col[a.col.length - 1]!);
    rows = [st.source.assignments.map((a: Assignment) => a.value)];
  } else {
    rows = st.source.rows;
  }
  checkRowSizes(columns, rows);
  const insert = {
    rows: rows.length,
    columns: columns === null || columns.length === 0 ? null : columns,
    values: rows.map((row) => row.map((v) => valueSource(em, v))),
  };
  const auto = autoIncrementPosition(em, st, columns);
  const conflict = upsertClause(em, st, columns);
  const stmts: EmittedWrite["stmts"] = [];
  for (const group of groupByDefaults(rows)) {
    const keep = group.mask;
    if (columns === null && keep.some((k) => !k)) {
      throw unsupported("DEFAULT without a column list");
    }
    const cols = columns === null ? null : columns.filter((_, i) => keep[i]);
    if ((cols !== null && cols.length === 0) || (columns === null && group.rows[0]!.length === 0)) {
      if (conflict !== "") throw unsupported("ON DUPLICATE KEY UPDATE with only default values");
      for (let i = 0; i < group.rows.length; i++) {
        stmts.push({ sql: `${target} DEFAULT VALUES`, countChanges: true });
      }
      continue;
    }
    const values = group.rows.map((row) => {
      const items: string[] = [];
      row.forEach((v, i) => {
        if (!keep[i]) return;
        items.push(i === auto && v.k !== "null" ? `nullif(${em.expr(v)}, 0)` : em.expr(v));
      });
      return `(${items.join(", ")})`;
    });
    const list = cols === null ? "" : ` ${columnList(em, cols)}`;
    stmts.push({
      sql: `${target}${list} VALUES ${values.join(", ")}${conflict}`,
      countChanges: true,
    });
  }
  return { ...base, stmts, insert };
}

/** Position in each VALUES row of the table's AUTO_INCREMENT column, or -1. Only tables of
 * the session's database are known (the translation is then cached per schema version). */
function autoIncrementPosition(em: Emitter, st: InsertStmt, columns: string[] | null): number {
  const current = em.sessionDatabase;
  if (current === null) return -1;
  if (st.table.db !== null && st.table.db.toLowerCase() !== current.toLowerCase()) return -1;
  em.usesSchema = true;
  const schema = em.ctx.schema;
  if (schema === undefined || schema === null) return -1;
  const column = schema.autoIncrementColumn(st.table.name)?.toLowerCase();
  if (column === undefined) return -1;
  const named = columns ?? schema.columns?.(st.table.name) ?? null;
  if (named === null) return -1;
  return named.findIndex((c) => c.toLowerCase() === column);
}

function columnList(em: Emitter, columns: string[]): string {
  return `(${columns.map((c) => em.ident(c)).join(", ")})`;
}

function upsertClause(em: Emitter, st: InsertStmt, columns: string[] | null): string {
  if (st.onDuplicate === null) return "";
  return ` ${emitOnDuplicateKey(em, st, columns)}`;
}

function checkRowSizes(columns: string[] | null, rows: Expr[][]): void {
  const width = columns?.length ?? rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw new MysqlError(
        ER.WRONG_VALUE_COUNT_ON_ROW,
        `Column count doesn't match value count at row ${i + 1}`,
      );
    }
  });
}

/** Consecutive rows with DEFAULT in the same positions, with the positions to keep. */
function groupByDefaults(rows: Expr[][]): Array<{ mask: boolean[]; rows: Expr[][] }> {
  const groups: Array<{ mask: boolean[]; key: string; rows: Expr[][] }> = [];
  for (const row of rows) {
    const mask = row.map((v) => v.k !== "default");
    const key = mask.map((m) => (m ? "1" : "0")).join("");
    const last = groups[groups.length - 1];
    if (last !== undefined && last.key === key) last.rows.push(row);
    else groups.push({ mask, key, rows: [row] });
  }
  return groups;
}
