/**
 * Column references: `db.table.col` loses the qualifier when db is the session's database (and
 * keeps it, reported for ATTACH, otherwise); inside UPDATE a column assigned earlier in the
 * SET list reads its new value (MySQL evaluates single-table SET left to right); inside ON
 * DUPLICATE KEY UPDATE the row alias (`AS new`) means SQLite's `excluded` row.
 */
import type { Emitter } from "../emit/emitter.ts";
import { lateralColumn, lateralStar } from "./lateral.ts";

/** Writes a column reference given as its qualifier parts. */
export function emitColumn(em: Emitter, parts: string[]): string {
  const col = parts[parts.length - 1]!;
  const aliased = parts.length === 1 ? em.havingAliases?.get(col.toLowerCase()) : undefined;
  if (aliased !== undefined) {
    // The item's own names are the tables' (an alias never refers to itself).
    const outer = em.havingAliases;
    em.havingAliases = null;
    try {
      return `(${em.expr(aliased)})`;
    } finally {
      em.havingAliases = outer;
    }
  }
  if (em.substitutions !== null) {
    const own = parts.length === 1 ||
      (parts.length === 2 && em.targetNames !== null &&
        em.targetNames.has(parts[0]!.toLowerCase()));
    const value = own ? em.substitutions.get(col.toLowerCase()) : undefined;
    if (value !== undefined) return `(${value})`;
  }
  const upsert = em.upsert;
  if (
    upsert !== null && upsert.alias !== null && parts.length === 2 &&
    parts[0]!.toLowerCase() === upsert.alias
  ) {
    return `excluded.${em.ident(upsert.columns.get(col.toLowerCase()) ?? col)}`;
  }
  const lateral = lateralColumn(em, parts);
  if (lateral !== null) return lateral;
  if (parts.length === 3) return `${em.tableName(parts[0]!, parts[1]!)}.${em.ident(col)}`;
  if (parts.length === 2) return `${em.ident(parts[0]!)}.${em.ident(col)}`;
  return em.ident(col);
}

/** `*`, `t.*` or `db.t.*`. */
export function emitStar(em: Emitter, parts: string[]): string {
  if (parts.length === 0) return "*";
  const lateral = lateralStar(em, parts);
  if (lateral !== null) return lateral;
  if (parts.length === 2) return `${em.tableName(parts[0]!, parts[1]!)}.*`;
  return `${em.ident(parts[0]!)}.*`;
}
