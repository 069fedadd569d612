/**
 * Checksums of one database file's user tables, read in chunks so a large table does not
 * hold the event loop: the caller keeps one read transaction open across the chunks, so the
 * result is the table as of one snapshot.
 */
import type { DatabaseSync } from "node:sqlite";
import { isInternalName } from "../sql/ddl/store.ts";
import { ident } from "../storage/change_capture.ts";
import { returnArrays } from "../storage/statement_cache.ts";
import { RowChecksum } from "./row_checksum.ts";

/** One table's checksum. */
export interface TableChecksum {
  name: string;
  rows: number;
  /** The 64-bit sum of the row hashes, 16 hex digits. */
  checksum: string;
}

/** Options for `checksumTable`. */
export interface ChecksumTableOptions {
  /**
   * How long one turn of the event loop may hash rows before it yields; default 10 ms
   * (a time, not a row count: a row of a 1 MB blob costs 10,000 times one of an integer).
   */
  turnMs?: number;
  /** Awaited between chunks; default a zero timer (lets other work run). */
  pause?: () => Promise<void>;
}

const MAX_SAFE = "9007199254740991";
const ROWID_NAMES = ["rowid", "_rowid_", "oid"];

/** User tables of the file, sorted: neither ours (`__marmot*`) nor SQLite's, nor virtual. */
export function userTables(db: DatabaseSync): string[] {
  const rows = db.prepare(
    "SELECT name FROM main.sqlite_schema WHERE type = 'table' " +
      "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
  ).all() as Array<{ name: string }>;
  return rows.map((r) => r.name).filter((name) => !isInternalName(name));
}

/**
 * Checksums `table` over its stored columns (virtual generated columns are derived, so left
 * out, as replication leaves them out). A table without a declared primary key also hashes
 * its rowid: here the rowid is such a row's replicated identity (the same on every node), so
 * two nodes whose rows agree in values but not in identity have diverged.
 * @throws {Error} when the scan stops before `count(*)` rows (node:sqlite's iterator ends
 *   silently on an error)
 */
export async function checksumTable(
  db: DatabaseSync,
  table: string,
  options: ChecksumTableOptions = {},
): Promise<TableChecksum> {
  const turnMs = options.turnMs ?? 10;
  const pause = options.pause ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const info = db.prepare(
    "SELECT name, type, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid",
  ).all(table) as Array<{ name: string; type: string; pk: number; hidden: number }>;
  const stored = info.filter((c) => c.hidden === 0);
  const exprs = stored.map((c) => _typedValue(ident(c.name), _mayHoldInteger(c.type)));
  if (!info.some((c) => c.pk > 0)) {
    const taken = new Set(info.map((c) => c.name.toLowerCase()));
    const rowid = ROWID_NAMES.find((n) => !taken.has(n));
    if (rowid !== undefined) exprs.push(_typedValue(rowid, true));
  }
  const from = `FROM main.${ident(table)}`;
  const expected = Number((db.prepare(`SELECT count(*) AS n ${from}`).get() as { n: number }).n);
  const select = db.prepare(`SELECT ${exprs.join(", ")} ${from}`);
  returnArrays(select);
  const sum = new RowChecksum(stored.map((c) => c.name));
  const rows = select.iterate() as Iterator<unknown[]>;
  let turnStart = performance.now();
  for (let next = rows.next(); !next.done; next = rows.next()) {
    sum.addRow(next.value);
    if ((sum.rows & 15) === 0 && performance.now() - turnStart >= turnMs) {
      await pause();
      turnStart = performance.now();
    }
  }
  if (sum.rows !== expected) {
    throw new Error(
      `Cannot checksum table ${table}: the scan ended after ${sum.rows} of ${expected} rows`,
    );
  }
  return { name: table, rows: sum.rows, checksum: sum.hex };
}

/** The value's storage class, then the value; integers beyond 2^53 as decimal text. */
function _typedValue(expr: string, mayHoldInteger: boolean): string {
  if (!mayHoldInteger) return `unicode(typeof(${expr})), ${expr}`;
  return `unicode(typeof(${expr})), CASE WHEN typeof(${expr}) = 'integer' AND ${expr} ` +
    `NOT BETWEEN -${MAX_SAFE} AND ${MAX_SAFE} THEN CAST(${expr} AS TEXT) ELSE ${expr} END`;
}

/**
 * False for columns of TEXT or REAL affinity (SQLite's rules on the declared type), which
 * convert every integer they are given: they skip the big-integer test (100k rows of
 * sbtest: ~100 ms less).
 */
function _mayHoldInteger(declared: string): boolean {
  const t = declared.toUpperCase();
  if (t.includes("INT")) return true;
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return false;
  if (t.includes("BLOB") || t === "") return true;
  return !(t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB"));
}
