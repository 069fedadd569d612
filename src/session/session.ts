/**
 * One client connection's server-side state: current database, variables, transaction and
 * prepared statements. Routes each translated statement to the read path, the write path,
 * DDL, the catalog or session state (implements the protocol layer's `Session`).
 */
import type {
  OkResult,
  PreparedStatement,
  QueryOptions,
  QueryOutcome,
  RowsResult,
  Session,
  StatementResult,
} from "../mysql/executor.ts";
import {
  type CatalogContext,
  materializeInformationSchema,
  runShow,
  tableColumnInfo,
} from "../sql/catalog/mod.ts";
import type { Warning } from "../sql/ddl/mod.ts";
import { allRows } from "../sql/functions/mod.ts";
import { orderRows } from "../sql/emit/collated_order.ts";
import { syntaxError, toMysqlError } from "../sql/sqlite_errors.ts";
import type { ColumnMembers, LoadData, Statement } from "../sql/statement.ts";
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import { unknownDatabase } from "../storage/database_registry.ts";
import type { ColumnInfo } from "../types/column.ts";
import { ER, isDeadlock, MysqlError } from "../types/errors.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";
import { loadData } from "./load_data.ts";
import { resultColumns } from "./result_columns.ts";
import { attachDatabase } from "./attach_database.ts";
import { createDatabase, dropDatabase, runDdl, type SchemaOutcome } from "./schema_statements.ts";
import { runSet } from "./set_statement.ts";
import type { SessionDeps } from "./session_deps.ts";
import type { PooledRead } from "./read_pool.ts";
import {
  beginStatement,
  resumeStatement,
  type StatementHooks,
  type StatementState,
} from "./statement_context.ts";
import { Transaction } from "./transaction.ts";
import { SessionVariables } from "./variables.ts";
import { StatementWaits } from "./statement_waits.ts";
import { runWrite } from "./write_statement.ts";
import { ValueReports } from "./value_reports.ts";
import { readOnWorker, workerDatabase } from "./worker_reads.ts";

const SERVER_STATUS_IN_TRANS = 0x0001;
const SERVER_STATUS_AUTOCOMMIT = 0x0002;
const MAX_PREPARED_STATEMENTS = 16_382; // max_prepared_stmt_count default
/** Statements whose expressions run on the write connection inside a writing transaction. */
const READS_ON_WRITER = new Set<Statement["kind"]>(["set", "noop", "kill"]);

interface Prepared extends PreparedStatement {
  statement: Statement;
  consistency: string | null;
}

export interface ClientSessionOptions {
  user: string;
  host: string;
  connectionId: number;
  clientFoundRows: boolean;
  database: string | null;
  /** Called once when the connection closes. */
  onClose?: () => void;
  /** Closes the client's connection (KILL). */
  disconnect(): void;
}

/** The session of one MySQL client connection. */
export class ClientSession implements Session, SessionValues {
  readonly user: string;
  readonly host: string;
  readonly connectionId: number;
  readonly clientFoundRows: boolean;
  readonly variables: SessionVariables;
  lastInsertId: number | bigint = 0;
  foundRows: number | bigint = 0;
  rowCount: number | bigint = -1;
  /** Text of the statement running now, for SHOW PROCESSLIST. */
  currentSql: string | null = null;
  startedAt = Date.now();
  #deps: SessionDeps;
  #database: string | null;
  #autocommit = true;
  #txn: Transaction | null = null;
  /** The read a worker runs for this session's statement now (KILL ends it). */
  #workerRead: PooledRead | null = null;
  #warnings: Warning[] = [];
  /** What SQL functions report about the running statement's values. */
  readonly #reports = new ValueReports();
  /** The running statement's record (NOW(), time zone, hooks), made current again before
   * its SQL runs after an await. */
  #statement: StatementState | null = null;
  #prepared = new Set<Prepared>();
  /** Statements of SQL-level PREPARE, by lower-case name (also counted in `#prepared`). */
  #sqlPrepared = new Map<string, Prepared>();
  #onClose: (() => void) | undefined;
  /** Closes the client's connection (KILL). */
  readonly disconnect: () => void;
  /** The client's LOCAL INFILE reader while a COM_QUERY runs (if it allows LOAD DATA LOCAL). */
  #localFile: QueryOptions["localFile"];
  /** SLEEP and GET_LOCK waits of the running statement. */
  readonly #waits: StatementWaits;
  /** Set by LAST_INSERT_ID(expr) during the running statement: the OK packet carries it. */
  #statementInsertId: number | bigint | null = null;
  /** The first AUTO_INCREMENT id the running statement generated, or null. */
  generatedId: bigint | null = null;
  /** What the SQL functions of the running statement report to this session. */
  readonly #hooks: StatementHooks;

