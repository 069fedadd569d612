/** What the INSERT / UPDATE / DELETE emitters produce before compilation into a template. */
import type { WriteOp } from "../statement.ts";
import type { ValueSource } from "./insert_values.ts";

export interface EmittedWrite {
  op: WriteOp;
  /** SQLite statements with parameter markers; `countChanges: false` for helper statements. */
  stmts: Array<{ sql: string; countChanges: boolean }>;
  upsert: boolean;
  /** Written tables, lower-case. */
  tables: string[];
  /** Database of the written table when qualified, else null (the session's database). */
  database: string | null;
  /** INSERT / REPLACE ... VALUES or SET: rows given, columns named (null: none) and values. */
  insert?: { rows: number; columns: string[] | null; values: ValueSource[][] };
  /** UPDATE: `SELECT count(*)` of the matched rows, with parameter markers. */
  matched?: string;
}

/** `a AND b` of the non-null conditions, each parenthesized when there are several. */
export function conjunction(conditions: Array<string | null>): string | null {
  const present = conditions.filter((c): c is string => c !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return present.map((c) => `(${c})`).join(" AND ");
}
