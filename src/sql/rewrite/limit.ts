/**
 * LIMIT: `LIMIT offset, count` is written `LIMIT count OFFSET offset`; a count above SQLite's
 * 64-bit range (the `LIMIT 18446744073709551615` "to the end" idiom) is bound as -1.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Limit } from "../parser/ast.ts";

export function emitLimit(em: Emitter, limit: Limit): string {
  const count = limit.count.k === "lit" ? em.literal(limit.count.lit, true) : em.expr(limit.count);
  if (limit.offset === null) return `LIMIT ${count}`;
  return `LIMIT ${count} OFFSET ${em.expr(limit.offset)}`;
}