  constructor(deps: SessionDeps, options: ClientSessionOptions) {
    this.#deps = deps;
    this.user = options.user;
    this.host = options.host;
    this.connectionId = options.connectionId;
    this.clientFoundRows = options.clientFoundRows;
    this.#onClose = options.onClose;
    this.disconnect = options.disconnect;
    this.#waits = new StatementWaits(deps.userLocks, options.connectionId);
    this.#hooks = {
      setLastInsertId: (v) => {
        this.lastInsertId = v;
        this.#statementInsertId = v;
      },
      lastInsertId: () => this.lastInsertId,
      userVariables: {
        get: (name) => this.variables.user(name),
        set: (name, value) => this.variables.setUser(name, value),
      },
      generatedId: (v) => {
        this.generatedId ??= v;
      },
      divisionByZero: () => this.#reports.divisionByZero(),
      warning: (code, message) => this.#reports.warning(code, message),
      nullIntoNotNull: (column, single) => this.#reports.nullIntoNotNull(column, single),
      storeIssue: (issue, column) => this.#reports.storeIssue(issue, column),
      sleep: (ms) => this.#waits.sleep(ms),
      userLocks: this.#waits.userLocks,
    };
    this.variables = new SessionVariables(deps.globals);
    if (options.database !== null && !deps.registry.has(options.database)) {
      throw unknownDatabase(options.database);
    }
    this.#database = options.database;
  }

  get database(): string | null {
    return this.#database;
  }

  get serverVersion(): string {
    return this.#deps.serverVersion;
  }

  /** Schema facts of the current database for the translator (TranslateContext.schema). */
  get schema(): Database | null {
    return this.#database !== null && this.#deps.registry.has(this.#database)
      ? this.#deps.registry.get(this.#database)
      : null;
  }

  /** ENUM / SET members of a column of the current database (TranslateContext.enumMembers). */
  enumMembers(table: string, column: string): ColumnMembers | null {
    const db = this.schema;
    if (db === null) return null;
    return tableColumnInfo(db.writer.db, db.name, table)?.get(column.toLowerCase())?.members ??
      null;
  }

  /** Schema facts of another database (TranslateContext.schemaOf). */
  schemaOf(database: string): Database | null {
    return this.#deps.registry.has(database) ? this.#deps.registry.get(database) : null;
  }

  get inTransaction(): boolean {
    return this.#txn !== null;
  }

  statusFlags(): number {
    return (this.#txn !== null ? SERVER_STATUS_IN_TRANS : 0) |
      (this.#autocommit ? SERVER_STATUS_AUTOCOMMIT : 0);
  }

  async query(sql: string, options: QueryOptions): Promise<QueryOutcome> {
    this.#localFile = options.localFile;
    try {
      return await this.#query(sql, options);
    } finally {
      this.#localFile = undefined;
    }
  }

  async #query(sql: string, options: QueryOptions): Promise<QueryOutcome> {
    const results: StatementResult[] = [];
    let texts: string[];
    try {
      texts = this.#deps.translator.splitStatements(sql);
    } catch (err) {
      return { results, error: toMysqlError(err, this) };
    }
    if (texts.length === 0) {
      return { results, error: new MysqlError(ER.EMPTY_QUERY, "Query was empty") };
    }
    if (texts.length > 1 && !options.multiStatements) {
      return { results, error: syntaxError(texts[1]!) };
    }
    for (const text of texts) {
      this.#deps.counters.questions++;
      try {
        this.currentSql = text;
        const statement = this.#deps.translator.translate(text, this);
        results.push(await this.#run(statement, null, consistencyHint(text)));
      } catch (err) {
        return { results, error: this.#fail(err) };
      } finally {
        this.currentSql = null;
      }
    }
    return { results };
  }

  prepare(sql: string): PreparedStatement {
    if (this.#prepared.size >= MAX_PREPARED_STATEMENTS) {
      throw new MysqlError(1461, "Can't create more than max_prepared_stmt_count statements");
    }
    try {
      const { statement, paramCount } = this.#deps.translator.translatePrepared(sql, this);
      const prepared: Prepared = {
        paramCount,
        columns: this.#describe(statement),
        statement,
        consistency: consistencyHint(sql),
      };
      this.#prepared.add(prepared);
      return prepared;
    } catch (err) {
      throw toMysqlError(err, this);
    }
  }

  async execute(statement: PreparedStatement, params: SqlValue[]): Promise<StatementResult> {
    const prepared = statement as Prepared;
    this.#deps.counters.questions++;
    if (!this.#prepared.has(prepared)) {
      throw new MysqlError(ER.UNKNOWN_STMT_HANDLER, "Unknown prepared statement handler");
    }
    try {
      return await this.#run(prepared.statement, params, prepared.consistency);
    } catch (err) {
      throw this.#fail(err);
    }
  }

  closeStatement(statement: PreparedStatement): void {
    this.#prepared.delete(statement as Prepared);
  }

  useDatabase(name: string): void {
    if (!this.#deps.registry.has(name)) throw unknownDatabase(name);
    this.#database = name;
  }

  fieldList(table: string, _wildcard: string): Array<ColumnInfo & { defaultValue: string | null }> {
    const db = this.#requireDatabase();
    try {
      const info = tableColumnInfo(db.reader.db, db.name, table);
      if (info === null) {
        throw new MysqlError(ER.NO_SUCH_TABLE, `Table '${db.name}.${table}' doesn't exist`);
      }
      return [...info.values()];
    } catch (err) {
      throw toMysqlError(err, this);
    }
  }

  async reset(): Promise<void> {
    this.#rollbackTransaction();
    this.#autocommit = true;
    this.variables.reset();
    this.#prepared.clear();
    this.#sqlPrepared.clear();
    this.#warnings = [];
    this.lastInsertId = 0;
    this.foundRows = 0;
    this.rowCount = -1;
    await Promise.resolve();
  }

  statistics(): string {
    const { questions, startedAt } = this.#deps.counters;
    const uptime = Math.max(1, Math.floor((Date.now() - startedAt) / 1000));
    return `Uptime: ${uptime}  Threads: ${this.#deps.processList().length}  ` +
      `Questions: ${questions}  Slow queries: 0  Opens: 0  Flush tables: 1  Open tables: 0  ` +
      `Queries per second avg: ${(questions / uptime).toFixed(3)}`;
  }

  async close(): Promise<void> {
    this.#rollbackTransaction();
    this.#waits.releaseAll();
    this.#prepared.clear();
    this.#sqlPrepared.clear();
    this.#onClose?.();
    this.#onClose = undefined;
    await Promise.resolve();
  }

  /** The warnings of the last statement, for SHOW WARNINGS. */
  get warnings(): Warning[] {
    return this.#warnings;
  }

  #fail(err: unknown): MysqlError {
    let error = toMysqlError(err, this);
    if (error.code === ER.NO_SUCH_TABLE && this.#database === null) {
      error = new MysqlError(ER.NO_DB, "No database selected");
    }
    this.#warnings = [{ level: "Error", code: error.code, message: error.message }];
    return error;
  }

  /** Makes the running statement's record current again (see `resumeStatement`). */
  #resume(): void {
    if (this.#statement !== null) resumeStatement(this.#statement);
  }

  /** Runs a statement, waiting (without blocking) for the user-level locks and SLEEP it asks. */
  #run(
    statement: Statement,
    placeholders: SqlValue[] | null,
    consistency: string | null,
  ): Promise<StatementResult> {
    return this.#waits.run(async () => {
      try {
        return await this.#runStatement(statement, placeholders, consistency);
      } finally {
        this.#reports.end();
      }
    });
  }

  /** KILL: a statement waiting out SLEEP, for GET_LOCK or in a write epoch ends now (1317). */
  interrupt(): void {
    this.#waits.interrupt(this.currentSql !== null);
    this.#txn?.interrupt();
    this.#workerRead?.cancel();
  }

  async #runStatement(
    statement: Statement,
    placeholders: SqlValue[] | null,
    consistency: string | null,
  ): Promise<StatementResult> {
    this.#statement = beginStatement(
      this.#hooks,
      String(this.variables.system("time_zone") ?? "SYSTEM"),
    );
    if (clearsWarnings(statement)) this.#warnings = [];
    this.#reports.begin(statement, String(this.variables.system("sql_mode") ?? ""));
    if (!this.#autocommit && this.#txn === null && opensImplicitTransaction(statement)) {
      this.#txn = new Transaction(this, this.#deps.replicator);
    }
    // These evaluate expressions on the write connection, which may read tables: alone there.
    if (this.#txn?.wrote && READS_ON_WRITER.has(statement.kind)) {
      await this.#rollbackOnDeadlock(() => this.#txn!.exclusive());
      this.#resume();
    }
    switch (statement.kind) {
      case "select":
        return await this.#select(statement, placeholders);
      case "write": {
        const db = this.#databaseFor(statement.database);
        const resetStatement = () => {
          this.#statementInsertId = null;
          this.generatedId = null;
        };
        resetStatement();
        const { ok: result, warnings } = await this.#rollbackOnDeadlock(() =>
          runWrite(statement, placeholders, {
            session: this,
            resetStatement,
            db,
            txn: this.#txn,
            strict: this.#reports.strict,
            replicator: this.#deps.replicator,
            consistency,
            resume: () => this.#resume(),
            attach: (conn) => {
              for (const other of statement.databases) {
                if (other === db.name) continue;
                attachDatabase(conn, other, {
                  registry: this.#deps.registry,
                  sql: statement.stmts[0]?.sql ?? "",
                });
              }
            },
          })
        );
        if (this.#statementInsertId !== null) result.lastInsertId = this.#statementInsertId;
        this.#warnings = [...warnings, ...this.#reports.warnings];
        result.warnings = this.#warnings.length;
        this.rowCount = result.affectedRows;
        return result;
      }
      case "ddl": {
        await this.#commitTransaction(consistency);
        const db = this.#databaseFor(statement.database);
        return this.#schemaOutcome(
          await runDdl(statement, db, {
            owner: this,
            replicator: this.#deps.replicator,
            consistency,
          }),
        );
      }
      case "show":
        return runShow(statement.sql, this.#catalog());
      case "set":
        await runSet(statement.assignments, {
          session: this,
          evaluate: (stmt) => this.#scalar(stmt.sql, bindParams(stmt.params, placeholders, this)),
          setAutocommit: (on) => this.#setAutocommit(on, consistency),
        });
        return ok();
      case "use":
        this.useDatabase(statement.database);
        return ok();
      case "load_data":
        return await this.#loadData(statement.load, consistency);
      case "sql_prepare":
        return this.#sqlPrepare(statement);
      case "sql_execute":
        return await this.#sqlExecute(statement);
      case "sql_deallocate":
        this.closeStatement(this.#sqlStatement(statement.name, "DEALLOCATE PREPARE"));
        this.#sqlPrepared.delete(statement.name);
        return ok();
      case "kill": {
        const { connectionId: idQuery, queryOnly } = statement;
        const id = this.#scalar(idQuery.sql, bindParams(idQuery.params, placeholders, this));
        // MySQL takes the value as an integer: text that is not a number is 0.
        const n = Math.trunc(Number(id));
        this.#deps.kill(Number.isFinite(n) ? n : 0, queryOnly, this);
        return ok();
      }
      case "begin":
        await this.#commitTransaction(consistency);
        this.#txn = new Transaction(this, this.#deps.replicator);
        return ok();
      case "commit":
        await this.#commitTransaction(consistency);
        return ok();
      case "rollback":
        this.#rollbackTransaction();
        return ok();
      case "savepoint":
      case "release_savepoint":
      case "rollback_to_savepoint":
        return await this.#savepoint(statement.kind, statement.name);
      case "create_database":
        await this.#commitTransaction(consistency);
        return this.#schemaOutcome(
          await createDatabase(this.#deps.registry, statement, {
            replicator: this.#deps.replicator,
            consistency,
          }),
        );
      case "drop_database": {
        await this.#commitTransaction(consistency);
        const outcome = await dropDatabase(this.#deps.registry, { ...statement, owner: this }, {
          replicator: this.#deps.replicator,
          consistency,
        });
        if (this.#database === statement.name && !this.#deps.registry.has(statement.name)) {
          this.#database = null;
        }
        return this.#schemaOutcome(outcome);
      }
      case "noop":
        if (statement.evaluate !== undefined) {
          this.#scalar(
            statement.evaluate.sql,
            bindParams(statement.evaluate.params, placeholders, this),
          );
        }
        return ok();
    }
  }

  async #select(
    statement: Extract<Statement, { kind: "select" }>,
    placeholders: SqlValue[] | null,
  ): Promise<StatementResult> {
    const args = bindParams(statement.stmt.params, placeholders, this);
    const read = this.#readConnection(statement);
    const conn = read instanceof Promise ? await this.#rollbackOnDeadlock(() => read) : read;
    if (read instanceof Promise) this.#resume();
    const order = statement.rowOrder;
    const sql = order?.sql ?? statement.stmt.sql;
    const cached = conn.statement(sql);
    const count = statement.calcFoundRows ? statement.foundRowsQuery : undefined;
    const countArgs = () => bindParams(count!.params, placeholders, this);
    let rows: SqlValue[][];
    let counted: unknown;
    const db = workerDatabase(this.#deps, this.#database, statement, conn, sql);
    if (db !== null) {
      const ifNone = count === undefined ? undefined : { sql: count.sql, args: countArgs() };
      let ms: number;
      ({ rows, counted, ms } = await readOnWorker(
        this.#deps.readPool,
        db,
        { rows: { sql, args }, ifNone },
        (read) => this.#workerRead = read,
      ));
      this.#deps.slowReads.note(sql, ms);
    } else {
      const started = performance.now();
      rows = allRows(cached.stmt, args) as SqlValue[][];
      this.#deps.slowReads.note(sql, performance.now() - started);
    }
    if (order !== undefined) rows = orderRows(rows, order);
    const width = cached.columns.length;
    if (statement.calcFoundRows) {
      const total = rows[0]?.[width - 1] as number | bigint | undefined;
      // Counted apart only when no row came (the worker did it then, in the same read).
      const countRow = () => counted ?? conn.statement(count!.sql).stmt.get(...countArgs());
      this.foundRows = total ?? (count === undefined ? 0 : (countRow() as unknown as [bigint])[0]);
      rows = rows.map((r) => r.slice(0, -1));
    } else {
      this.foundRows = rows.length;
    }
    this.rowCount = -1;
    const database = conn === this.#deps.scratch ? null : this.#database;
    const columns = resultColumns(cached, conn.db, rows, {
      names: statement.columnNames,
      database,
      drop: statement.calcFoundRows ? 1 : 0,
      types: statement.columnTypes,
    });
    if (statement.into !== undefined) {
      const row = rows[0];
      statement.into.forEach((name, i) => this.variables.setUser(name, row?.[i] ?? null));
      return ok();
    }
    const reported = this.#reports.warnings;
    if (reported.length > 0) this.#warnings = reported;
    const result: RowsResult = { kind: "rows", columns, rows, warnings: reported.length };
    return result;
  }

  /** Where a SELECT reads; outside a transaction at once (no await on the point-select path). */
  #readConnection(
    statement: Extract<Statement, { kind: "select" }>,
  ): Connection | Promise<Connection> {
    if (statement.informationSchema.length > 0) {
      materializeInformationSchema(
        this.#deps.scratch.db,
        statement.informationSchema,
        this.#catalog(),
      );
      return this.#scratch();
    }
    if (this.#database === null) return this.#scratch();
    const db = this.#deps.registry.get(this.#database);
    const attached = (conn: Connection) => {
      for (const other of statement.databases) {
        attachDatabase(conn, other, { registry: this.#deps.registry, sql: statement.stmt.sql });
      }
      return conn;
    };
    if (this.#txn === null) return attached(db.reader);
    return this.#transactionRead(db, statement).then(attached);
  }

  /** Where a SELECT inside the open transaction reads `db`. One of no table
   * (LAST_INSERT_ID(), CONNECTION_ID(), 1 + 1) reads no other transaction's rows: it need not
   * wait to be the only writer. */
  async #transactionRead(
    db: Database,
    statement: Extract<Statement, { kind: "select" }>,
  ): Promise<Connection> {
    const txn = this.#txn!;
    const locking = statement.locking === true;
    const noTable = !locking && !/\bFROM\b/i.test(statement.stmt.sql);
    return (noTable ? txn.writerFor(db) : undefined) ?? await txn.readConnection(db, locking);
  }

  #scratch(): Connection {
    return this.#deps.scratch;
  }

  #scalar(sql: string, args: ReturnType<typeof bindParams>): SqlValue {
    const conn = this.#database === null
      ? this.#scratch()
      : (this.#txn?.writerFor(this.#deps.registry.get(this.#database)) ??
        this.#deps.registry.get(this.#database).reader);
    const row = allRows(conn.statement(sql).stmt, args)[0] as SqlValue[] | undefined;
    return row?.[0] ?? null;
  }

  #describe(statement: Statement): ColumnInfo[] {
    if (statement.kind !== "select" || statement.into !== undefined) return [];
    if (statement.informationSchema.length > 0) return [];
    const conn = this.#database === null
      ? this.#scratch()
      : this.#deps.registry.get(this.#database).reader;
    const cached = conn.statement(statement.stmt.sql);
    return resultColumns(cached, conn.db, [], {
      names: statement.columnNames,
      database: this.#database,
      drop: statement.calcFoundRows ? 1 : 0,
      types: statement.columnTypes,
    });
  }

  async #savepoint(kind: string, name: string): Promise<OkResult> {
    const db = this.#requireDatabase();
    const quoted = `"${name.replaceAll('"', '""')}"`;
    if (kind === "savepoint") {
      this.#txn ??= new Transaction(this, this.#deps.replicator);
      await this.#txn.prepareWrite(db, null);
      const conn = this.#txn.writer(db);
      conn.db.exec(`SAVEPOINT ${quoted}`);
      this.#txn.savepoint(db, name);
      return ok();
    }
    const conn = this.#txn?.writerFor(db);
    if (conn === undefined) {
      throw new MysqlError(ER.SP_DOES_NOT_EXIST, `SAVEPOINT ${name} does not exist`);
    }
    try {
      conn.db.exec(kind === "release_savepoint" ? `RELEASE ${quoted}` : `ROLLBACK TO ${quoted}`);
    } catch {
      throw new MysqlError(ER.SP_DOES_NOT_EXIST, `SAVEPOINT ${name} does not exist`);
    }
    if (kind === "rollback_to_savepoint") this.#txn!.rolledBackTo(db, name);
    return ok();
  }

  /** PREPARE name FROM ...: a statement of the same name is replaced. */
  #sqlPrepare(st: Extract<Statement, { kind: "sql_prepare" }>): OkResult {
    const text = "text" in st.source ? st.source.text : this.variables.user(st.source.variable);
    if (text === null) {
      throw new MysqlError(ER.PARSE_ERROR, "You have an error in your SQL syntax near 'NULL'");
    }
    const old = this.#sqlPrepared.get(st.name);
    if (old !== undefined) this.closeStatement(old);
    this.#sqlPrepared.delete(st.name);
    const sql = text instanceof Uint8Array ? new TextDecoder().decode(text) : String(text);
    this.#sqlPrepared.set(st.name, this.prepare(sql) as Prepared);
    return ok("Statement prepared");
  }

  /** EXECUTE name USING @a, ...: the variables' values fill the `?` in order. */
  async #sqlExecute(st: Extract<Statement, { kind: "sql_execute" }>): Promise<StatementResult> {
    const prepared = this.#sqlStatement(st.name, "EXECUTE");
    if (st.using.length !== prepared.paramCount) {
      throw new MysqlError(ER.WRONG_ARGUMENTS, "Incorrect arguments to EXECUTE");
    }
    return await this.execute(prepared, st.using.map((v) => this.variables.user(v)));
  }

  #sqlStatement(name: string, command: string): Prepared {
    const prepared = this.#sqlPrepared.get(name);
    if (prepared === undefined) {
      throw new MysqlError(
        ER.UNKNOWN_STMT_HANDLER,
        `Unknown prepared statement handler (${name}) given to ${command}`,
      );
    }
    return prepared;
  }

  async #loadData(load: LoadData, consistency: string | null): Promise<OkResult> {
    const localFile = this.#localFile;
    if (localFile === undefined) {
      throw new MysqlError(
        ER.CLIENT_LOCAL_FILES_DISABLED,
        "Loading local data is disabled; this must be enabled on both the client and server sides",
      );
    }
    const db = this.#databaseFor(load.database);
    const outcome = await loadData(load, () => localFile(load.file), {
      database: db.name,
      columns: () => tableColumnInfo(db.reader.db, db.name, load.table),
      run: async (sql) => {
        const statement = this.#deps.translator.translate(sql, this);
        const ok = await this.#run(statement, null, consistency) as OkResult;
        return { ok, warnings: this.#warnings };
      },
    });
    this.#warnings = outcome.warnings;
    this.rowCount = outcome.ok.affectedRows;
    return outcome.ok;
  }

  #schemaOutcome(outcome: SchemaOutcome): OkResult {
    this.#warnings = outcome.warnings;
    this.rowCount = 0;
    return outcome.ok;
  }

  async #setAutocommit(on: boolean, consistency: string | null): Promise<void> {
    if (on && this.#txn !== null) await this.#commitTransaction(consistency);
    this.#autocommit = on;
  }

  /** Commits the open transaction, replicating its writes (MySQL's implicit commits too). */
  async #commitTransaction(consistency: string | null): Promise<void> {
    const txn = this.#txn;
    if (txn === null) return;
    this.#txn = null;
    await txn.commit(consistency);
  }

  /** MySQL rolls the whole transaction back when a statement in it hits a deadlock (1213). */
  async #rollbackOnDeadlock<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isDeadlock(err)) this.#rollbackTransaction();
      throw err;
    }
  }

  #rollbackTransaction(): void {
    const txn = this.#txn;
    if (txn === null) return;
    this.#txn = null;
    txn.rollback();
  }

  #databaseFor(name: string | null): Database {
    const target = name ?? this.#database;
    if (target === null) throw new MysqlError(ER.NO_DB, "No database selected");
    return this.#deps.registry.get(target);
  }

  #requireDatabase(): Database {
    return this.#databaseFor(null);
  }

  #catalog(): CatalogContext {
    const deps = this.#deps;
    return {
      database: this.#database,
      databaseNames: () => deps.registry.names(),
      connection: (name) => deps.registry.get(name).reader.db,
      variables: (scope) => this.variables.systemView(scope),
      processList: () => deps.processList(),
      warnings: () => this.#warnings,
      status: () => deps.status(),
    };
  }
}

function ok(info?: string): OkResult {
  const result: OkResult = { kind: "ok", affectedRows: 0, lastInsertId: 0, warnings: 0 };
  if (info !== undefined) result.info = info;
  return result;
}

/** The level of a CONSISTENCY(level) optimizer hint in the statement, or null. */
function consistencyHint(sql: string): string | null {
  if (!sql.includes("/*+")) return null;
  return /\/\*\+[^*]*?\bCONSISTENCY\s*\(\s*(\w+)\s*\)/i.exec(sql)?.[1] ?? null;
}

/** MySQL clears the previous statement's warnings when a statement uses tables. */
function clearsWarnings(statement: Statement): boolean {
  switch (statement.kind) {
    case "select":
      return /\bFROM\b/i.test(statement.stmt.sql);
    case "write":
    case "ddl":
    case "create_database":
    case "drop_database":
      return true;
    default:
      return false;
  }
}

/** With autocommit=0, which statements start a transaction (MySQL: any that touches data). */
function opensImplicitTransaction(statement: Statement): boolean {
  return statement.kind === "select" || statement.kind === "write";
}
