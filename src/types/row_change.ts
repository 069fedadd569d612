/**
 * A row change captured on the node that ran the statement and applied on every node: the
 * row's identity (its primary-key values, or its rowid when the table declares none) and
 * its full images before and after.
 */
import type { SqlValue } from "./values.ts";

export type RowOp = "insert" | "update" | "delete";

export interface RowChange {
  table: string;
  op: RowOp;
  /** Identity of the row after the change (before it, for a delete): see `rowKey`. */
  key: string;
  /** An update that changed the identity: the identity before. */
  oldKey?: string;
  /** Column names of the images (stored columns only, in table order). */
  columns: string[];
  /** The row's rowid when the table has no declared primary key (its identity). */
  rowid?: bigint;
  before: SqlValue[] | null;
  after: SqlValue[] | null;
}

/** One replicated schema statement (MySQL text, run through the DDL executor everywhere). */
export interface DdlChange {
  sql: string;
  /** Tables it touches (their DDL intent keys). */
  tables: string[];
}

/**
 * The identity of a row as a string: table plus typed key values. Integers of any width map
 * to one form, so 1 and 1n are the same row; text and blobs stay distinct.
 */
export function rowKey(table: string, values: readonly SqlValue[]): string {
  let key = table;
  for (const v of values) key += "\u0000" + keyPart(v);
  return key;
}

function keyPart(v: SqlValue): string {
  if (v === null) return "n";
  if (typeof v === "bigint") return "i" + v;
  if (typeof v === "number") {
    return Number.isInteger(v) ? "i" + v : "r" + (Object.is(v, -0) ? 0 : v);
  }
  // A NUL inside text is escaped so it never reads as the separator between key parts.
  if (typeof v === "string") {
    return "s" + (v.includes("\u0000") ? v.replaceAll("\u0000", "\u0000\u0001") : v);
  }
  let hex = "b";
  for (const b of v) hex += b.toString(16).padStart(2, "0");
  return hex;
}
