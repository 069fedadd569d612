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
 * becomes its default (`NOT NULL ON CONFLICT REPLACE`), so it is compared as that default.
 */
import type { Emitter } from "../emit/emitter.ts";

export interface AssignedValue {
  column: string;
  value: string;
  /** How the current value is read, when not the bare column name. */
  current?: string;
  /** The value as the column will store it, when that differs from `value`. */
  stored?: string;
}

/** A NULL assigned to a NOT NULL column of a table of the session's database is stored as the
 * column's default: the value to compare with (undefined when it is the value itself). */
export function storedValue(
  em: Emitter,
  table: { db: string | null; name: string },
  column: string,
  value: string,
): string | undefined {
  const current = em.sessionDatabase;
  if (current === null) return undefined;
  if (table.db !== null && table.db.toLowerCase() !== current.toLowerCase()) return undefined;
  em.usesSchema = true;
  const fallback = em.ctx.schema?.notNullDefault?.(table.name, column) ?? null;
  return fallback === null ? undefined : `coalesce((${value}), ${fallback})`;
}

/** The "row would not change" condition, or null when nothing is assigned or the values set
 * session state (`@n := @n + 1` must run once per row: every matched row counts then). */
export function unchangedCondition(em: Emitter, assigned: AssignedValue[]): string | null {
  if (assigned.length === 0 || em.liveSessionState) return null;
  return assigned
    .map((a) => `${a.current ?? em.ident(a.column)} IS (${a.stored ?? a.value}) COLLATE BINARY`)
    .join(" AND ");
}
