/**
 * INSERT and REPLACE: `INSERT IGNORE` → `INSERT OR IGNORE`, `REPLACE` → `INSERT OR REPLACE`,
 * `INSERT ... SET a=1` → column list + VALUES, `VALUES ()` → DEFAULT VALUES, `DEFAULT` values
 * → the column is left out (rows with different DEFAULT positions become separate
 * statements), ON DUPLICATE KEY UPDATE → SQLite upsert (rewrite/on_duplicate_key.ts).
 * An AUTO_INCREMENT column given NULL, 0, DEFAULT or nothing gets its id from
 * `__marmot_autoid` (functions/auto_id.ts): ids unique across the cluster, and MySQL's
 * "0 generates" rule (SQLite would store 0).
 */
import type { Assignment, Expr, InsertStmt } from "../parser/ast.ts";
import { emitOnDuplicateKey } from "../rewrite/on_duplicate_key.ts";
import { notNullValue } from "../rewrite/changed_rows.ts";
import { unsupported } from "../translate_errors.ts";
import { ER, MysqlError } from "../../types/errors.ts";
import type { Emitter } from "./emitter.ts";
import { valueSource } from "./insert_values.ts";
import { AUTO_ID_FUNCTION } from "../functions/auto_id.ts";
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
    const auto = autoIncrementTarget(em, st, columns);
    let list = cols;
    if (auto !== null && auto.position < 0 && columns !== null && columns.length > 0) {
      // The id column is not given: every selected row gets a generated one.
      list = ` ${columnList(em, [...columns, auto.column])}`;
      select = `SELECT *, ${autoIdCall(em, st, auto, "NULL")} FROM (${select})`;
    }
    // SQLite reads `ON` after a FROM clause as a join constraint: a WHERE avoids it.
    if (upsert) select = `SELECT * FROM (${select}) WHERE true`;
    const sql = `${target}${list} ${select}${upsertClause(em, st, columns)}`;
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
  const auto = autoIncrementTarget(em, st, columns);
  const conflict = upsertClause(em, st, columns);
  const stmts: EmittedWrite["stmts"] = [];
  for (const group of groupByDefaults(rows)) {
    const keep = group.mask;
    if (columns === null && keep.some((k) => !k)) {
      throw unsupported("DEFAULT without a column list");
    }
    let cols = columns === null ? null : columns.filter((_, i) => keep[i]);
    // The id column left out (not listed, or DEFAULT): added back with a generated id.
    const addId = auto !== null && cols !== null && (auto.position < 0 || !keep[auto.position]);
    if (addId) cols = [...cols!, auto!.column];
    if ((cols !== null && cols.length === 0) || (columns === null && group.rows[0]!.length === 0)) {
      if (conflict !== "") throw unsupported("ON DUPLICATE KEY UPDATE with only default values");
      const sql = auto === null
        ? `${target} DEFAULT VALUES`
        : `${target} ${columnList(em, [auto.column])} VALUES (${autoIdCall(em, st, auto, "NULL")})`;
      for (let i = 0; i < group.rows.length; i++) stmts.push({ sql, countChanges: true });
      continue;
    }
    const names = columns ?? em.ctx.schema?.columns?.(st.table.name) ?? null;
    const values = group.rows.map((row) => {
      const items: string[] = [];
      row.forEach((v, i) => {
        if (!keep[i]) return;
        if (i === auto?.position) items.push(autoIdCall(em, st, auto, em.expr(v)));
        else items.push(writtenValue(em, st, names?.[i], v, rows.length === 1));
      });
      if (addId) items.push(autoIdCall(em, st, auto!, "NULL"));
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

/** The table's AUTO_INCREMENT column: its position in each VALUES row (-1 when the column
 * list leaves it out), name and integer width, from the schema facts of the database the
 * INSERT runs in (the translation is then cached per schema version). */
interface AutoIncrement {
  position: number;
  column: string;
  bits: number;
  /** The schema version the facts come from. */
  schema: number;
}

function autoIncrementTarget(
  em: Emitter,
  st: InsertStmt,
  columns: string[] | null,
): AutoIncrement | null {
  // ctx.schema describes ctx.database, where the write runs (the target's database).
  const target = st.table.db ?? em.sessionDatabase;
  if (target === null || target.toLowerCase() !== em.ctx.database?.toLowerCase()) return null;
  em.usesSchema = true;
  const schema = em.ctx.schema;
  if (schema === undefined || schema === null) return null;
  const column = schema.autoIncrementColumn(st.table.name);
  if (column === null) return null;
  const named = columns ?? schema.columns?.(st.table.name) ?? null;
  if (named === null) return null;
  const lower = column.toLowerCase();
  return {
    position: named.findIndex((c) => c.toLowerCase() === lower),
    column,
    bits: schema.autoIncrementBits?.(st.table.name) ?? 64,
    schema: schema.version,
  };
}

/** The id for one row: `value` unless NULL or 0, else a generated one. */
function autoIdCall(em: Emitter, st: InsertStmt, auto: AutoIncrement, value: string): string {
  const table = em.tableName(st.table.db, st.table.name);
  const name = `'${st.table.name.toLowerCase().replaceAll("'", "''")}'`;
  return `${AUTO_ID_FUNCTION}(${name}, ${value}, ${auto.bits}, ` +
    `(SELECT max(${em.ident(auto.column)}) FROM ${table}), ${auto.schema})`;
}

/** A VALUES item: an expression for a NOT NULL column is checked as it is written (a literal
 * or parameter NULL is, before the statement runs: session/not_null_check.ts). */
function writtenValue(
  em: Emitter,
  st: InsertStmt,
  column: string | undefined,
  v: Expr,
  singleRow: boolean,
): string {
  const value = em.expr(v);
  if (column === undefined || valueSource(em, v) !== null) return value;
  return notNullValue(em, st.table, column, value, singleRow);
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
