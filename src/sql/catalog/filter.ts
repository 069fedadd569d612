/**
 * LIKE and WHERE filters of SHOW statements. WHERE is MySQL text over the result's own
 * column names: the rows go into a scratch in-memory SQLite table whose text columns are
 * NOCASE (SHOW compares case-insensitively) and the condition runs there.
 */
import { DatabaseSync } from "node:sqlite";
import type { ColumnInfo } from "../../types/column.ts";
import type { SqlValue } from "../../types/values.ts";
import { sqlIdent } from "../ddl/mysql_type.ts";
import { tokensToSqlite } from "../ddl/expression.ts";
import { tokenize } from "../ddl/tokenizer.ts";
import { mapSqliteError } from "../ddl/context.ts";

/** A RegExp for a MySQL LIKE pattern (`%`, `_`, backslash escapes). */
export function likeRegExp(pattern: string, caseInsensitive = true): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, caseInsensitive ? "iu" : "u");
}

/** Keeps rows whose column `index` matches the LIKE pattern. */
export function filterLike(
  rows: SqlValue[][],
  index: number,
  pattern: string,
  caseInsensitive = true,
): SqlValue[][] {
  const re = likeRegExp(pattern, caseInsensitive);
  return rows.filter((r) => re.test(String(r[index] ?? "")));
}

/** Converts MySQL condition text so SQLite evaluates it: LIKE gets MySQL's backslash escape. */
function _condition(where: string): string {
  const tokens = tokenize(where);
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      t.kind === "ident" && t.upper === "LIKE" && tokens[i + 1]?.kind === "string" &&
      tokens[i + 2]?.upper !== "ESCAPE"
    ) {
      parts.push(tokensToSqlite(tokens, start, i + 2) + " ESCAPE '\\'");
      start = i + 2;
      i++;
    }
  }
  parts.push(tokensToSqlite(tokens, start, tokens.length));
  return parts.filter((p) => p !== "").join(" ");
}

/** Keeps rows for which the MySQL condition `where` holds. Throws MysqlError on bad SQL. */
export function filterWhere(
  columns: ColumnInfo[],
  rows: SqlValue[][],
  where: string,
): SqlValue[][] {
  const db = new DatabaseSync(":memory:");
  try {
    const defs = columns.map((c) =>
      `${sqlIdent(c.name)} ${c.charset === 63 ? "" : "TEXT COLLATE NOCASE"}`
    );
    defs.push(`"__marmot_row" INTEGER`);
    db.exec(`CREATE TABLE t (${defs.join(", ")})`);
    const insert = db.prepare(`INSERT INTO t VALUES (${columns.map(() => "?").join(", ")}, ?)`);
    rows.forEach((r, i) => insert.run(...r.map((v) => v ?? null), i));
    let keep: Set<number>;
    try {
      const sel = db.prepare(`SELECT "__marmot_row" AS n FROM t WHERE ${_condition(where)}`);
      keep = new Set(sel.all().map((x) => Number(x.n)));
    } catch (e) {
      throw mapSqliteError(e);
    }
    return rows.filter((_, i) => keep.has(i));
  } finally {
    db.close();
  }
}

/** Applies `LIKE` (on column `likeIndex`) or `WHERE`, whichever was given. */
export function applyFilter(
  columns: ColumnInfo[],
  rows: SqlValue[][],
  filter: { like?: string; where?: string },
  likeIndex = 0,
  caseInsensitive = true,
): SqlValue[][] {
  if (filter.like !== undefined) return filterLike(rows, likeIndex, filter.like, caseInsensitive);
  if (filter.where !== undefined) return filterWhere(columns, rows, filter.where);
  return rows;
}
