/**
 * Single-table UPDATE: SET columns lose their qualifier, later assignments read the values of
 * earlier ones (MySQL evaluates SET left to right, SQLite reads the old row), ORDER BY/LIMIT go
 * through a rowid subquery and unchanged rows are left out (rewrite/changed_rows.ts).
 * Multi-table forms are in rewrite/multi_table_update.ts.
 */
import { MysqlError } from "../../types/errors.ts";
import type { TableRef, UpdateStmt } from "../parser/ast.ts";
import { unchangedCondition } from "../rewrite/changed_rows.ts";
import { emitMultiTableUpdate } from "../rewrite/multi_table_update.ts";
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
  const assigned: Array<{ column: string; value: string }> = [];
  em.substitutions = new Map();
  em.targetNames = new Set([t.name.toLowerCase(), (t.alias ?? t.name).toLowerCase()]);
  try {
    for (const a of st.set) {
      const column = a.col[a.col.length - 1]!;
      const value = em.expr(a.value);
      assigned.push({ column, value });
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
  const sets = assigned.map((a) => `${em.ident(a.column)} = ${a.value}`).join(", ");
  const sql = `UPDATE${st.ignore ? " OR IGNORE" : ""} ${table} SET ${sets}${
    condition === null ? "" : ` WHERE ${condition}`
  }`;
  return {
    op: "update",
    stmts: [{ sql, countChanges: true }],
    upsert: false,
    tables: [t.name.toLowerCase()],
    database: t.db,
  };
}
