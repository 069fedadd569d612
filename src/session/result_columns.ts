/**
 * Column definitions for a result set: names as MySQL reports them; for table columns the
 * MySQL definition from the catalog (type, length, NOT NULL and key flags), for expressions a
 * type inferred from the values. Table-column definitions are computed once per prepared
 * SQLite statement and reused.
 */
import type { DatabaseSync } from "node:sqlite";
import { tableColumnInfo } from "../sql/catalog/mod.ts";
import { columnInfoFor, columnInfoForExpression } from "../sql/column_types.ts";
import type { ExpressionType } from "../sql/statement.ts";
import type { CachedStatement } from "../storage/statement_cache.ts";
import type { ColumnInfo } from "../types/column.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";

/** Per statement: the definition of each table column, undefined for expressions. */
const templates = new WeakMap<CachedStatement, Array<ColumnInfo | undefined>>();

export interface ResultColumnsOptions {
  /** Names the translator computed (MySQL's names); SQLite's names where missing. */
  names: string[];
  /** Database the connection's `main` schema is, or null for the scratch connection. */
  database: string | null;
  /** Leave out the last `drop` columns (SQL_CALC_FOUND_ROWS' hidden total). */
  drop?: number;
  /** MySQL types of expression columns, where the translator knows them. */
  types?: Array<ExpressionType | undefined>;
}

/** Builds the column definitions of a result. */
export function resultColumns(
  cached: CachedStatement,
  db: DatabaseSync,
  rows: SqlValue[][],
  options: ResultColumnsOptions,
): ColumnInfo[] {
  let template = templates.get(cached);
  if (template === undefined) {
    template = cached.columns.map((m) => tableColumn(db, m, options.database));
    templates.set(cached, template);
  }
  const count = cached.columns.length - (options.drop ?? 0);
  const columns: ColumnInfo[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const m = cached.columns[i]!;
    const name = options.names[i] ?? m.name;
    const fixed = template[i];
    if (fixed !== undefined) {
      columns[i] = fixed.name === name ? fixed : { ...fixed, name };
      continue;
    }
    const known = options.types?.[i];
    if (known?.arithmetic) checkIntegerRange(rows, i, known, name);
    columns[i] = {
      schema: "",
      table: "",
      orgTable: "",
      name,
      orgName: "",
      ...(known !== undefined
        ? columnInfoForExpression(known, columnValues(rows, i))
        : columnInfoFor(m.type ?? null, m.type === null ? firstValue(rows, i) : undefined)),
    };
  }
  return columns;
}

const INT64_END = 2 ** 63;
const UINT64_END = 2 ** 64;

/**
 * Refuses an integer result out of BIGINT's range (1690), as MySQL does: SQLite turns an
 * overflowing `+`, `-` or `*` of integers into a REAL instead. The REAL that 2^64 - 1 rounds
 * to is BIGINT UNSIGNED's largest value as SQLite stores it, so it passes.
 */
function checkIntegerRange(
  rows: SqlValue[][],
  column: number,
  type: ExpressionType,
  name: string,
): void {
  for (const row of rows) {
    const v = row[column];
    const out = typeof v === "number"
      ? Number.isInteger(v) &&
        (type.unsigned ? v < 0 || v > UINT64_END : v >= INT64_END || v <= -INT64_END)
      : typeof v === "bigint" && type.unsigned === true && v < 0n;
    if (out) {
      const kind = type.unsigned ? "BIGINT UNSIGNED" : "BIGINT";
      throw new MysqlError(ER.DATA_OUT_OF_RANGE, `${kind} value is out of range in '${name}'`);
    }
  }
}

type SqliteColumn = CachedStatement["columns"][number];

function tableColumn(
  db: DatabaseSync,
  m: SqliteColumn,
  database: string | null,
): ColumnInfo | undefined {
  if (m.table === null || m.table === undefined || m.column === null || m.column === undefined) {
    return undefined;
  }
  const schema = m.database === "main" || m.database === null ? database : m.database;
  const fromCatalog = schema !== null && (m.database === "main" || m.database === null)
    ? tableColumnInfo(db, schema, m.table)?.get(m.column.toLowerCase())
    : undefined;
  const typeInfo = fromCatalog ?? columnInfoFor(m.type ?? null, undefined);
  return {
    schema: schema ?? "",
    table: m.table,
    orgTable: m.table,
    name: m.name,
    orgName: m.column,
    type: typeInfo.type,
    flags: typeInfo.flags,
    length: typeInfo.length,
    charset: typeInfo.charset,
    decimals: typeInfo.decimals,
  };
}

function* columnValues(rows: SqlValue[][], i: number): Iterable<SqlValue> {
  for (const row of rows) yield row[i] ?? null;
}

function firstValue(rows: SqlValue[][], i: number): SqlValue | undefined {
  for (const row of rows) {
    const v = row[i];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}
