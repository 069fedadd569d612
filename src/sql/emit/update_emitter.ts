/**
 * Single-table UPDATE: SET columns lose their qualifier, later assignments read the values of
 * earlier ones (MySQL evaluates SET left to right, SQLite reads the old row), ORDER BY/LIMIT go
 * through a rowid subquery and unchanged rows are left out (rewrite/changed_rows.ts); the
 * matched rows are counted by a separate `SELECT count(*)` over the same rows.
 * Multi-table forms are in rewrite/multi_table_update.ts.
 */
import { MysqlError } from "../../types/errors.ts";
import type { TableRef, UpdateStmt } from "../parser/ast.ts";
import {
  type AssignedValue,
  assignedValue,
  setList,
  unchangedCondition,
} from "../rewrite/changed_rows.ts";
import { emitMultiTableUpdate } from "../rewrite/multi_table_update.ts";
import { emitLimit } from "../rewrite/limit.ts";
import { limitedRows } from "../rewrite/update_delete_limit.ts";
import type { Emitter } from "./emitter.ts";
import { conjunction, type EmittedWrite } from "./write_emission.ts";

export function emitUpdate(em: Emitter, st: UpdateStmt): EmittedWrite {
  const only = st.refs[0]!;
  if (st.refs.length === 1 && only.k === "table") return emitSingleUpdate(em, st, only);
  if (st.orderBy.length > 0 || st.limit !== null) {
    const what = st.limit !== null ? "LIMIT" : "ORDER BY";
    throw new MysqlError(1221, `Incorrect usage of UPDATE and ${what}`);
  }
  return emitMultiTableUpdate(em, st);
}

function emitSingleUpdate(
  em: Emitter,
  st: UpdateStmt,
  t: Extract<TableRef, { k: "table" }>,
): EmittedWrite {
  const name = em.tableName(t.db, t.name);
  const label = em.ident(t.alias ?? t.name);
  const table = t.alias === null ? name : `${name} AS ${label}`;
  const assigned: AssignedValue[] = [];
  em.substitutions = new Map();
  em.targetNames = new Set([t.name.toLowerCase(), (t.alias ?? t.name).toLowerCase()]);
  try {
    for (const a of st.set) {
      const column = a.col[a.col.length - 1]!;
      const value = em.expr(a.value);
      assigned.push(assignedValue(em, t, column, value));
      em.substitutions.set(column.toLowerCase(), value);
    }
  } finally {
    em.substitutions = null;
    em.targetNames = null;
  }
  const where = st.where === null ? null : em.expr(st.where);
  const rows = st.limit === null ? where : limitedRows(
    em,
    { sql: table, label: t.alias === null ? name : label },
    where,
    st.orderBy,
    st.limit,
  );
  const unchanged = unchangedCondition(em, assigned);
  const condition = conjunction([rows, unchanged === null ? null : `NOT (${unchanged})`]);
  const sets = setList(em, assigned);
  const sql = `UPDATE${st.ignore ? " OR IGNORE" : ""} ${table} SET ${sets}${
    condition === null ? "" : ` WHERE ${condition}`
  }`;
  const filter = where === null ? "" : ` WHERE ${where}`;
  // LIMIT counts matched rows whatever their order: the count needs no ORDER BY.
  const matched = st.limit === null
    ? `SELECT count(*) FROM ${table}${filter}`
    : `SELECT count(*) FROM (SELECT 1 FROM ${table}${filter} ${emitLimit(em, st.limit)})`;
  return {
    op: "update",
    stmts: [{ sql, countChanges: true }],
    upsert: false,
    tables: [t.name.toLowerCase()],
    database: t.db,
    matched,
  };
}
