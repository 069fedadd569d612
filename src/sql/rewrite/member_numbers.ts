/**
 * ENUM and SET columns as numbers, as MySQL uses them in numeric context: an ENUM value is its
 * member's position (1-based, 0 for ''), a SET value the bits of its members
 * (`mysql_member_position`). Arithmetic (`pr + 0`), comparison with a number (`pr = 2`) and
 * ORDER BY (collated_order.ts) read them so.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr, TableRef } from "../parser/ast.ts";
import type { ColumnMembers } from "../statement.ts";
import { owningTable } from "./column_owner.ts";

/** `text` (an ENUM or SET column with `members`) as its number. */
export function memberNumber(text: string, members: ColumnMembers): string {
  const list = JSON.stringify(members.values).replaceAll("'", "''");
  return `mysql_member_position(${text}, '${list}', ${members.set ? 1 : 0})`;
}

/** The members of the ENUM or SET column `e` reads (of a table of the session's database,
 * through the FROM lists `scopes`), or null for anything else. */
export function columnMembers(
  em: Emitter,
  e: Expr,
  scopes: readonly TableRef[][] = em.fromScopes,
): ColumnMembers | null {
  if (e.k !== "col" || em.ctx.enumMembers === undefined) return null;
  em.usesSchema = true;
  const table = owningTable(em, e.parts, scopes);
  return table === null ? null : em.ctx.enumMembers(table, e.parts[e.parts.length - 1]!);
}
