/**
 * A small Executor that stands in for the SQL layer (which other helpers are building) so
 * the protocol can be tested against real clients. It answers a handful of canned
 * statements, echoes prepared-statement parameters back as a row, and records what it
 * received so tests can assert on the decoded values.
 */
import { ColumnFlag, type ColumnInfo, ColumnType } from "../../../src/types/column.ts";
import { ER, MysqlError } from "../../../src/types/errors.ts";
import type { SqlValue } from "../../../src/types/values.ts";
import type {
  Account,
  Executor,
  PreparedStatement,
  QueryOptions,
  QueryOutcome,
  RowsResult,
  Session,
  SessionOptions,
  StatementResult,
} from "../../../src/mysql/executor.ts";

/** A column definition with sensible defaults. */
export function col(name: string, type: ColumnType, extra: Partial<ColumnInfo> = {}): ColumnInfo {
  const text = type === ColumnType.VAR_STRING || type === ColumnType.STRING ||
    type === ColumnType.BLOB && !(extra.flags ?? 0);
  return {
    schema: "",
    table: "",
    orgTable: "",
    name,
    orgName: "",
    charset: text ? 45 : 63,
    length: 255,
    type,
    flags: 0,
    decimals: type === ColumnType.DOUBLE || type === ColumnType.FLOAT ? 31 : 0,
    ...extra,
  };
}

function rows(columns: ColumnInfo[], data: SqlValue[][]): RowsResult {
  return { kind: "rows", columns, rows: data, warnings: 0 };
}

/** What `SELECT types` returns: one column of each interesting type. */
export const TYPES_COLUMNS: ColumnInfo[] = [
  col("i", ColumnType.LONG),
  col("big", ColumnType.LONGLONG, { flags: ColumnFlag.UNSIGNED }),
  col("d", ColumnType.DOUBLE),
  col("dec", ColumnType.NEWDECIMAL, { decimals: 2 }),
  col("s", ColumnType.VAR_STRING),
  col("dt", ColumnType.DATETIME, { decimals: 6 }),
  col("day", ColumnType.DATE),
  col("t", ColumnType.TIME),
  col("b", ColumnType.BLOB, { flags: ColumnFlag.BLOB | ColumnFlag.BINARY }),
  col("n", ColumnType.LONG),
];
export const TYPES_ROW: SqlValue[] = [
  -42,
  18446744073709551615n,
  1.5,
  3.14159,
  "héllo",
  "2024-03-05 14:07:09.000123",
  "2024-03-05",
  "-26:03:04",
  Uint8Array.of(0, 1, 2, 255),
  null,
];

/** The in-test Executor. */
export class TestExecutor implements Executor {
  readonly serverVersion = "8.0.32-Marmot";
  readonly accounts = new Map<string, string>([["root", ""], ["app", "secret"]]);
  readonly sessions: TestSession[] = [];

  findAccount(user: string): Account | undefined {
    const password = this.accounts.get(user);
    return password === undefined ? undefined : { user, password };
  }

  openSession(options: SessionOptions): Session {
    if (options.database === "nope") {
      throw new MysqlError(ER.BAD_DB, `Unknown database '${options.database}'`);
    }
    const s = new TestSession(options);
    this.sessions.push(s);
    return s;
  }
}

interface TestStatement extends PreparedStatement {
  sql: string;
}

/** The in-test Session. */
export class TestSession implements Session {
  database: string | null;
  closed = false;
  lastParams: SqlValue[] | null = null;
  queries: string[] = [];
  readonly options: SessionOptions;

  constructor(options: SessionOptions) {
    this.options = options;
    this.database = options.database;
  }

  statusFlags(): number {
    return 0x0002;
  }

