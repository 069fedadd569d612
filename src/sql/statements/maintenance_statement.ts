/**
 * ANALYZE / OPTIMIZE / CHECK / REPAIR TABLE return MySQL's result set (Table, Op, Msg_type,
 * Msg_text) with `status OK` for each existing table and an error row for a missing one; SQLite
 * needs no maintenance for them.
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
  if (!ts.acceptKw("NO_WRITE_TO_BINLOG")) ts.acceptKw("LOCAL");
  if (!ts.acceptKw("TABLE")) ts.expectKw("TABLES");
  const rows: string[] = [];
  const databases = new Set<string>();
  do {
    const first = ts.next();
    if (first.type !== Tok.Word && first.type !== Tok.QuotedIdent) throw ts.fail(first);
    let db = ctx.database;
    let table = first.text;
    if (ts.acceptOp(".")) {
      db = first.text;
      table = ts.nameAfterDot();
    }
    if (db === null) throw new MysqlError(ER.NO_DB, "No database selected");
    const other = db.toLowerCase() !== ctx.database?.toLowerCase();
    if (other) databases.add(db);
    const schema = other ? `${out.em.ident(db)}.sqlite_schema` : "sqlite_schema";
    const exists = `EXISTS (SELECT 1 FROM ${schema} WHERE type IN ('table', 'view') AND name = ${
      quote(table)
    } COLLATE NOCASE)`;
    const missing = quote(`Table '${db}.${table}' doesn't exist`);
    rows.push(
      `SELECT ${
        quote(`${db}.${table}`)
      }, '${op}', CASE WHEN ${exists} THEN 'status' ELSE 'Error' END, ` +
        `CASE WHEN ${exists} THEN 'OK' ELSE ${missing} END`,
    );
    // Skip QUICK / EXTENDED / USE_FRM style options.
    while (ts.peek().type === Tok.Word && !ts.isOp(",", 0)) ts.next();
  } while (ts.acceptOp(","));
  ts.expectEnd();
  return {
    kind: "select",
    stmt: { sql: rows.join(" UNION ALL "), params: [] },
    columnNames: ["Table", "Op", "Msg_type", "Msg_text"],
    calcFoundRows: false,
    informationSchema: [],
    databases: [...databases],
  };
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
