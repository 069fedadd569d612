/**
 * MySQL counts an UPDATE's affected rows as the rows whose values change (unless the client
 * set CLIENT_FOUND_ROWS, then the rows matched); SQLite counts every matched row. Adding
 * `AND NOT (c1 IS (v1) COLLATE BINARY AND ...)` leaves unchanged rows out, which also keeps
 * triggers and ON UPDATE columns from firing on them, as in MySQL. COLLATE BINARY makes a
 * case-only change count as a change on NOCASE columns. Caveat: a non-deterministic value
 * (RAND(), UUID()) is computed separately for the check and for the assignment.
 *
 * UPDATEs and upserts always carry the condition (an UPDATE's matched rows are counted by a
 * separate query, so the session knows both numbers). A NULL written to a NOT NULL column
 * becomes its default (`NOT NULL ON CONFLICT REPLACE`), so it is compared as that default,
 * and warned about or refused (1048) on the way (`notNullValue`).
 */
import type { Emitter } from "../emit/emitter.ts";
import { sqliteStringLiteral } from "../string_literal.ts";

export interface AssignedValue {
  column: string;
  value: string;
  /** How the current value is read, when not the bare column name. */
  current?: string;
  /** The value as the column will store it, when that differs from `value`. */
  stored?: string;
}

/** An UPDATE's assignment of `value` to `column` of `table`; stored as checked for a NOT NULL
 * column (`notNullValue`). */
export function assignedValue(
  em: Emitter,
  table: { db: string | null; name: string },
  column: string,
  value: string,
  current?: string,
): AssignedValue {
  return { column, value, stored: notNullValue(em, table, column, value, false), current };
}

/** `c1 = v1, ...`: the values as written, checked (`stored`) where no changed-rows condition
 * evaluates them for every matched row (see `unchangedCondition`). A NULL for a NOT NULL
 * column is stored as its default by the table's ON CONFLICT REPLACE either way. */
export function setList(em: Emitter, assigned: AssignedValue[]): string {
  return assigned.map((a) =>
    `${em.ident(a.column)} = ${em.liveSessionState ? a.stored ?? a.value : a.value}`
  ).join(", ");
}

/**
 * `value` as written to `column` of `table`: for a NOT NULL column of a table of the session's
 * database it goes through `mysql_not_null`, so a NULL warns or fails with 1048 as the session
 * decides (MySQL's rules: strict mode, a single-row INSERT, IGNORE), and becomes the column's
 * default (its own, or MySQL's implicit one: 0, ''), as MySQL writes it. Otherwise `value`.
 */
export function notNullValue(
  em: Emitter,
  table: { db: string | null; name: string },
  column: string,
  value: string,
  singleRowInsert: boolean,
): string {
  const current = em.sessionDatabase;
  const schema = em.ctx.schema;
  if (current === null || schema?.isNotNull === undefined) return value;
  if (table.db !== null && table.db.toLowerCase() !== current.toLowerCase()) return value;
  em.usesSchema = true;
  if (!schema.isNotNull(table.name, column)) return value;
  // A NOT NULL column without DEFAULT has MySQL's implicit one (0, '') as its SQLite default.
  const fallback = schema.notNullDefault?.(table.name, column) ?? null;
  const checked = `mysql_not_null(${value}, ${sqliteStringLiteral(column)}, ${
    singleRowInsert ? 1 : 0
  })`;
  return fallback === null ? checked : `coalesce(${checked}, ${fallback})`;
}

/** The "row would not change" condition, or null when nothing is assigned or the values set
 * session state (`@n := @n + 1` must run once per row: every matched row counts then). It
 * evaluates each value once per matched row, so `notNullValue`'s check goes in `stored`. */
export function unchangedCondition(em: Emitter, assigned: AssignedValue[]): string | null {
  if (assigned.length === 0 || em.liveSessionState) return null;
  return assigned
    .map((a) => `${a.current ?? em.ident(a.column)} IS (${a.stored ?? a.value}) COLLATE BINARY`)
    .join(" AND ");
}
