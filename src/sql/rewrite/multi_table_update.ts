/**
 * Multi-table UPDATE (`UPDATE t1 JOIN t2 ON ... SET t1.a = t2.b WHERE ...`, `UPDATE t1, t2 SET
 * ...`). Every new value is computed from the joined rows as they were before the statement,
 * and each target row is updated once, as MySQL does.
 * - One target table: the join runs unchanged in a subquery that yields the target's rowid and
 *   every new value, and SQLite's UPDATE ... FROM applies them:
 *     UPDATE t1 SET a = __src.__v0 FROM (SELECT t1.rowid AS __rid, t2.b AS __v0 FROM t1 JOIN t2
 *     ON ... WHERE ...) AS __src WHERE t1.rowid = __src.__rid
 * - Several target tables: the first UPDATE would change the join the second one reads, so the
 *   joined row set (each target's rowid plus every new value) goes to a temporary table first
 *   (helper statements marked `countChanges: false`), then one UPDATE per target reads it.
 * The matched rows are counted per target (`count(DISTINCT t.rowid)` summed over the targets,
 * as MySQL's "Rows matched" counts each updated table's rows). A table assigned under two
 * names (a self-join updating both sides) is not supported.
 */
import type { Emitter } from "../emit/emitter.ts";
import { conjunction, type EmittedWrite } from "../emit/write_emission.ts";
import type { UpdateStmt } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { assignedValue, setList, unchangedCondition } from "./changed_rows.ts";
import { collectTables, findTable, type NamedTable, tableLabel } from "./table_lookup.ts";

const SCRATCH = `temp."__marmot_multi_update"`;

export function emitMultiTableUpdate(em: Emitter, st: UpdateStmt): EmittedWrite {
  const tables = collectTables(st.refs);
  const owners = assignmentTables(tables, st);
  const targets = [...new Set(owners)];
  const from = st.refs.map((r) => em.tableRef(r)).join(", ");
  const where = st.where === null ? "" : ` WHERE ${em.expr(st.where)}`;
  const values = st.set.map((a, i) => `${em.expr(a.value)} AS "__v${i}"`);
  const labels = targets.map((t) => em.ident(tableLabel(t)));
  const matched = `SELECT ${
    labels.map((l) => `count(DISTINCT ${l}.rowid)`).join(" + ")
  } FROM ${from}${where}`;
  const result = {
    op: "update" as const,
    upsert: false,
    tables: [...new Set(targets.map((t) => t.name.toLowerCase()))],
    database: targets[0]!.db,
    matched,
  };
  const apply = (t: NamedTable, source: string, rowid: string): string => {
    const label = em.ident(tableLabel(t));
    const name = em.tableName(t.db, t.name);
    const table = t.alias === null ? name : `${name} AS ${label}`;
    const assigned = st.set.flatMap((a, i) => {
      if (owners[i] !== t) return [];
      const column = a.col[a.col.length - 1]!;
      const current = `${label}.${em.ident(column)}`;
      return [assignedValue(em, t, column, `"__src"."__v${i}"`, current)];
    });
    const sets = setList(em, assigned);
    const unchanged = unchangedCondition(em, assigned);
    const condition = conjunction([
      `${label}.rowid = "__src".${rowid}`,
      unchanged === null ? null : `NOT (${unchanged})`,
    ]);
    return `UPDATE${
      st.ignore ? " OR IGNORE" : ""
    } ${table} SET ${sets} FROM ${source} AS "__src" WHERE ${condition}`;
  };
  if (targets.length === 1) {
    const sub = `(SELECT ${labels[0]}.rowid AS "__rid", ${values.join(", ")} FROM ${from}${where})`;
    return { ...result, stmts: [{ sql: apply(targets[0]!, sub, `"__rid"`), countChanges: true }] };
  }
  const rowids = labels.map((l, i) => `${l}.rowid AS "__r${i}"`);
  const stmts: EmittedWrite["stmts"] = [
    { sql: `DROP TABLE IF EXISTS ${SCRATCH}`, countChanges: false },
    {
      sql: `CREATE TEMP TABLE "__marmot_multi_update" AS SELECT ${
        [...rowids, ...values].join(", ")
      } FROM ${from}${where}`,
      countChanges: false,
    },
    ...targets.map((t, i) => ({ sql: apply(t, SCRATCH, `"__r${i}"`), countChanges: true })),
    { sql: `DROP TABLE ${SCRATCH}`, countChanges: false },
  ];
  return { ...result, stmts };
}

/** The tables whose columns are assigned, first table first (unqualified columns belong to
 * the first table). */
export function updateTargets(tables: NamedTable[], st: UpdateStmt): NamedTable[] {
  return [...new Set(assignmentTables(tables, st))];
}

/** The table of each assignment, in SET order. */
function assignmentTables(tables: NamedTable[], st: UpdateStmt): NamedTable[] {
  const owners = st.set.map((a) =>
    a.col.length === 1 ? tables[0]! : findTable(tables, a.col.slice(0, -1), "UPDATE")
  );
  const seen = new Map<string, NamedTable>();
  for (const t of owners) {
    const key = `${t.db?.toLowerCase() ?? ""}.${t.name.toLowerCase()}`;
    const other = seen.get(key);
    if (other !== undefined && other !== t) {
      throw unsupported("UPDATE of one table under two names");
    }
    seen.set(key, t);
  }
  return owners;
}
