/**
 * What the wire-protocol layer needs from the rest of the server. The protocol code knows
 * nothing of SQL or storage: it authenticates against `Accounts`, opens a `Session` per
 * connection and hands it statements.
 */
import type { ColumnInfo } from "../types/column.ts";
import type { StatementResult } from "../types/results.ts";
import type { MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";

export type { OkResult, RowsResult, StatementResult } from "../types/results.ts";

/** The results of a COM_QUERY (several with multi-statements) and the error, if any, that
 * stopped it: MySQL sends the results that completed, then the ERR packet. */
export interface QueryOutcome {
  results: StatementResult[];
  error?: MysqlError;
}

/** What a prepared statement looks like to the client (COM_STMT_PREPARE_OK). */
export interface PreparedStatement {
  readonly paramCount: number;
  /** Result columns, empty when the statement returns no rows. */
  readonly columns: ColumnInfo[];
}

/** Per-query options that come from the connection's negotiated state. */
export interface QueryOptions {
  /** CLIENT_MULTI_STATEMENTS is on (capability or COM_SET_OPTION). */
  multiStatements: boolean;
  /**
   * LOAD DATA LOCAL INFILE: asks the client for the file `name` and yields its contents as
   * they arrive (nothing when the client declines). Absent when the client did not negotiate
   * CLIENT_LOCAL_FILES. The caller must read it to the end.
   */
  localFile?: (name: string) => AsyncIterable<Uint8Array>;
}

/** One client connection's server-side state. */
export interface Session {
  /** Current database, or null when none is selected. */
  readonly database: string | null;
  /** SERVER_STATUS_* bits for OK/EOF packets (autocommit, in transaction, ...). */
  statusFlags(): number;
  /** Runs COM_QUERY text; never throws for SQL errors, they come back in the outcome. */
  query(sql: string, options: QueryOptions): Promise<QueryOutcome>;
  /** COM_STMT_PREPARE; throws MysqlError. */
  prepare(sql: string): PreparedStatement;
  /** COM_STMT_EXECUTE with decoded parameters; throws MysqlError. */
  execute(statement: PreparedStatement, params: SqlValue[]): Promise<StatementResult>;
  /** COM_STMT_CLOSE. */
  closeStatement(statement: PreparedStatement): void;
  /** COM_INIT_DB; throws MysqlError 1049 for an unknown database. */
  useDatabase(name: string): void;
  /** COM_FIELD_LIST: the table's columns (with defaults); throws MysqlError. */
  fieldList(table: string, wildcard: string): Array<ColumnInfo & { defaultValue: string | null }>;
  /** COM_RESET_CONNECTION: roll back, drop variables and prepared statements. */
  reset(): Promise<void>;
  /** COM_STATISTICS text. */
  statistics(): string;
  /** Connection closed: roll back any open transaction and release resources. */
  close(): Promise<void>;
}

/** A user the server accepts, with the password in clear (from the config). */
export interface Account {
  user: string;
  password: string;
}

export interface SessionOptions {
  user: string;
  /** Database from CONNECT_WITH_DB, or null. */
  database: string | null;
  connectionId: number;
  /** CLIENT_FOUND_ROWS negotiated: affected rows count matched rows, not changed ones. */
  clientFoundRows: boolean;
  /** Peer address, for USER() and SHOW PROCESSLIST. */
  host: string;
  /** Closes the client's connection (KILL from another session); the session closes after. */
  disconnect(): void;
}

/** The server side the protocol talks to. */
export interface Executor {
  /** The account for a user name, or undefined (access denied). */
  findAccount(user: string): Account | undefined;
  /** Opens a session; throws MysqlError 1049 if `database` does not exist. */
  openSession(options: SessionOptions): Session;
  /** Server version string for the greeting and VERSION(). */
  readonly serverVersion: string;
}
