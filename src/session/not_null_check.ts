/**
 * NULL for a NOT NULL column in INSERT ... VALUES. Tables store such columns as
 * `NOT NULL ON CONFLICT REPLACE` so SQLite gives the default, which is MySQL's non-strict
 * behaviour for multi-row INSERT and UPDATE; MySQL refuses the NULL (1048) in a single-row
 * INSERT, and in any INSERT under a strict sql_mode. This check restores those errors and
 * gives the multi-row case its warnings.
 */
import type { Warning } from "../sql/ddl/mod.ts";
import type { Statement } from "../sql/statement.ts";
import type { Database } from "../storage/database.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";

type WriteStatement = Extract<Statement, { kind: "write" }>;

/** Throws 1048 where MySQL would; returns the warnings of the NULLs it lets through. */
export function checkNotNull(
  st: WriteStatement,
  ctx: { db: Database; placeholders: SqlValue[] | null; session: SessionValues; strict: boolean },
): Warning[] {
  const table = st.tables[0];
  if (table === undefined || st.insertValues === undefined) return [];
  const columns = st.insertColumns ?? ctx.db.columns(table);
  if (columns === null) return [];
  const notNull = ctx.db.notNullColumns(table);
  const autoIncrement = ctx.db.autoIncrementColumn(table)?.toLowerCase();
  const warnings: Warning[] = [];
  for (const row of st.insertValues) {
    for (let i = 0; i < row.length; i++) {
      const column = columns[i]?.toLowerCase();
      if (column === undefined || column === autoIncrement || !notNull.has(column)) continue;
      const entry = row[i];
      if (entry === undefined) continue; // an expression: its value is not known here
      const [value] = bindParams([entry], ctx.placeholders, ctx.session);
      if (value !== null) continue;
      const message = `Column '${columns[i]}' cannot be null`;
      if (st.insertValues.length === 1 || ctx.strict) throw new MysqlError(ER.BAD_NULL, message);
      warnings.push({ level: "Warning", code: ER.BAD_NULL, message });
    }
  }
  return warnings;
}
