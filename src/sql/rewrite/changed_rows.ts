/**
 * MySQL counts an UPDATE's affected rows as the rows whose values change (unless the client
 * set CLIENT_FOUND_ROWS); SQLite counts every matched row. Adding
 * `AND NOT (c1 IS (v1) COLLATE BINARY AND ...)` leaves unchanged rows out, which also keeps
 * triggers and ON UPDATE columns from firing on them, as in MySQL. COLLATE BINARY makes a
 * case-only change count as a change on NOCASE columns. Caveat: a non-deterministic value
 * (RAND(), UUID()) is computed separately for the check and for the assignment.
 */
import type { Emitter } from "../emit/emitter.ts";

/** The "row would not change" condition, or null when CLIENT_FOUND_ROWS is on. */
export function unchangedCondition(
  em: Emitter,
  assigned: Array<{ column: string; value: string; current?: string }>,
): string | null {
  em.usesFoundRows = true;
  if (em.ctx.clientFoundRows || assigned.length === 0) return null;
  return assigned
    .map((a) => `${a.current ?? em.ident(a.column)} IS (${a.value}) COLLATE BINARY`)
    .join(" AND ");
}
