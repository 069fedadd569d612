/**
 * ANALYZE / OPTIMIZE / CHECK / REPAIR TABLE return MySQL's result set (Table, Op, Msg_type,
 * Msg_text) with `status OK` for each existing table and an error row for a missing one; SQLite
 * needs no maintenance for them.
 *
 * CHECKSUM TABLE returns (Table, Checksum): as MySQL computes it, the sum modulo 2^32 of each
 * row's CRC32, here of the row's values as QUOTE() writes them, so the same rows give the same
 * number on every node whatever their order (not MySQL's numbers: its rows are its own bytes); NULL
 * for a table that does not exist.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { TokenStream } from "../parser/token_stream.ts";
import type { Statement, TranslateContext } from "../statement.ts";
import { Tok } from "../tokenizer.ts";
import type { ImmediateEmitter } from "./immediate.ts";

export function translateMaintenance(
  ts: TokenStream,
  ctx: TranslateContext,
  out: ImmediateEmitter,
): Statement {
  const op = ts.kw().toLowerCase();
  ts.next();
  if (op !== "checksum" && !ts.acceptKw("NO_WRITE_TO_BINLOG")) ts.acceptKw("LOCAL");
  if (!ts.acceptKw("TABLE")) ts.expectKw("TABLES");
  const rows: string[] = [];
  const databases = new Set<string>();
  do {
    const { db, table } = tableName(ts, ctx);
    const other = db.toLowerCase() !== ctx.database?.toLowerCase();
    if (other) databases.add(db);
    const named = { db, table, other };
    rows.push(op === "checksum" ? checksumRow(named, ctx, out) : statusRow(op, named, out));
    // Skip QUICK / EXTENDED / USE_FRM style options.
    while (ts.peek().type === Tok.Word && !ts.isOp(",", 0)) ts.next();
  } while (ts.acceptOp(","));
  ts.expectEnd();
  return {
    kind: "select",
    stmt: { sql: rows.join(" UNION ALL "), params: [] },
    columnNames: op === "checksum"
      ? ["Table", "Checksum"]
      : ["Table", "Op", "Msg_type", "Msg_text"],
    calcFoundRows: false,
    informationSchema: [],
    databases: [...databases],
  };
}

/** A table a statement names; `other` when it is not in the session's database. */
interface NamedTable {
  db: string;
  table: string;
  other: boolean;
}

/** ANALYZE / OPTIMIZE / CHECK / REPAIR: `status OK`, or the error row of a missing table. */
function statusRow(op: string, { db, table, other }: NamedTable, out: ImmediateEmitter): string {
  const schema = other ? `${out.em.ident(db)}.sqlite_schema` : "sqlite_schema";
  const exists = `EXISTS (SELECT 1 FROM ${schema} WHERE type IN ('table', 'view') AND name = ${
    quote(table)
  } COLLATE NOCASE)`;
  const missing = quote(`Table '${db}.${table}' doesn't exist`);
  return `SELECT ${quote(`${db}.${table}`)}, '${op}', ` +
    `CASE WHEN ${exists} THEN 'status' ELSE 'Error' END, ` +
    `CASE WHEN ${exists} THEN 'OK' ELSE ${missing} END`;
}

/** CHECKSUM TABLE: the sum of the rows' CRC32s modulo 2^32, NULL for a missing table. */
function checksumRow(
  { db, table, other }: NamedTable,
  ctx: TranslateContext,
  out: ImmediateEmitter,
): string {
  const columns = (other ? ctx.schemaOf?.(db) : ctx.schema)?.columns?.(table) ?? [];
  let checksum = "NULL";
  if (columns.length > 0) {
    const from = other ? `${out.em.ident(db)}.${out.em.ident(table)}` : out.em.ident(table);
    const values = columns.map((c) => `quote(${out.em.ident(c)})`).join(", ");
    checksum = `(SELECT coalesce(sum(crc32(concat_ws(',', ${values}))), 0) % 4294967296 ` +
      `FROM ${from})`;
  }
  return `SELECT ${quote(`${db}.${table}`)}, ${checksum}`;
}

/** `[db.]table`, with the current database for an unqualified name. */
function tableName(ts: TokenStream, ctx: TranslateContext): { db: string; table: string } {
  const first = ts.next();
  if (first.type !== Tok.Word && first.type !== Tok.QuotedIdent) throw ts.fail(first);
  if (ts.acceptOp(".")) return { db: first.text, table: ts.nameAfterDot() };
  if (ctx.database === null) throw new MysqlError(ER.NO_DB, "No database selected");
  return { db: ctx.database, table: first.text };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
