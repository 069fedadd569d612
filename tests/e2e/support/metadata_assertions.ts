/**
 * Assertions for metadata results (SHOW ..., INFORMATION_SCHEMA) that accept the spellings
 * of both MySQL 8 and MariaDB where they differ.
 */
import assert from "node:assert/strict";
import type { Connection } from "./connect.ts";

/** A result row as mysql2 returns it. */
export type Row = Record<string, unknown>;

/** Column types as MySQL 8 prints them, or MariaDB with display widths. */
export const INT_U = /^int(\(10\))? unsigned$/;
export const INT = /^int(\(11\))?$/;
export const BIGINT_U = /^bigint(\(20\))? unsigned$/;
export const NOW = /^(CURRENT_TIMESTAMP|current_timestamp\(\))$/;
/** I_S.COLUMNS.COLUMN_DEFAULT of a nullable column without default: NULL (MySQL), 'NULL' (MariaDB). */
export const NO_DEFAULT = /^(null|NULL)$/;

/** Checks `actual[key]` against a value (strict equality) or a RegExp, for every key. */
export function assertLike(
  actual: Row | undefined,
  expected: Record<string, unknown>,
  what: string,
): void {
  assert.ok(actual, `${what}: missing row`);
  for (const [key, want] of Object.entries(expected)) {
    const got: unknown = actual[key];
    if (want instanceof RegExp) {
      assert.match(String(got), want, `${what}.${key} = ${JSON.stringify(got)}`);
    } else assert.deepEqual(got, want, `${what}.${key}`);
  }
}

/** Same number of rows, each `assertLike` its expectation. */
export function assertRowsLike(
  actual: Row[],
  expected: Array<Record<string, unknown>>,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: ${JSON.stringify(actual)}`);
  expected.forEach((e, i) => assertLike(actual[i], e, `${what}[${i}]`));
}

/** The column names of a result, in order. */
export async function fieldNames(conn: Connection, sql: string): Promise<string[]> {
  const [, fields] = await conn.query(sql);
  return fields.map((f) => f.name);
}

/** The column list both MySQL 8 and MariaDB start with. */
export const SHOW_INDEX_FIELDS = [
  "Table",
  "Non_unique",
  "Key_name",
  "Seq_in_index",
  "Column_name",
  "Collation",
  "Cardinality",
  "Sub_part",
  "Packed",
  "Null",
  "Index_type",
  "Comment",
  "Index_comment",
];

/** SHOW TABLE STATUS columns both MySQL 8 and MariaDB start with. */
export const TABLE_STATUS_FIELDS = [
  "Name",
  "Engine",
  "Version",
  "Row_format",
  "Rows",
  "Avg_row_length",
  "Data_length",
  "Max_data_length",
  "Index_length",
  "Data_free",
  "Auto_increment",
  "Create_time",
  "Update_time",
  "Check_time",
  "Collation",
  "Checksum",
  "Create_options",
  "Comment",
];
