/**
 * Generates the SQLite schema for a MySQL table definition: CREATE TABLE (columns with
 * declared types, NOT NULL, defaults incl. MySQL's implicit ones, NOCASE for `_ci`
 * collations, the AUTO_INCREMENT rowid alias, PRIMARY KEY, FOREIGN KEY, CHECK), CREATE INDEX
 * for keys, and the triggers that implement ON UPDATE CURRENT_TIMESTAMP and MySQL's
 * conversion of written values to the column type (coercion.ts).
 */
import { isCaseInsensitive } from "../catalog/collations.ts";
import type { DatabaseSync } from "node:sqlite";
import { changedSql, coercionTriggerSql, STORE_TRIGGER_PREFIX } from "./coercion.ts";
import { encodeDeclaredType, ROWID_DECLARED_TYPE } from "./declared_type.ts";
import type { ColumnDef, DefaultDef, IndexDef, TableDef } from "./model.ts";
import {
  foreignKeyText,
  implicitDefaultSql,
  isTextual,
  sqlIdent,
  sqlString,
  typeFamily,
} from "./mysql_type.ts";

/** Prefix of every trigger we create (hidden, dropped and recreated with the table). */
export const TRIGGER_PREFIX = "__marmot_ou__";

/** The AUTO_INCREMENT column, which becomes the rowid alias, or undefined. */
export function rowidColumn(def: TableDef): ColumnDef | undefined {
  return def.columns.find((c) => c.autoIncrement);
}

/** True when the MySQL PRIMARY KEY is implemented by the table's own PRIMARY KEY clause. */
function _primaryIsTableKey(def: TableDef, index: IndexDef): boolean {
  const ai = rowidColumn(def);
  if (!ai) return true;
  return index.columns.length === 1 &&
    index.columns[0]!.name.toLowerCase() === ai.name.toLowerCase();
}

/** True when this MySQL index needs its own SQLite index. */
export function needsSqliteIndex(def: TableDef, index: IndexDef): boolean {
  if (index.kind === "fulltext") return false;
  if (index.kind === "primary") return !_primaryIsTableKey(def, index);
  return true;
}

/** SQL for the current time with `fsp` fractional digits (UTC, as CURRENT_TIMESTAMP). */
export function nowSql(fsp: number): string {
  if (!fsp) return "CURRENT_TIMESTAMP";
  const base = "strftime('%Y-%m-%d %H:%M:%f','now')";
  if (fsp <= 3) return `substr(${base},1,${20 + fsp})`;
  return `(${base} || '${"0".repeat(fsp - 3)}')`;
}

/** The SQLite DEFAULT value text for a MySQL default on a column of this type. */
export function defaultSql(col: ColumnDef, d: DefaultDef): string {
  switch (d.kind) {
    case "null":
      return "NULL";
    case "now":
      return d.fsp ? `(${nowSql(d.fsp)})` : "CURRENT_TIMESTAMP";
    case "expr":
      return `(${d.sqlite})`;
    case "bit":
      return d.value === "" ? "0" : BigInt("0b" + d.value).toString();
    case "literal": {
      const f = typeFamily(col.type.base);
      const numeric = f === "int" || f === "decimal" || f === "float" || f === "year" ||
        f === "bit";
      if (numeric && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(d.value)) return d.value;
      return sqlString(d.value);
    }
  }
}

/** One column's clause in CREATE TABLE. */
export function columnSql(_def: TableDef, col: ColumnDef): string {
  const parts = [sqlIdent(col.name)];
  if (col.autoIncrement) {
    parts.push(ROWID_DECLARED_TYPE, "PRIMARY KEY AUTOINCREMENT NOT NULL");
    return parts.join(" ");
  }
  parts.push(encodeDeclaredType(col.type));
  // A NULL written into a NOT NULL column takes the default instead of failing: MySQL's
  // non-strict UPDATE (WordPress saves unchecked options so) and multi-row INSERT. The session
  // still refuses NULL where MySQL always does (single-row INSERT, strict mode).
  if (!col.nullable) parts.push(col.generated ? "NOT NULL" : "NOT NULL ON CONFLICT REPLACE");
  if (col.generated) {
    parts.push(
      `GENERATED ALWAYS AS (${col.generated.sqlite}) ${
        col.generated.stored ? "STORED" : "VIRTUAL"
      }`,
    );
  } else if (col.default && col.default.kind !== "null") {
    parts.push("DEFAULT " + defaultSql(col, col.default));
  } else if (!col.nullable) {
    // MySQL's implicit default for NOT NULL columns without DEFAULT (non-strict INSERTs)
    parts.push("DEFAULT " + implicitDefaultSql(col.type));
  }
  if (isTextual(col.type) && col.type.collation && isCaseInsensitive(col.type.collation)) {
    parts.push("COLLATE NOCASE");
  }
  return parts.join(" ");
}

