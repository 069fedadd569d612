/**
 * INSERT ... ON DUPLICATE KEY UPDATE → `ON CONFLICT DO UPDATE SET` with no conflict target
 * (SQLite 3.35+: any uniqueness constraint, as in MySQL). `VALUES(c)` and the MySQL 8 row
 * alias (`AS new`, `new.c`, `AS new(x, y)`) become `excluded."c"`. Assignments read the values
 * assigned before them, as in MySQL. A WHERE skips updates that change nothing, so SQLite's
 * change count is inserted + changed rows; the session derives MySQL's affected rows from it
 * (with CLIENT_FOUND_ROWS an unchanged duplicate counts 1, without it 0).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { InsertStmt } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { setList, unchangedCondition } from "./changed_rows.ts";

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
  const sets = setList(em, assigned);
  const unchanged = unchangedCondition(em, assigned);
  return `ON CONFLICT DO UPDATE SET ${sets}${
    unchanged === null ? "" : ` WHERE NOT (${unchanged})`
  }`;
}
