/**
 * What the write path and the translator ask about a table, read once from SQLite's schema
 * (the CREATE statement our DDL wrote and `pragma_table_info`) and cached until the next DDL.
 */
import type { DatabaseSync } from "node:sqlite";
import { INTEGER_BITS } from "../types/column.ts";

/** Schema facts of one table (column names lower-case). */
export interface TableFacts {
  /** The column names in order (empty for a missing table). */
  columns: readonly string[];
  /** The same names, lower-case. */
  columnSet: ReadonlySet<string>;
  /** The AUTOINCREMENT rowid column (how AUTO_INCREMENT columns are stored), or null. */
  autoIncrement: string | null;
  /** The integer width of its declared MySQL type (8 TINYINT ... 64 BIGINT). */
  autoIncrementBits: number;
  /** NOT NULL columns with the SQL text of their defaults (null: none). */
  notNull: Map<string, string | null>;
  /** Text columns declared `COLLATE NOCASE` (a MySQL _ci collation). */
  caseInsensitive: Set<string>;
  /** JSON columns (declared `JSON TEXT`). */
  json: Set<string>;
  /** Each column's declared type (how our DDL records its MySQL type). */
  declaredTypes: Map<string, string>;
  /**
   * The table's name as stored and its primary key column (lower-case) when explicit
   * transactions may write the table side by side (src/storage/write_epoch.ts), else null:
   * the key is one INTEGER column (the rowid, so a row keeps its identity when a rolled-back
   * transaction's changes are undone), no other UNIQUE index (a duplicate another
   * transaction's uncommitted row causes would fail instead of waiting), and no foreign key
   * to or from it (a write would read other rows).
   */
  sharedKey: { table: string; column: string } | null;
}

/** Reads a table's facts; a missing table has none. */
export function readTableFacts(db: DatabaseSync, table: string): TableFacts {
  const master = db.prepare(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
  ).get(table) as { name: string; sql: string } | undefined;
  const sql = master?.sql ?? "";
  const columns = db.prepare(
    'SELECT name, type, pk, "notnull", dflt_value FROM pragma_table_info(?)',
  ).all(table) as Array<
    { name: string; type: string; pk: number; notnull: number; dflt_value: string | null }
  >;
  const autoIncrement = /\bAUTOINCREMENT\b/i.test(sql)
    ? columns.find((c) => c.pk === 1)?.name ?? null
    : null;
  const notNull = new Map(
    columns.filter((c) => c.notnull === 1).map((c) => [c.name.toLowerCase(), c.dflt_value]),
  );
  const caseInsensitive = new Set<string>();
  // Our DDL writes one column per line: `"name" TYPE ... COLLATE NOCASE,`.
  for (const m of sql.matchAll(/^\s*"((?:[^"]|"")+)"[^\n]*COLLATE NOCASE/gm)) {
    caseInsensitive.add(m[1]!.replaceAll('""', '"').toLowerCase());
  }
  const autoIncrementBits = autoIncrement === null ? 64 : declaredBits(db, table, autoIncrement);
  const json = new Set(
    columns.filter((c) => /^JSON\b/i.test(c.type)).map((c) => c.name.toLowerCase()),
  );
  return {
    columns: columns.map((c) => c.name),
    columnSet: new Set(columns.map((c) => c.name.toLowerCase())),
    autoIncrement,
    autoIncrementBits,
    notNull,
    caseInsensitive,
    json,
    declaredTypes: new Map(columns.map((c) => [c.name.toLowerCase(), c.type])),
    sharedKey: master === undefined ? null : sharedKey(db, master.name, sql, columns),
  };
}

function sharedKey(
  db: DatabaseSync,
  table: string,
  sql: string,
  columns: Array<{ name: string; type: string; pk: number }>,
): { table: string; column: string } | null {
  const key = columns.filter((c) => c.pk > 0);
  if (key.length !== 1 || key[0]!.type.toUpperCase() !== "INTEGER") return null;
  if (/\bWITHOUT\s+ROWID\b/i.test(sql)) return null;
  const constrained = db.prepare(
    "SELECT 1 FROM pragma_index_list(?1) WHERE \"unique\" = 1 AND origin <> 'pk' " +
      "UNION ALL SELECT 1 FROM pragma_foreign_key_list(?1) " +
      "UNION ALL SELECT 1 FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f " +
      "WHERE m.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE LIMIT 1",
  ).get(table);
  return constrained === undefined ? { table, column: key[0]!.name.toLowerCase() } : null;
}

/** A column's width from the MySQL definition the DDL module keeps (64 when unknown). */
function declaredBits(db: DatabaseSync, table: string, column: string): number {
  try {
    const row = db.prepare("SELECT definition FROM __marmot_mysql_schema WHERE name = ?")
      .get(table) as { definition: string } | undefined;
    if (row === undefined) return 64;
    const def = JSON.parse(row.definition) as {
      columns?: Array<{ name: string; type?: { base?: string } }>;
    };
    const col = def.columns?.find((c) => c.name.toLowerCase() === column.toLowerCase());
    return INTEGER_BITS[col?.type?.base?.toLowerCase() ?? ""] ?? 64;
  } catch {
    return 64; // A file without our catalog (adopted from elsewhere).
  }
}
