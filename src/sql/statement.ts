/**
 * The translator's output: a MySQL statement classified and, where SQLite runs it, rewritten
 * into SQLite SQL with its parameters. The session executes these; it never looks at MySQL
 * text itself.
 */
import type { SchemaFacts } from "../types/schema_facts.ts";
import type { SqlValue } from "../types/values.ts";

/** Functions whose value comes from the session, bound as parameters at execution. */
export type SessionFunction =
  | "database"
  | "user"
  | "current_user"
  | "connection_id"
  | "last_insert_id"
  | "found_rows"
  | "row_count"
  | "version";

/** A parameter of a translated statement that is not a plain value. */
export type SessionRef =
  | { ref: "placeholder"; index: number } // the client's n-th `?` (prepared statements)
  | { ref: "sysvar"; name: string; scope: "session" | "global" } // @@name, lower-case name
  | { ref: "uservar"; name: string } // @name, lower-case name
  | { ref: "function"; name: SessionFunction };

export type Param = SqlValue | SessionRef;

/** One SQLite statement with its positional parameters, in order of the `?` in `sql`. */
export interface SqliteStatement {
  sql: string;
  params: Param[];
  /** false for a helper statement whose changes are not affected rows (the scratch table of a
   * multi-table DELETE); absent means true. */
  countChanges?: boolean;
}

/** Kinds of data change, for affected-row accounting and (later) replication. */
export type WriteOp = "insert" | "replace" | "update" | "delete";

/** `SET` targets. */
export type Assignment =
  | { target: "user"; name: string; value: SqliteStatement } // value: a one-row one-column SELECT
  | {
    target: "system";
    scope: "session" | "global";
    name: string;
    value: SqliteStatement;
    /** `SET x = DEFAULT`: reset to the default (value is then `SELECT NULL`). */
    toDefault?: boolean;
  }
  | { target: "names"; charset: string; collation: string | null }
  | { target: "transaction"; isolation: string | null; readOnly: boolean | null };

/** `sql` (same parameters as the statement) returns the rows unsorted; sort them by `keys`
 * and, with `distinct`, leave out duplicates (its SELECT has no DISTINCT). */
export interface RowOrder {
  sql: string;
  keys: RowOrderKey[];
  distinct: boolean;
}

/** A result column to sort by, MySQL's _ci order. */
export interface RowOrderKey {
  column: number;
  desc: boolean;
}

export type Statement =
  /** A query returning rows. `columnNames` are the names MySQL would give the columns
   * (expression text as written, alias when given), in order. */
  | {
    kind: "select";
    stmt: SqliteStatement;
    columnNames: string[];
    /** SQL_CALC_FOUND_ROWS was given: the session computes FOUND_ROWS() (stmt.sql then
     * returns one extra last column, the total, which the session strips). */
    calcFoundRows: boolean;
    /** information_schema tables referenced, lower-case (the session materialises them). */
    informationSchema: string[];
    /** Other databases referenced as `db.table` (attached by the session). */
    databases: string[];
    /** `SELECT ... INTO @var`: user variables to assign from the single row. */
    into?: string[];
    /** With calcFoundRows: `SELECT COUNT(*)` of the query without LIMIT, for when the result
     * has no row to carry the total (LIMIT offset past the end). */
    foundRowsQuery?: SqliteStatement;
    /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE was given (stripped from `stmt`). */
    locking?: boolean;
    /** Run instead of `stmt`: the same query without its ORDER BY on _ci text result columns,
     * whose rows the session sorts (emit/collated_order.ts `orderRows`). */
    rowOrder?: RowOrder;
    /** MySQL's result type of each select item where the expression decides it (literals,
     * COUNT, SUM, AVG, `/`, CAST, NOW(), ...); undefined where a table column or the values
     * decide. Same length and order as the result columns. */
    columnTypes?: Array<ExpressionType | undefined>;
  }
  /** INSERT / REPLACE / UPDATE / DELETE. Several statements for rewrites that need them
   * (multi-table DELETE); affected rows are summed. */
  | {
    kind: "write";
    op: WriteOp;
    database: string | null;
    /** Tables written, lower-case. */
    tables: string[];
    stmts: SqliteStatement[];
    /** INSERT ... ON DUPLICATE KEY UPDATE: affected rows follow MySQL (1 insert, 2 update,
     * 0 unchanged); the translator marks it so the session can count. */
    upsert: boolean;
    databases: string[];
    /** INSERT/REPLACE ... VALUES: the number of rows given (MySQL's "Records: N" info and
     * INSERT IGNORE's skipped-row warnings). Undefined for INSERT ... SELECT and UPDATE/DELETE. */
    insertRows?: number;
    /** INSERT/REPLACE ... VALUES: target columns in order (undefined when the statement
     * named none) and each row's values, for "Duplicate entry 'v' for key" messages and NULL
     * checks. An entry is undefined where the value is an expression (known only when run). */
    insertColumns?: string[];
    insertValues?: Array<Array<Param | undefined>>;
    /** UPDATE: a `SELECT count(*)` of the rows the UPDATE matches (same tables, WHERE, ORDER
     * BY and LIMIT), run before it; `stmts` only touch rows whose values change, so both of
     * MySQL's numbers ("Rows matched: M  Changed: C") are known whatever CLIENT_FOUND_ROWS is. */
    matchedQuery?: SqliteStatement;
    /** The rows are named before the statement runs (emit/point_access.ts): an UPDATE or
     * DELETE of one table whose WHERE requires each `column = value` of `keyTerms` (value
     * undefined: an expression), or an INSERT / REPLACE whose keys are its `insertValues`. No
     * subquery anywhere. `setColumns`: what an UPDATE sets (lower-case). Absent: the statement
     * may touch rows it does not name. */
    point?: {
      keyTerms: Array<{ column: string; value: Param | undefined }>;
      setColumns: string[];
    };
  }
  /** DDL, run by the DDL module from the original MySQL text. */
  | {
    kind: "ddl";
    sql: string;
    database: string | null;
    tables: string[];
  }
  | { kind: "show"; sql: string } // SHOW ..., DESCRIBE/DESC/EXPLAIN table: answered by the catalog
  | { kind: "set"; assignments: Assignment[] }
  | { kind: "use"; database: string }
  | { kind: "begin"; readOnly: boolean }
  | { kind: "commit" }
  | { kind: "rollback" }
  | { kind: "savepoint"; name: string }
  | { kind: "release_savepoint"; name: string }
  | { kind: "rollback_to_savepoint"; name: string }
  | { kind: "create_database"; name: string; ifNotExists: boolean }
  | { kind: "drop_database"; name: string; ifExists: boolean }
  | { kind: "load_data"; load: LoadData }
  /** PREPARE name FROM 'text' | @var: `source` is the text, or the user variable holding it. */
  | { kind: "sql_prepare"; name: string; source: { text: string } | { variable: string } }
  /** EXECUTE name [USING @a, @b]: the user variables whose values fill the `?`. */
  | { kind: "sql_execute"; name: string; using: string[] }
  /** DEALLOCATE PREPARE name / DROP PREPARE name. */
  | { kind: "sql_deallocate"; name: string }
  /** KILL [CONNECTION | QUERY] expr: end that client's connection, or only its statement;
   * `connectionId` is a one-row one-column SELECT of the id. */
  | { kind: "kill"; connectionId: SqliteStatement; queryOnly: boolean }
  /** Accepted and ignored (LOCK TABLES, FLUSH, GRANT ...): answered with OK. `DO expr` runs
   * `evaluate` and discards its row. */
  | { kind: "noop"; evaluate?: SqliteStatement };

