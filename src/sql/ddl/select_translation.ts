/**
 * The seam to the statement translator for SELECTs inside DDL (view bodies, CREATE TABLE …
 * SELECT): the MySQL SELECT is translated by `Translator` and its parameters are inlined as
 * SQLite literals, because a view's SQL cannot carry parameters. Session values (@vars, ?,
 * DATABASE() …) are refused as MySQL refuses variables in views (1351).
 */
import { MysqlError } from "../../types/errors.ts";
import type { Param } from "../statement.ts";
import { Translator } from "../translator.ts";
import { notSupported } from "./errors.ts";
import { sqlString } from "./mysql_type.ts";

let _translator: Translator | null = null;

/** A translated SELECT: SQLite text and the column names MySQL gives its result. */
export interface TranslatedSelect {
  sql: string;
  columnNames: string[] | null;
}

function _literal(p: Param): string {
  if (p === null) return "NULL";
  if (typeof p === "number") {
    if (!Number.isFinite(p)) throw notSupported("non-finite numbers in a view");
    return String(p);
  }
  if (typeof p === "bigint") return p.toString();
  if (typeof p === "string") return sqlString(p);
  if (p instanceof Uint8Array) {
    return `X'${[...p].map((b) => b.toString(16).padStart(2, "0")).join("")}'`;
  }
  throw new MysqlError(1351, "View's SELECT contains a variable or parameter", "HY000");
}

/** Replaces each `?` outside literals, identifiers and comments with its parameter. */
export function inlineParameters(sql: string, params: Param[]): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === close) {
          if (close !== "]" && sql[j + 1] === close) j++;
          else break;
        }
      }
      out += sql.slice(i, j + 1);
      i = j;
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      const end = nl < 0 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end - 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") {
      const p = params[n++];
      if (p === undefined) throw notSupported("a parameter count mismatch in a view");
      out += _literal(p);
    } else out += c;
  }
  return out;
}

/** Translates a MySQL SELECT for use inside DDL on `database`. */
export function translateSelectForDdl(mysql: string, database: string): TranslatedSelect {
  _translator ??= new Translator({ cacheSize: 64 });
  const st = _translator.translate(mysql, { database });
  if (st.kind !== "select" || st.into !== undefined || st.calcFoundRows) {
    throw new MysqlError(1064, "A view or CREATE TABLE … SELECT needs a plain SELECT", "42000");
  }
  if (st.informationSchema.length > 0) throw notSupported("views over INFORMATION_SCHEMA");
  if (st.databases.some((d) => d !== database)) throw notSupported("views over other databases");
  // `*` expands to names SQLite already gets right; only explicit select lists need ours
  const usable = st.columnNames.length > 0 &&
    !st.columnNames.some((n) => n === "*" || n.endsWith(".*"));
  return {
    sql: inlineParameters(st.stmt.sql, st.stmt.params),
    columnNames: usable ? st.columnNames : null,
  };
}