/** The body of CREATE TABLE between the parentheses, one clause per entry. */
export function tableClauses(def: TableDef): string[] {
  const clauses = def.columns.map((c) => columnSql(def, c));
  const pk = def.indexes.find((i) => i.kind === "primary");
  if (pk && !rowidColumn(def)) {
    clauses.push(
      `PRIMARY KEY (${
        pk.columns.map((c) => sqlIdent(c.name) + (c.desc ? " DESC" : "")).join(", ")
      })`,
    );
  }
  for (const fk of def.foreignKeys) clauses.push(foreignKeyText(fk, sqlIdent));
  for (const ck of def.checks) {
    if (ck.enforced) clauses.push(`CONSTRAINT ${sqlIdent(ck.name)} CHECK (${ck.sqlite})`);
  }
  return clauses;
}

/** CREATE TABLE for `def` under the SQLite name `sqliteName` (defaults to def.name). */
export function createTableSql(def: TableDef, sqliteName = def.name): string {
  return `CREATE TABLE ${sqlIdent(sqliteName)} (\n  ${tableClauses(def).join(",\n  ")}\n)`;
}

/** CREATE INDEX statements for every key that needs one (sqliteName must be assigned). */
export function createIndexSql(def: TableDef, index: IndexDef): string {
  const unique = index.kind === "primary" || index.kind === "unique" ? "UNIQUE " : "";
  const cols = index.columns.map((c) => sqlIdent(c.name) + (c.desc ? " DESC" : "")).join(", ");
  return `CREATE ${unique}INDEX ${sqlIdent(index.sqliteName!)} ON ${sqlIdent(def.name)} (${cols})`;
}

/** Gives every index that needs one a SQLite index name that is free in `db`. */
export function assignIndexNames(db: DatabaseSync, def: TableDef, taken = new Set<string>()): void {
  const existing = db.prepare("SELECT lower(name) AS n FROM sqlite_schema WHERE type = 'index'")
    .all();
  for (const row of existing) taken.add(String(row.n));
  for (const index of def.indexes) {
    if (!needsSqliteIndex(def, index)) {
      index.sqliteName = null;
      continue;
    }
    if (index.sqliteName && !taken.has(index.sqliteName.toLowerCase())) {
      taken.add(index.sqliteName.toLowerCase());
      continue;
    }
    const base = `${def.name}__${index.name}`;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}__${n}`;
    taken.add(name.toLowerCase());
    index.sqliteName = name;
  }
}

/**
 * CREATE TRIGGER statements of a table: the ON UPDATE CURRENT_TIMESTAMP columns and the
 * coercion of written values to their stored form (coercion.ts).
 */
export function triggerSql(def: TableDef): string[] {
  const out: string[] = [];
  const stored = def.columns.filter((c) => !c.generated);
  for (const col of def.columns) {
    if (col.onUpdateNow === null) continue;
    const others = stored.filter((c) => c !== col);
    if (others.length === 0) continue;
    const changed = others.map(changedSql).join(" OR ");
    const name = `${TRIGGER_PREFIX}${def.name}__${col.name}`;
    out.push(
      `CREATE TRIGGER ${sqlIdent(name)} AFTER UPDATE ON ${sqlIdent(def.name)} FOR EACH ROW ` +
        `WHEN NEW.${sqlIdent(col.name)} IS OLD.${sqlIdent(col.name)} AND (${changed}) ` +
        `BEGIN UPDATE ${sqlIdent(def.name)} SET ${sqlIdent(col.name)} = ${
          nowSql(col.onUpdateNow)
        } ` +
        `WHERE rowid = NEW.rowid; END`,
    );
  }
  out.push(...coercionTriggerSql(def));
  return out;
}

/** Drops our triggers of a table (ON UPDATE and coercion, whatever their names after renames). */
export function dropTriggers(db: DatabaseSync, table: string): void {
  const rows = db.prepare(
    "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? COLLATE NOCASE",
  ).all(table);
  for (const r of rows) {
    const name = String(r.name);
    if (name.startsWith(TRIGGER_PREFIX) || name.startsWith(STORE_TRIGGER_PREFIX)) {
      db.exec(`DROP TRIGGER ${sqlIdent(name)}`);
    }
  }
}

/** Creates table, indexes and triggers for a new definition. */
export function createTableObjects(db: DatabaseSync, def: TableDef): void {
  assignIndexNames(db, def);
  db.exec(createTableSql(def));
  for (const index of def.indexes) if (index.sqliteName) db.exec(createIndexSql(def, index));
  for (const t of triggerSql(def)) db.exec(t);
}
