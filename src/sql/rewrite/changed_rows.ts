/**
 * MySQL counts an UPDATE's affected rows as the rows whose values change (unless the client
 * set CLIENT_FOUND_ROWS, then the rows matched); SQLite counts every matched row. Adding
 * `AND NOT (c1 IS (v1) COLLATE BINARY AND ...)` leaves unchanged rows out, which also keeps
 * triggers and ON UPDATE columns from firing on them, as in MySQL. COLLATE BINARY makes a
 * case-only change count as a change on NOCASE columns. Caveat: a non-deterministic value
 * (RAND(), UUID()) is computed separately for the check and for the assignment.
 *
 * An UPDATE always carries the condition (its matched rows are counted by a separate query,
 * so the session knows both numbers); an upsert carries it only without CLIENT_FOUND_ROWS.
 */
import type { Emitter } from "../emit/emitter.ts";

export interface AssignedValue {
  column: string;
  value: string;
  /** How the current value is read, when not the bare column name. */
  current?: string;
}

/** The "row would not change" condition, or null when nothing is assigned. */
export function unchangedCondition(em: Emitter, assigned: AssignedValue[]): string | null {
  if (assigned.length === 0) return null;
  return assigned
    .map((a) => `${a.current ?? em.ident(a.column)} IS (${a.value}) COLLATE BINARY`)
    .join(" AND ");
}
