/**
 * MySQL's "Duplicate entry 'v' for key 't.k'" names the clashing value, which SQLite's
 * "UNIQUE constraint failed: t.c" does not. For INSERT/REPLACE ... VALUES the value is found
 * again: the first row whose key is already in the table, or repeats an earlier row's.
 */
import type { Statement } from "../sql/statement.ts";
import type { SQLInputValue, StatementSync } from "node:sqlite";
import { ident } from "../storage/change_capture.ts";
import type { Connection } from "../storage/connection.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";

type WriteStatement = Extract<Statement, { kind: "write" }>;

/** A unique key of a table as MySQL names it, with its columns. */
export interface UniqueKey {
  name: string;
  columns: string[];
}

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

/** True for SQLite's UNIQUE / PRIMARY KEY constraint failures. */
export function isDuplicateKeyError(err: unknown): boolean {
  const code = (err as { errcode?: number }).errcode;
  return code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY;
}

export interface DuplicateContext {
  conn: Connection;
  table: string | undefined;
  /** The table's columns in order (what a VALUES row without a column list fills). */
  tableColumns: readonly string[] | null;
  statement: WriteStatement;
  placeholders: SqlValue[] | null;
  session: SessionValues;
}

/** The 1062 error for a failed write, with the value when it can be found. */
export function duplicateEntryError(err: unknown, ctx: DuplicateContext): MysqlError {
  const message = err instanceof Error ? err.message : String(err);
  const failed = (message.match(/constraint failed: (.+)$/)?.[1] ?? "")
    .split(",").map((c) => c.trim().replace(/^[^.]*\./, "").toLowerCase());
  const table = ctx.table ?? "";
  const keys = table === "" ? [] : uniqueKeys(ctx.conn, table);
  const key = keys.find((k) => sameColumns(k.columns, failed)) ??
    { name: failed.join("_") || "PRIMARY", columns: failed };
  const value = findDuplicate(ctx, key);
  return new MysqlError(
    ER.DUP_ENTRY,
    `Duplicate entry '${value ?? ""}' for key '${table}.${key.name}'`,
  );
}

/** The first VALUES row's key (as MySQL prints it, parts joined by '-') that clashes. */
function findDuplicate(ctx: DuplicateContext, key: UniqueKey): string | null {
  const probe = keyProbe(ctx, key);
  if (probe === null) return null;
  for (const row of ctx.statement.insertValues ?? []) {
    const clash = probe(row);
    if (clash !== null) return clash;
  }
  return null;
}

type Row = NonNullable<WriteStatement["insertValues"]>[number];

/**
 * A check of VALUES rows, in order, against one unique key: a row's key text when the table
 * already holds it or an earlier row had it, else null. Null when the rows do not give every
 * column of the key. Rows whose key has a NULL never clash (NULLs are distinct in a UNIQUE key).
 */
function keyProbe(ctx: DuplicateContext, key: UniqueKey): ((row: Row) => string | null) | null {
  const lookup = keyLookup(ctx, key, "1");
  if (lookup === null) return null;
  const seen = new Set<string>();
  return (row) => {
    const values = lookup.values(row);
    if (values === null) return null;
    const text = values.map((v) => display(v as SqlValue)).join("-");
    if (seen.has(text) || lookup.stmt.get(...values) !== undefined) return text;
    seen.add(text);
    return null;
  };
}

/** The rowid of the row a one-row INSERT ... ON DUPLICATE KEY UPDATE clashed with, looked up
 * by the first unique key whose values the row gives (MySQL's OK packet carries the id of the
 * row an upsert updated; ORMs such as TypeORM reload the row by it); null when none matches. */
export function clashingRowid(ctx: DuplicateContext): number | null {
  const row = ctx.statement.insertValues?.[0];
  if (row === undefined || ctx.table === undefined) return null;
  for (const key of uniqueKeys(ctx.conn, ctx.table)) {
    const lookup = keyLookup(ctx, key, "rowid");
    const values = lookup?.values(row) ?? null;
    if (lookup === null || values === null) continue;
    const found = lookup.stmt.get(...values) as unknown as [bigint] | undefined;
    if (found !== undefined) return Number(found[0]);
  }
  return null;
}

/**
 * How to find the table's row holding a VALUES row's `key`: the row's bound key values (null
 * when one is NULL) and a statement selecting `what` of the row with them. Null when the rows
 * do not give every column of the key.
 */
function keyLookup(
  ctx: DuplicateContext,
  key: UniqueKey,
  what: "1" | "rowid",
): { values(row: Row): SQLInputValue[] | null; stmt: StatementSync } | null {
  const { statement: st, table } = ctx;
  const named = st.insertColumns ?? ctx.tableColumns;
  if (table === undefined || named === null || key.columns.length === 0) return null;
  const columns = named.map((c) => c.toLowerCase());
  const positions = key.columns.map((c) => columns.indexOf(c));
  if (positions.some((p) => p < 0)) return null;
  const where = key.columns.map((c) => `${ident(c)} = ?`).join(" AND ");
  return {
    values: (row) => {
      const values = bindParams(
        positions.map((p) => row[p] ?? null),
        ctx.placeholders,
        ctx.session,
      );
      return values.some((v) => v === null) ? null : values;
    },
    stmt: ctx.conn.statement(`SELECT ${what} FROM ${ident(table)} WHERE ${where} LIMIT 1`).stmt,
  };
}

/** Unique keys of a table: the PRIMARY KEY (also a rowid alias) and UNIQUE indexes. */
export function uniqueKeys(conn: Connection, table: string): UniqueKey[] {
  const db = conn.db;
  const keys: UniqueKey[] = [];
  const pk = (db.prepare("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
    .all(table) as Array<{ name: string }>).map((r) => r.name.toLowerCase());
  if (pk.length > 0) keys.push({ name: "PRIMARY", columns: pk });
  const indexes = db.prepare(
    "SELECT name, origin FROM pragma_index_list(?) WHERE \"unique\" = 1 AND origin <> 'pk'",
  ).all(table) as Array<{ name: string; origin: string }>;
  for (const index of indexes) {
    const columns = (db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
      .all(index.name) as Array<{ name: string | null }>)
      .map((r) => (r.name ?? "").toLowerCase());
    const prefix = `${table.toLowerCase()}__`;
    const name = index.name.toLowerCase().startsWith(prefix)
      ? index.name.slice(prefix.length)
      : index.name.startsWith("sqlite_autoindex_")
      ? columns[0] ?? index.name
      : index.name;
    keys.push({ name, columns });
  }
  return keys;
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function display(v: SqlValue): string {
  if (v === null) return "NULL";
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

/** For INSERT IGNORE, run before it: one 1062 warning per VALUES row that a unique key of
 * the table (or an earlier row of the statement) makes it skip, worded as MySQL does. */
export function ignoredDuplicates(ctx: DuplicateContext): string[] {
  const { statement: st, table } = ctx;
  if (table === undefined || st.insertValues === undefined) return [];
  const probes = uniqueKeys(ctx.conn, table).flatMap((key) => {
    const probe = keyProbe(ctx, key);
    return probe === null ? [] : [{ key, probe }];
  });
  const messages: string[] = [];
  for (const row of st.insertValues) {
    for (const { key, probe } of probes) {
      const clash = probe(row);
      if (clash !== null) {
        messages.push(`Duplicate entry '${clash}' for key '${table}.${key.name}'`);
        break;
      }
    }
  }
  return messages;
}