  async query(sql: string, options: QueryOptions): Promise<QueryOutcome> {
    this.queries.push(sql);
    const parts = sql.split(";").map((s) => s.trim()).filter((s) => s.length > 0);
    if (parts.length > 1 && !options.multiStatements) {
      return {
        results: [],
        error: new MysqlError(ER.PARSE_ERROR, "You have an error in your SQL syntax"),
      };
    }
    const results: StatementResult[] = [];
    for (const part of parts) {
      try {
        results.push(await this.#one(part));
      } catch (err) {
        if (err instanceof MysqlError) return { results, error: err };
        throw err;
      }
    }
    return { results };
  }

  async #one(sql: string): Promise<StatementResult> {
    const lower = sql.toLowerCase();
    const sleep = /^select sleep\((\d+)\)$/.exec(lower);
    if (sleep) {
      await new Promise((r) => setTimeout(r, Number(sleep[1])));
      return rows([col("sleep", ColumnType.LONGLONG)], [[0]]);
    }
    const big = /^select big\((\d+)\)$/.exec(lower);
    if (big) return rows([col("big", ColumnType.BLOB)], [["x".repeat(Number(big[1]))]]);
    if (lower === "select 1") {
      return rows([col("1", ColumnType.LONGLONG, { flags: 0x81, length: 1 })], [[1]]);
    }
    if (lower.startsWith("select @@version_comment")) {
      return rows([col("@@version_comment", ColumnType.VAR_STRING)], [["Marmot test"]]);
    }
    if (lower === "select types") return rows(TYPES_COLUMNS, [TYPES_ROW]);
    if (lower === "select database(), user() limit 1") {
      return rows(
        [col("DATABASE()", ColumnType.VAR_STRING), col("USER()", ColumnType.VAR_STRING)],
        [[
          this.database,
          `${this.options.user}@${this.options.host}`,
        ]],
      );
    }
    if (lower.startsWith("select @@")) {
      // The CLI's `status` asks for character sets: answer every variable with utf8mb4.
      const names = lower.replace(/ limit \d+$/, "").slice(7).split(",").map((s) => s.trim());
      return rows(names.map((n) => col(n, ColumnType.VAR_STRING)), [names.map(() => "utf8mb4")]);
    }
    if (lower === "select database()") {
      return rows([col("DATABASE()", ColumnType.VAR_STRING)], [[this.database]]);
    }
    if (lower.startsWith("insert")) {
      return { kind: "ok", affectedRows: 1, lastInsertId: 5, warnings: 0 };
    }
    if (lower.startsWith("boom")) throw new Error("Simulated internal failure");
    throw new MysqlError(ER.PARSE_ERROR, `You have an error in your SQL syntax near '${sql}'`);
  }

  prepare(sql: string): PreparedStatement {
    const paramCount = sql.split("?").length - 1;
    if (!sql.toLowerCase().startsWith("select")) {
      throw new MysqlError(
        1295,
        "This command is not supported in the prepared statement protocol yet",
      );
    }
    const columns = Array.from(
      { length: paramCount },
      (_, i) => col(`p${i}`, ColumnType.VAR_STRING),
    );
    const stmt: TestStatement = { sql, paramCount, columns };
    return stmt;
  }

  execute(statement: PreparedStatement, params: SqlValue[]): Promise<StatementResult> {
    this.lastParams = params;
    const sql = (statement as TestStatement).sql.toLowerCase();
    if (sql === "select types") return Promise.resolve(rows(TYPES_COLUMNS, [TYPES_ROW]));
    // Echo parameters back as text so clients show what the server decoded.
    const echo = params.map((p) =>
      p === null
        ? null
        : p instanceof Uint8Array
        ? p
        : typeof p === "bigint"
        ? p.toString()
        : String(p)
    );
    return Promise.resolve(rows(statement.columns, [echo]));
  }

  closeStatement(_statement: PreparedStatement): void {}

  useDatabase(name: string): void {
    if (name === "nope") throw new MysqlError(ER.BAD_DB, `Unknown database '${name}'`);
    this.database = name;
  }

  fieldList(table: string, _wildcard: string): Array<ColumnInfo & { defaultValue: string | null }> {
    if (table !== "t") {
      throw new MysqlError(ER.NO_SUCH_TABLE, `Table 'test.${table}' doesn't exist`);
    }
    return [
      {
        ...col("id", ColumnType.LONG, { table: "t", orgTable: "t", orgName: "id" }),
        defaultValue: null,
      },
      { ...col("name", ColumnType.VAR_STRING, { table: "t" }), defaultValue: "x" },
    ];
  }

  reset(): Promise<void> {
    this.database = this.options.database;
    return Promise.resolve();
  }

  statistics(): string {
    return "Uptime: 42  Threads: 1  Questions: 7  Slow queries: 0  Opens: 0  Flush tables: 1  Open tables: 0  Queries per second avg: 0.166";
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
