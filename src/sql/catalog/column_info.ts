/**
 * Exact column definitions of a table's columns from the catalog, including the key and
 * nullability flags a declared type cannot carry (NOT_NULL, PRI_KEY, UNIQUE_KEY,
 * MULTIPLE_KEY, AUTO_INCREMENT, ON_UPDATE_NOW, NO_DEFAULT_VALUE, PART_KEY). For the session's
 * COM_FIELD_LIST and for result columns that come straight from a table.
 */
import type { DatabaseSync } from "node:sqlite";
import { ColumnFlag } from "../../types/column.ts";
import type { ColumnInfo } from "../../types/column.ts";
import type { ColumnMembers } from "../statement.ts";
import { columnInfoFor } from "../column_types.ts";
import { encodeDeclaredType } from "../ddl/declared_type.ts";
import type { ColumnDef, TableDef } from "../ddl/model.ts";
import { readTable } from "../ddl/store.ts";
import { columnDefault, effectivePrimary } from "./table_info.ts";

/** Flags MySQL sends for `col` of `def` (type flags included). */
export function columnFlagsFor(def: TableDef, col: ColumnDef): number {
  const typeInfo = columnInfoFor(encodeDeclaredType(col.type), undefined);
  let flags = typeInfo.flags;
  const lower = col.name.toLowerCase();
  if (!col.nullable) flags |= ColumnFlag.NOT_NULL;
  if (col.autoIncrement) flags |= ColumnFlag.AUTO_INCREMENT;
  if (col.onUpdateNow !== null) flags |= ColumnFlag.ON_UPDATE_NOW;
  if (!col.default && !col.autoIncrement && !col.nullable && !col.generated) {
    flags |= ColumnFlag.NO_DEFAULT_VALUE;
  }
  const pk = effectivePrimary(def);
  for (const index of def.indexes) {
    const pos = index.columns.findIndex((c) => c.name.toLowerCase() === lower);
    if (pos < 0) continue;
    flags |= ColumnFlag.PART_KEY;
    if (index === pk) flags |= ColumnFlag.PRI_KEY;
    else if (index.kind === "unique" && index.columns.length === 1) flags |= ColumnFlag.UNIQUE_KEY;
    else if (pos === 0) flags |= ColumnFlag.MULTIPLE_KEY;
  }
  return flags;
}

/** A table column's definition from the catalog. */
export type CatalogColumn = ColumnInfo & {
  defaultValue: string | null;
  /** An ENUM's or SET's members, in declaration order. */
  members: ColumnMembers | null;
};

interface _Cached {
  version: number;
  tables: Map<string, Map<string, CatalogColumn> | null>;
}

const _cache = new WeakMap<DatabaseSync, _Cached>();
const MAX_TABLES = 256;

/**
 * Column definitions of `table` keyed by lower-case column name (schema, table and names
 * filled in), or null for a table that does not exist. Cached per connection until the
 * SQLite schema changes.
 */
export function tableColumnInfo(
  db: DatabaseSync,
  database: string,
  table: string,
): Map<string, CatalogColumn> | null {
  const version = Number(db.prepare("PRAGMA schema_version").get()?.schema_version ?? 0);
  let cached = _cache.get(db);
  if (!cached || cached.version !== version) {
    cached = { version, tables: new Map() };
    _cache.set(db, cached);
  }
  const key = `${database}\u0000${table.toLowerCase()}`;
  if (cached.tables.has(key)) return cached.tables.get(key)!;
  const def = readTable(db, table);
  let result: Map<string, CatalogColumn> | null = null;
  if (def) {
    result = new Map();
    for (const col of def.columns) {
      const t = columnInfoFor(encodeDeclaredType(col.type), undefined);
      result.set(col.name.toLowerCase(), {
        schema: database,
        table: def.name,
        orgTable: def.name,
        name: col.name,
        orgName: col.name,
        ...t,
        flags: columnFlagsFor(def, col),
        defaultValue: columnDefault(col),
        members: col.type.values === null
          ? null
          : { set: col.type.base === "set", values: col.type.values },
      });
    }
  }
  if (cached.tables.size >= MAX_TABLES) cached.tables.clear();
  cached.tables.set(key, result);
  return result;
}
