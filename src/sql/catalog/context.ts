/** What the catalog needs from the session, and helpers to reach a database's definitions. */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { ER, MysqlError } from "../../types/errors.ts";
import type { Warning } from "../ddl/context.ts";

/** One client connection as SHOW PROCESSLIST lists it. */
export interface ProcessInfo {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  time: number;
  state: string;
  info: string | null;
}

/** The session's view of the server, for SHOW and INFORMATION_SCHEMA. */
export interface CatalogContext {
  /** Current database. */
  database: string | null;
  /** User databases (without information_schema, which the catalog adds itself). */
  databaseNames(): string[];
  /** Open connection to a user database; throws MysqlError 1049 for an unknown one. */
  connection(database: string): DatabaseSync;
  /** System variables, lower-case names. */
  variables(scope: "session" | "global"): ReadonlyMap<string, SqlValue>;
  processList(): ProcessInfo[];
  /** Warnings of the previous statement (SHOW WARNINGS, SHOW COUNT(*) WARNINGS). */
  warnings(): Warning[];
  /** SHOW STATUS values. */
  status(): ReadonlyMap<string, SqlValue>;
  /** `user@host` of the session, for SHOW GRANTS (default `root@%`). */
  user?: string;
}

/** Name of the emulated schema. */
export const INFORMATION_SCHEMA = "information_schema";

/** The database a statement names, or the current one; throws 1046 when there is none. */
export function targetDatabase(ctx: CatalogContext, db: string | null | undefined): string {
  const name = db ?? ctx.database;
  if (name === null || name === undefined) throw new MysqlError(ER.NO_DB, "No database selected");
  return name;
}

/** True when `name` is information_schema (any case, as MySQL accepts). */
export function isInformationSchema(name: string | null | undefined): boolean {
  return name !== null && name !== undefined && name.toLowerCase() === INFORMATION_SCHEMA;
}
