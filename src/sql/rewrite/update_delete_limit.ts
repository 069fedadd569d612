/**
 * UPDATE / DELETE ... [ORDER BY ...] LIMIT n: this SQLite build has no UPDATE/DELETE LIMIT, so
 * the rows are chosen by `rowid IN (SELECT rowid FROM t WHERE ... ORDER BY ... LIMIT n)`.
 * (A WITHOUT ROWID table has no rowid: such statements fail there.)
 */
import type { Emitter } from "../emit/emitter.ts";
import { emitOrderItems } from "../emit/query_emitter.ts";
import type { Limit, OrderItem } from "../parser/ast.ts";
import { emitLimit } from "./limit.ts";

/** The row condition; `table` is the emitted table (with alias), `label` its quoted name. */
export function limitedRows(
  em: Emitter,
  table: { sql: string; label: string },
  where: string | null,
  orderBy: OrderItem[],
  limit: Limit,
): string {
  let sub = `SELECT ${table.label}.rowid FROM ${table.sql}`;
  if (where !== null) sub += ` WHERE ${where}`;
  if (orderBy.length > 0) sub += ` ORDER BY ${emitOrderItems(em, orderBy)}`;
  return `${table.label}.rowid IN (${sub} ${emitLimit(em, limit)})`;
}
