/**
 * Multi-table DELETE (`DELETE t1 FROM t1 JOIN t2 ...`, `DELETE t1, t2 FROM ...`,
 * `DELETE FROM t1 USING t1 JOIN t2 ...`). Every target's rows are chosen by rowid from the
 * join. When all targets are the same table (WordPress deletes a transient and its timeout
 * row with `DELETE a, b FROM wp_options a, wp_options b ...`) one DELETE with the union of
 * the rowid sets does it. Targets in different tables need the row sets fixed before the
 * first DELETE changes the join: they go to a temporary table first (helper statements
 * marked `countChanges: false`), then one DELETE per table reads its rowids from it.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { EmittedWrite } from "../emit/write_emission.ts";
import type { DeleteStmt } from "../parser/ast.ts";
import { collectTables, findTable, type NamedTable, tableLabel } from "./table_lookup.ts";

const SCRATCH = `temp."__marmot_multi_delete"`;

export function emitMultiTableDelete(em: Emitter, st: DeleteStmt): EmittedWrite {
  const tables = collectTables(st.refs);
  const targets = st.targets!.map((parts) => findTable(tables, parts, "MULTI DELETE"));
  const from = st.refs.map((r) => em.tableRef(r)).join(", ");
  const where = st.where === null ? "" : ` WHERE ${em.expr(st.where)}`;
  const physical = new Map<string, NamedTable[]>();
  for (const t of targets) {
    const key = `${t.db?.toLowerCase() ?? ""}.${t.name.toLowerCase()}`;
    const list = physical.get(key) ?? [];
    if (!list.includes(t)) list.push(t);
    physical.set(key, list);
  }
  const result = {
    op: "delete" as const,
    upsert: false,
    tables: [...new Set(targets.map((t) => t.name.toLowerCase()))],
    database: targets[0]!.db,
  };
  if (physical.size === 1) {
    const group = [...physical.values()][0]!;
    const sets = group.map((t) => `SELECT ${em.ident(tableLabel(t))}.rowid FROM ${from}${where}`);
    const sql = `DELETE FROM ${em.tableName(group[0]!.db, group[0]!.name)} WHERE rowid IN (${
      sets.join(" UNION ")
    })`;
    return { ...result, stmts: [{ sql, countChanges: true }] };
  }
  const distinct = [...new Set(targets)];
  const columns = distinct.map((t, i) => `${em.ident(tableLabel(t))}.rowid AS "r${i}"`);
  const stmts: EmittedWrite["stmts"] = [
    { sql: `DROP TABLE IF EXISTS ${SCRATCH}`, countChanges: false },
    {
      sql: `CREATE TEMP TABLE "__marmot_multi_delete" AS SELECT ${
        columns.join(", ")
      } FROM ${from}${where}`,
      countChanges: false,
    },
  ];
  for (const group of physical.values()) {
    const sets = group.map((t) => `SELECT "r${distinct.indexOf(t)}" FROM ${SCRATCH}`);
    stmts.push({
      sql: `DELETE FROM ${em.tableName(group[0]!.db, group[0]!.name)} WHERE rowid IN (${
        sets.join(" UNION ")
      })`,
      countChanges: true,
    });
  }
  stmts.push({ sql: `DROP TABLE ${SCRATCH}`, countChanges: false });
  return { ...result, stmts };
}
