/** The AUTO_INCREMENT counter, kept by SQLite's AUTOINCREMENT in `sqlite_sequence`. */
import type { DatabaseSync } from "node:sqlite";
import type { TableDef } from "./model.ts";
import { sqlIdent } from "./mysql_type.ts";
import { rowidColumn } from "./sqlite_schema.ts";

function _hasSequenceTable(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").get() !==
    undefined;
}

/** Sets the next value to `next`, or to MAX(col)+1 when that is larger (MySQL's rule). */
export function setAutoIncrement(db: DatabaseSync, def: TableDef, next: number): void {
  const ai = rowidColumn(def);
  if (!ai || !_hasSequenceTable(db)) return;
  const max = Number(
    db.prepare(`SELECT max(${sqlIdent(ai.name)}) AS m FROM ${sqlIdent(def.name)}`).get()?.m ?? 0,
  );
  const seq = Math.max(next - 1, max, 0);
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = ?").get(def.name);
  if (row) db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = ?").run(seq, def.name);
  else db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)").run(def.name, seq);
}

/** Forgets the counter (TRUNCATE): the next value is 1 again. */
export function resetAutoIncrement(db: DatabaseSync, table: string): void {
  if (_hasSequenceTable(db)) db.prepare("DELETE FROM sqlite_sequence WHERE name = ?").run(table);
}

/** The counter value saved before a rebuild, to restore afterwards. */
export function readSequence(db: DatabaseSync, table: string): number | null {
  if (!_hasSequenceTable(db)) return null;
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = ? COLLATE NOCASE").get(
    table,
  );
  return row ? Number(row.seq) : null;
}

/** The next AUTO_INCREMENT value (SHOW TABLE STATUS, I_S.TABLES), or null without one. */
export function nextAutoIncrement(db: DatabaseSync, def: TableDef): number | null {
  if (!rowidColumn(def)) return null;
  return (readSequence(db, def.name) ?? 0) + 1;
}