/** MySQL's type of an expression result (see `columnTypes`). `scale` is the number of
 * decimals for "decimal" (e.g. 4 for `5/2`, 2 for `1.25`, 0 for SUM of integers). */
export interface ExpressionType {
  kind: "integer" | "decimal" | "double" | "string" | "date" | "datetime" | "time" | "json";
  scale?: number;
  /** The scale counts an operand of unknown type as an integer (SUM of a derived table's
   * column): the values may carry more places, and the session widens it to them. */
  guessedScale?: boolean;
  /** An "integer" that is BIGINT UNSIGNED (an UNSIGNED column, CAST AS UNSIGNED, a bit
   * operation, a literal past BIGINT). */
  unsigned?: boolean;
  /** A "string" that is a binary string (charset binary: UNHEX, AES_DECRYPT, CAST AS BINARY):
   * drivers read it as bytes. */
  binary?: boolean;
  /** An "integer" computed by `+`, `-` or `*` of integers: SQLite turns its overflow into a
   * REAL, which MySQL refuses (1690) and the session checks for. */
  arithmetic?: boolean;
}

export type { SchemaFacts } from "../types/schema_facts.ts";

/** What translation needs to know about the session and the schema. */
export interface TranslateContext {
  /** Current database or null. */
  database: string | null;
  /** Schema of the current database (null when none is selected). An INSERT that gives an
   * AUTO_INCREMENT column the value 0 or NULL must generate an id, as MySQL does without
   * NO_AUTO_VALUE_ON_ZERO; the translator uses this to wrap that column's values. */
  schema?: SchemaFacts | null;
  /** Schema of another database, or null when there is none of that name: an INSERT into
   * `db.table` generates AUTO_INCREMENT ids from that database's facts. Optional. */
  schemaOf?(database: string): SchemaFacts | null;
  /** The members of an ENUM or SET column of a table of the current database, or null for
   * any other column. Optional. */
  enumMembers?(table: string, column: string): ColumnMembers | null;
}

/** An ENUM's or SET's members, in declaration order. */
export interface ColumnMembers {
  set: boolean;
  values: readonly string[];
}

/** LOAD DATA LOCAL INFILE: where the client's file goes and how its rows are laid out. */
export interface LoadData {
  /** The name the client is asked for. */
  file: string;
  database: string | null;
  table: string;
  /** A row whose unique key is taken replaces the old row, or is skipped (LOCAL's default). */
  duplicates: "replace" | "ignore";
  /** Columns the fields fill in order; null: every column of the table. */
  columns: string[] | null;
  fieldsTerminatedBy: string;
  /** One character or "" (none); fields may be enclosed in it (OPTIONALLY or not). */
  enclosedBy: string;
  /** One character or "" (no escapes). */
  escapedBy: string;
  linesStartingBy: string;
  linesTerminatedBy: string;
  ignoreLines: number;
}
