/** Window specifications (`OVER (...)`), which SQLite writes as MySQL does. */
import type { Window } from "../parser/ast.ts";
import type { Emitter } from "./emitter.ts";
import { emitOrderItems } from "./query_emitter.ts";

export function emitWindow(em: Emitter, w: Window): string {
  // `OVER w` and `OVER (w ...)` differ: the second may not change w's frame.
  if (w.name !== null && w.partitionBy.length === 0 && w.orderBy.length === 0 && w.frame === null) {
    return em.ident(w.name);
  }
  const parts: string[] = [];
  if (w.name !== null) parts.push(em.ident(w.name));
  if (w.partitionBy.length > 0) {
    parts.push(`PARTITION BY ${w.partitionBy.map((e) => em.expr(e)).join(", ")}`);
  }
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${emitOrderItems(em, w.orderBy)}`);
  if (w.frame !== null) parts.push(w.frame);
  return `(${parts.join(" ")})`;
}
