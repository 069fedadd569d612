/**
 * LOAD DATA LOCAL INFILE on a session: the client's file is read as it arrives, split into rows
 * (delimited_rows.ts) and inserted BATCH_ROWS rows at a time by INSERT IGNORE / REPLACE
 * statements run like the client's own, so values are converted, checked and replicated as
 * any INSERT's are. Outside a transaction every batch commits by itself (a file of any size
 * never becomes one unbounded transaction); inside one the rows join it.
 */
import type { OkResult } from "../mysql/executor.ts";
import { NumberStyle, numberStyle } from "../mysql/values/text_value.ts";
import { ColumnFlag, type ColumnInfo, ColumnType } from "../types/column.ts";
import { mysqlIdent, type Warning } from "../sql/ddl/mod.ts";
import type { LoadData } from "../sql/statement.ts";
import { ER, MysqlError } from "../types/errors.ts";
import { DelimitedRows, type Field } from "./delimited_rows.ts";
import { MAX_WARNINGS } from "./write_statement.ts";

/** Rows per INSERT: a few hundred keep each statement small and its translation cached. */
const BATCH_ROWS = 500;

export interface LoadContext {
  /** The database the table is in (the statement's, or the session's). */
  database: string;
  /** The table's columns in order (MySQL's view of them, by lower-case name), or null when
   * it does not exist. */
  columns(): Map<string, ColumnInfo & { defaultValue: string | null }> | null;
  /** Runs one INSERT of the load. */
  run(sql: string): Promise<{ ok: OkResult; warnings: Warning[] }>;
}

/** The counts MySQL reports for a load, and its warnings. */
export interface LoadOutcome {
  ok: OkResult;
  warnings: Warning[];
}

export async function loadData(
  load: LoadData,
  file: () => AsyncIterable<Uint8Array>,
  ctx: LoadContext,
): Promise<LoadOutcome> {
  const facts = ctx.columns();
  if (facts === null) {
    throw new MysqlError(
      ER.NO_SUCH_TABLE,
      `Table '${ctx.database}.${load.table}' doesn't exist`,
    );
  }
  const columns = load.columns ?? [...facts.values()].map((c) => c.name);
  const missing = columns.map((c) => {
    const info = facts.get(c.toLowerCase());
    if (info === undefined) {
      throw new MysqlError(ER.BAD_FIELD, `Unknown column '${c}' in 'field list'`);
    }
    return missingFieldValue(info);
  });
  const target = `${mysqlIdent(ctx.database)}.${mysqlIdent(load.table)}`;
  const rows = new DelimitedRows(load);
  const decoder = new TextDecoder();
  const totals = { records: 0, affected: 0, deleted: 0, skipped: 0, warnings: 0 };
  const warnings: Warning[] = [];
  const note = (w: Warning) => {
    totals.warnings++;
    if (warnings.length < MAX_WARNINGS) warnings.push(w);
  };
  let failure: unknown = null;
  let batch: Field[][] = [];
  const flush = async () => {
    const sql = insertSql(
      load,
      { target, columns, missing, firstRow: totals.records + 1 },
      batch,
      note,
    );
    totals.records += batch.length;
    const out = await ctx.run(sql);
    const affected = Number(out.ok.affectedRows);
    totals.affected += affected;
    if (load.duplicates === "replace") totals.deleted += Math.max(0, affected - batch.length);
    else totals.skipped += batch.length - affected;
    for (const w of out.warnings) if (warnings.length < MAX_WARNINGS) warnings.push(w);
    totals.warnings += out.ok.warnings;
    batch = [];
  };
  const take = async (done: Field[][]) => {
    for (const row of done) {
      batch.push(row);
      if (batch.length >= BATCH_ROWS) await flush();
    }
  };
  // The client sends the whole file whatever happens: after a failure the rest is read and
  // dropped, so the connection stays in step, and the error is reported at the end.
  for await (const chunk of file()) {
    if (failure !== null) continue;
    try {
      await take(rows.push(decoder.decode(chunk, { stream: true })));
    } catch (err) {
      failure = err;
    }
  }
  if (failure !== null) throw failure;
  await take(rows.push(decoder.decode()));
  await take(rows.end());
  if (batch.length > 0) await flush();
  const count = totals.warnings;
  return {
    ok: {
      kind: "ok",
      affectedRows: totals.affected,
      lastInsertId: 0,
      warnings: count,
      info: `Records: ${totals.records}  Deleted: ${totals.deleted}  Skipped: ${totals.skipped}  ` +
        `Warnings: ${count}`,
    },
    warnings,
  };
}

/**
 * One INSERT for `rows`: a missing field takes `into.missing`'s value (warning 1261), fields
 * past the last column are dropped (warning 1262), as MySQL loads them.
 */
function insertSql(
  load: LoadData,
  into: { target: string; columns: string[]; missing: string[]; firstRow: number },
  rows: Field[][],
  note: (w: Warning) => void,
): string {
  const { target, columns } = into;
  const values = rows.map((row, i) => {
    const n = into.firstRow + i;
    // One warning per missing field, as MySQL counts them.
    for (let k = row.length; k < columns.length; k++) {
      const message = `Row ${n} doesn't contain data for all columns`;
      note({ level: "Warning", code: ER.WARN_TOO_FEW_RECORDS, message });
    }
    if (row.length > columns.length) {
      const message =
        `Row ${n} was truncated; it contained more data than there were input columns`;
      note({ level: "Warning", code: ER.WARN_TOO_MANY_RECORDS, message });
    }
    const items = columns.map((_, i) => {
      const v = row[i];
      return v === undefined ? into.missing[i]! : v === null ? "NULL" : quote(v);
    });
    return `(${items.join(", ")})`;
  });
  const verb = load.duplicates === "replace" ? "REPLACE" : "INSERT IGNORE";
  const names = columns.map(mysqlIdent).join(", ");
  return `${verb} INTO ${target} (${names}) VALUES ${values.join(", ")}`;
}

/** A MySQL string literal (backslash escapes on, the default sql_mode). */
function quote(text: string): string {
  return "'" + text.replaceAll("\\", "\\\\").replaceAll("'", "''").replaceAll("\0", "\\0") + "'";
}

/**
 * What a field missing from a short row stores, as MySQL and MariaDB load it: the column
 * keeps NULL when NULL is its default, and otherwise gets its type's zero value, not its
 * DEFAULT (the loader clears the field of the default row). Checked against MariaDB 10.11.
 */
function missingFieldValue(info: ColumnInfo & { defaultValue: string | null }): string {
  // A default computed at insert time (CURRENT_TIMESTAMP, an expression) is not in that row.
  const stored = info.defaultValue !== null && !/^(CURRENT_TIMESTAMP|\()/i.test(info.defaultValue);
  if (!stored && (info.flags & ColumnFlag.NOT_NULL) === 0) return "NULL";
  switch (info.type) {
    case ColumnType.DATE:
      return "'0000-00-00'";
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return "'0000-00-00 00:00:00'";
    case ColumnType.TIME:
      return "'00:00:00'";
    case ColumnType.YEAR:
    case ColumnType.BIT:
      return "0";
  }
  return numberStyle(info.type) === NumberStyle.OTHER ? "''" : "0";
}
