/**
 * Test support for stored values: a WAL file with every MySQL function registered (as storage
 * opens it), tables made by `executeDdl`, rows written with plain SQLite INSERT/UPDATE as the
 * translator emits them, and values read back in the form a MySQL client compares (bytes as
 * upper-case hex, numbers and text as strings).
 */
import assert from "node:assert/strict";
import type { DatabaseSync } from "node:sqlite";
import { registerMysqlFunctions } from "../../../../src/sql/functions/mod.ts";
import { ddl, openTestDb } from "./_helpers.ts";

/** A test database with the MySQL functions registered; `close` removes it. */
export function openStoredDb(): { db: DatabaseSync; close: () => void } {
  const t = openTestDb();
  registerMysqlFunctions(t.db);
  return { db: t.db, close: t.close };
}

/** A value as a test compares it: null, hex for bytes, else its string form. */
export function shown(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) {
    return [...v].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  }
  return String(v);
}

/**
 * Creates `t (id INTEGER AUTO_INCREMENT, c <type>)`, inserts each input (SQL literal text) as
 * its own row and compares what is stored with the expected values, reporting every mismatch.
 */
export function checkColumn(
  db: DatabaseSync,
  type: string,
  cases: ReadonlyArray<readonly [input: string, expected: string | null]>,
): void {
  ddl(db, "DROP TABLE IF EXISTS t");
  ddl(db, `CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY, c ${type}) CHARSET utf8mb4`);
  for (const [input] of cases) db.exec(`INSERT INTO t (c) VALUES (${input})`);
  const read = db.prepare("SELECT c FROM t ORDER BY id");
  read.setReadBigInts(true);
  const rows = read.all();
  const got = rows.map((r) => shown(r.c));
  const bad = cases
    .map(([input, expected], i) => ({ input, expected, got: got[i] ?? null }))
    .filter((r) => r.expected !== r.got);
  assert.deepEqual(bad, [], `${type}: stored values differ from MySQL's`);
}
