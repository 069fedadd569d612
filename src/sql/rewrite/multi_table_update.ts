/**
 * Multi-table UPDATE (`UPDATE t1 JOIN t2 ON ... SET t1.a = t2.b WHERE ...`, `UPDATE t1, t2 SET
 * ...`): the join runs unchanged in a subquery that yields the target's rowid and every new
 * value, and SQLite's UPDATE ... FROM applies them:
 *   UPDATE t1 SET a = __src.__v0 FROM (SELECT t1.rowid AS __rid, t2.b AS __v0 FROM t1 JOIN t2
 *   ON ... WHERE ...) AS __src WHERE t1.rowid = __src.__rid
 * This keeps MySQL's join semantics (LEFT JOIN included). Assigning columns of several tables
 * in one statement is not supported (MySQL's result there depends on its join order).
 */
import type { Emitter } from "../emit/emitter.ts";
import { conjunction, type EmittedWrite } from "../emit/write_emission.ts";
import type { UpdateStmt } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { unchangedCondition } from "./changed_rows.ts";
import { collectTables, findTable, type NamedTable, tableLabel } from "./table_lookup.ts";

export function emitMultiTableUpdate(em: Emitter, st: UpdateStmt): EmittedWrite {
  const tables = collectTables(st.refs);
  const target = updateTarget(tables, st);
  const label = em.ident(tableLabel(target));
  const values = st.set.map((a, i) => `${em.expr(a.value)} AS "__v${i}"`);
  let sub = `SELECT ${label}.rowid AS "__rid", ${values.join(", ")} FROM ${
    st.refs.map((r) => em.tableRef(r)).join(", ")
  }`;
  if (st.where !== null) sub += ` WHERE ${em.expr(st.where)}`;
  const name = em.tableName(target.db, target.name);
  const table = target.alias === null ? name : `${name} AS ${label}`;
  const assigned = st.set.map((a, i) => ({
    column: a.col[a.col.length - 1]!,
    value: `"__src"."__v${i}"`,
  }));
  const sets = assigned.map((a) => `${em.ident(a.column)} = ${a.value}`).join(", ");
  const unchanged = unchangedCondition(em, assigned);
  const where = conjunction([
    `${label}.rowid = "__src"."__rid"`,
    unchanged === null ? null : `NOT (${unchanged})`,
  ]);
  const sql = `UPDATE${
    st.ignore ? " OR IGNORE" : ""
  } ${table} SET ${sets} FROM (${sub}) AS "__src" WHERE ${where}`;
  return {
    op: "update",
    stmts: [{ sql, countChanges: true }],
    upsert: false,
    tables: [target.name.toLowerCase()],
    database: target.db,
  };
}

/** The one table whose columns are assigned (unqualified columns belong to the first table). */
export function updateTarget(tables: NamedTable[], st: UpdateStmt): NamedTable {
  let target: NamedTable | null = null;
  for (const a of st.set) {
    const t = a.col.length === 1 ? tables[0]! : findTable(tables, a.col.slice(0, -1), "UPDATE");
    if (target !== null && t !== target) throw unsupported("UPDATE of columns of several tables");
    target = t;
  }
  return target!;
}
