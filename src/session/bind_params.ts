/** Resolves a translated statement's parameters to values SQLite can bind. */
import type { SQLInputValue } from "node:sqlite";
import type { Param, SessionRef } from "../sql/statement.ts";
import { ER, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import type { SessionVariables } from "./variables.ts";

/** The session state parameters can refer to. */
export interface SessionValues {
  readonly variables: SessionVariables;
  readonly database: string | null;
  readonly user: string;
  readonly host: string;
  readonly connectionId: number;
  readonly serverVersion: string;
  lastInsertId: number | bigint;
  foundRows: number | bigint;
  rowCount: number | bigint;
  /** Warnings and errors of the previous statement (@@warning_count, @@error_count). */
  readonly warnings: ReadonlyArray<{ level: string }>;
}

/** Binds `params`; `placeholders` are the client's values for `?` (prepared statements). */
export function bindParams(
  params: Param[],
  placeholders: SqlValue[] | null,
  session: SessionValues,
): SQLInputValue[] {
  const out: SQLInputValue[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const value = p !== null && typeof p === "object" && !(p instanceof Uint8Array)
      ? resolveRef(p, placeholders, session)
      : p;
    out[i] = toSqlite(value);
  }
  return out;
}

const utf8 = new TextEncoder();
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** node:sqlite binds every JS number as REAL, which would store 5 as '5.0' in a text
 * column: whole numbers go in as integers. It also reads text only up to a NUL character,
 * so a string holding one is stored as its UTF-8 bytes (clients still get the same text).
 * An integer beyond SQLite's signed 64 bits (BIGINT UNSIGNED from 2^63) goes in as REAL,
 * as SQLite stores such a literal in the text protocol, instead of failing to bind. */
function toSqlite(value: SqlValue): SQLInputValue {
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "bigint" && (value > INT64_MAX || value < INT64_MIN)) return Number(value);
  if (typeof value === "string" && value.includes("\0")) return utf8.encode(value);
  return value;
}

function resolveRef(ref: SessionRef, placeholders: SqlValue[] | null, s: SessionValues): SqlValue {
  switch (ref.ref) {
    case "placeholder": {
      const v = placeholders?.[ref.index];
      if (v === undefined) {
        throw new MysqlError(ER.WRONG_ARGUMENTS, "Incorrect arguments to mysqld_stmt_execute");
      }
      return v;
    }
    case "uservar":
      return s.variables.user(ref.name);
    case "sysvar": {
      if (ref.name === "warning_count") return s.warnings.length;
      if (ref.name === "error_count") return s.warnings.filter((w) => w.level === "Error").length;
      const v = s.variables.system(ref.name, ref.scope);
      if (v === undefined) {
        throw new MysqlError(ER.UNKNOWN_SYSTEM_VARIABLE, `Unknown system variable '${ref.name}'`);
      }
      return v;
    }
    case "function":
      switch (ref.name) {
        case "database":
          return s.database;
        case "user":
          return `${s.user}@${s.host}`;
        case "current_user":
          return `${s.user}@%`;
        case "connection_id":
          return s.connectionId;
        case "last_insert_id":
          return s.lastInsertId;
        case "found_rows":
          return s.foundRows;
        case "row_count":
          return s.rowCount;
        case "version":
          return s.serverVersion;
      }
  }
}
