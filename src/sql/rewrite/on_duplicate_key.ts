/**
 * INSERT ... ON DUPLICATE KEY UPDATE → `ON CONFLICT DO UPDATE SET` with no conflict target
 * (SQLite 3.35+: any uniqueness constraint, as in MySQL). `VALUES(c)` and the MySQL 8 row
 * alias (`AS new`, `new.c`, `AS new(x, y)`) become `excluded."c"`. Assignments read the values
 * assigned before them, as in MySQL. Unless CLIENT_FOUND_ROWS, a WHERE skips updates that
 * change nothing, so such a row counts 0 affected rows, as in MySQL.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { InsertStmt } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { upsertUnchangedCondition } from "./changed_rows.ts";

export function emitOnDuplicateKey(em: Emitter, st: InsertStmt, columns: string[] | null): string {
  const alias = st.rowAlias;
  const aliasColumns = new Map<string, string>();
  if (alias !== null && alias.columns !== null) {
    if (columns === null || columns.length !== alias.columns.length) {
      throw unsupported("a row alias with column names but no insert column list");
    }
    alias.columns.forEach((c, i) => aliasColumns.set(c.toLowerCase(), columns[i]!));
  }
  em.upsert = { alias: alias?.name.toLowerCase() ?? null, columns: aliasColumns };
  em.substitutions = new Map();
  em.targetNames = new Set([st.table.name.toLowerCase()]);
  const assigned: Array<{ column: string; value: string }> = [];
  try {
    for (const a of st.onDuplicate ?? []) {
      const column = a.col[a.col.length - 1]!;
      const value = em.expr(a.value);
      assigned.push({ column, value });
      em.substitutions.set(column.toLowerCase(), value);
    }
  } finally {
    em.upsert = null;
    em.substitutions = null;
    em.targetNames = null;
  }
  const sets = assigned.map((a) => `${em.ident(a.column)} = ${a.value}`).join(", ");
  const unchanged = upsertUnchangedCondition(em, assigned);
  return `ON CONFLICT DO UPDATE SET ${sets}${
    unchanged === null ? "" : ` WHERE NOT (${unchanged})`
  }`;
}
