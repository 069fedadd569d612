/** Single-table DELETE (with ORDER BY/LIMIT through a rowid subquery); multi-table forms are in
 * rewrite/multi_table_delete.ts. DELETE IGNORE has no SQLite counterpart and runs as DELETE. */
import type { DeleteStmt } from "../parser/ast.ts";
import { emitMultiTableDelete } from "../rewrite/multi_table_delete.ts";
import { limitedRows } from "../rewrite/update_delete_limit.ts";
import type { Emitter } from "./emitter.ts";
import type { EmittedWrite } from "./write_emission.ts";

export function emitDelete(em: Emitter, st: DeleteStmt): EmittedWrite {
  if (st.targets !== null) return emitMultiTableDelete(em, st);
  const t = st.refs[0]!;
  if (t.k !== "table") throw new Error("Single-table DELETE without a table");
  const name = em.tableName(t.db, t.name);
  const label = t.alias === null ? name : em.ident(t.alias);
  const table = t.alias === null ? name : `${name} AS ${label}`;
  const where = st.where === null ? null : em.expr(st.where);
  const rows = st.limit === null
    ? where
    : limitedRows(em, { sql: table, label }, where, st.orderBy, st.limit);
  return {
    op: "delete",
    stmts: [{
      sql: `DELETE FROM ${table}${rows === null ? "" : ` WHERE ${rows}`}`,
      countChanges: true,
    }],
    upsert: false,
    tables: [t.name.toLowerCase()],
    database: t.db,
  };
}
