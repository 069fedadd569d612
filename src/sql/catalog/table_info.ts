/**
 * Per-column and per-key facts MySQL derives for SHOW COLUMNS, SHOW INDEX and
 * INFORMATION_SCHEMA: the Key column (PRI/UNI/MUL), Extra, Default as displayed, key order,
 * and table size estimates.
 */
import type { DatabaseSync } from "node:sqlite";
import type { ColumnDef, IndexDef, TableDef } from "../ddl/model.ts";
import { sqlIdent } from "../ddl/mysql_type.ts";

function _isUniqueNotNull(def: TableDef, index: IndexDef): boolean {
  return index.kind === "unique" && index.columns.every((c) => {
    const col = def.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    return col !== undefined && !col.nullable && c.length === null;
  });
}

/** Keys in the order MySQL lists them: PRIMARY, UNIQUE NOT NULL, UNIQUE, others, FULLTEXT. */
export function sortedIndexes(def: TableDef): IndexDef[] {
  const rank = (i: IndexDef): number =>
    i.kind === "primary"
      ? 0
      : _isUniqueNotNull(def, i)
      ? 1
      : i.kind === "unique"
      ? 2
      : i.kind === "fulltext"
      ? 4
      : 3;
  return def.indexes.map((i, n) => ({ i, n })).sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n)
    .map((x) => x.i);
}

/** The PRIMARY KEY, or the first UNIQUE NOT NULL key MySQL shows as PRI when there is none. */
export function effectivePrimary(def: TableDef): IndexDef | undefined {
  return def.indexes.find((i) => i.kind === "primary") ??
    sortedIndexes(def).find((i) => _isUniqueNotNull(def, i));
}

/** SHOW COLUMNS `Key` / COLUMN_KEY. */
export function columnKey(def: TableDef, col: ColumnDef): "PRI" | "UNI" | "MUL" | "" {
  const lower = col.name.toLowerCase();
  const pk = effectivePrimary(def);
  if (pk && pk.columns.some((c) => c.name.toLowerCase() === lower)) return "PRI";
  if (
    def.indexes.some((i) =>
      i.kind === "unique" && i.columns.length === 1 && i.columns[0]!.name.toLowerCase() === lower
    )
  ) {
    return "UNI";
  }
  if (def.indexes.some((i) => i !== pk && i.columns[0]?.name.toLowerCase() === lower)) return "MUL";
  return "";
}

/** SHOW COLUMNS `Extra` / EXTRA (MySQL 8 wording). */
export function columnExtra(col: ColumnDef): string {
  const parts: string[] = [];
  if (col.autoIncrement) parts.push("auto_increment");
  if (col.default?.kind === "now" || col.default?.kind === "expr") parts.push("DEFAULT_GENERATED");
  if (col.onUpdateNow !== null) {
    parts.push(
      col.onUpdateNow
        ? `on update CURRENT_TIMESTAMP(${col.onUpdateNow})`
        : "on update CURRENT_TIMESTAMP",
    );
  }
  if (col.generated) parts.push(col.generated.stored ? "STORED GENERATED" : "VIRTUAL GENERATED");
  if (col.invisible) parts.push("INVISIBLE");
  return parts.join(" ");
}

/** SHOW COLUMNS `Default` / COLUMN_DEFAULT: the value unquoted, or null. */
export function columnDefault(col: ColumnDef): string | null {
  const d = col.default;
  if (!d) return null;
  switch (d.kind) {
    case "null":
      return null;
    case "literal":
      return d.value;
    case "now":
      return d.fsp ? `CURRENT_TIMESTAMP(${d.fsp})` : "CURRENT_TIMESTAMP";
    case "expr":
      return d.mysql;
    case "bit":
      return `b'${d.value}'`;
  }
}

/** Row count, estimated from sqlite_stat1 when ANALYZE ran, counted otherwise. */
export function tableRows(db: DatabaseSync, table: string): number {
  try {
    const stat = db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx IS NULL").get(
      table,
    );
    if (stat) return Number(String(stat.stat).split(" ")[0]);
  } catch {
    // no sqlite_stat1 table
  }
  return Number(db.prepare(`SELECT count(*) AS n FROM ${sqlIdent(table)}`).get()?.n ?? 0);
}

/** Bytes used per SQLite b-tree (tables and indexes), from dbstat; empty when too costly. */
export function btreeSizes(db: DatabaseSync): Map<string, number> {
  const sizes = new Map<string, number>();
  try {
    const pages = Number(db.prepare("PRAGMA page_count").get()?.page_count ?? 0);
    if (pages > 65536) return sizes; // walking a large file on every SHOW would be too slow
    for (
      const r of db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all()
    ) {
      sizes.set(String(r.name).toLowerCase(), Number(r.bytes));
    }
  } catch {
    // dbstat unavailable
  }
  return sizes;
}

/** Data and index lengths of a table as MySQL reports them. */
export function tableLengths(
  def: TableDef,
  sizes: Map<string, number>,
  rows: number,
): { data: number; index: number } {
  const page = 16384;
  let data = sizes.get(def.name.toLowerCase()) ?? 0;
  let index = 0;
  for (const i of def.indexes) {
    if (i.sqliteName) index += sizes.get(i.sqliteName.toLowerCase()) ?? 0;
  }
  for (const [name, bytes] of sizes) {
    if (name.startsWith(`sqlite_autoindex_${def.name.toLowerCase()}_`)) index += bytes;
  }
  if (sizes.size === 0) data = rows * 100;
  // InnoDB never reports less than one page for a table
  return { data: Math.max(page, data), index };
}
