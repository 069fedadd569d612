/** What DDL execution needs from the session, and the helpers every DDL statement shares. */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { ExpressionTranslator } from "./build_column.ts";
import { badTableName, nameTooLong, notSupported, syntaxError } from "./errors.ts";
import { tokensToSqlite } from "./expression.ts";
import { type TranslatedSelect, translateSelectForDdl } from "./select_translation.ts";
import { isInternalName } from "./store.ts";
import type { QualifiedName } from "./token_stream.ts";
import { tokenize } from "./tokenizer.ts";

/** A warning or note left by a statement (SHOW WARNINGS). */
export interface Warning {
  level: "Note" | "Warning" | "Error";
  code: number;
  message: string;
}

/** The database a DDL statement runs against. */
export interface DdlContext {
  /** Name of the database `db` holds. */
  database: string;
  /** Open connection to that database; no transaction may be open. */
  db: DatabaseSync;
  /** Translates a MySQL SELECT (view bodies, CREATE TABLE … SELECT) into SQLite SQL without
   * parameters. When absent, the statement translator (src/sql/translator.ts) is used. */
  translateSelect?: (mysqlSelect: string) => string;
  /** Translates a MySQL scalar expression (DEFAULT (expr), CHECK, generated columns). */
  translateExpression?: (mysqlExpr: string) => string;
  /** Statement time, for Create_time (pass the commit time for identical catalogs on every node). */
  now?: Date;
}

/** The expression translator in effect. */
export function expressionTranslator(ctx: DdlContext): ExpressionTranslator {
  return ctx.translateExpression ?? ((mysql) => tokensToSqlite(tokenize(mysql)));
}

/** The SELECT translator in effect: the session's, else the statement translator. */
export function selectTranslator(ctx: DdlContext): (mysql: string) => TranslatedSelect {
  const custom = ctx.translateSelect;
  if (custom) return (mysql) => ({ sql: custom(mysql), columnNames: null });
  return (mysql) => translateSelectForDdl(mysql, ctx.database);
}

/** 'YYYY-MM-DD HH:MM:SS' of the statement time (UTC). */
export function nowString(ctx: DdlContext): string {
  return (ctx.now ?? new Date()).toISOString().slice(0, 19).replace("T", " ");
}

/** Validates a table name (and its database qualifier) and returns the bare name. */
export function tableName(q: QualifiedName, ctx: DdlContext): string {
  if (q.db !== null && q.db !== ctx.database && q.db.toLowerCase() !== ctx.database.toLowerCase()) {
    throw notSupported(`DDL on database '${q.db}' from a connection to '${ctx.database}'`);
  }
  const name = q.name;
  if (name === "" || name.endsWith(" ")) throw badTableName(name);
  if ([...name].length > 64) throw nameTooLong(name);
  if (isInternalName(name)) throw badTableName(name);
  return name;
}

/**
 * Runs `fn` in one write transaction (a savepoint inside one already open: replicated DDL is
 * applied with its transaction's rows); foreign keys are switched off around table rebuilds.
 */
export function withTransaction<T>(
  db: DatabaseSync,
  fn: () => T,
  options: { rebuild?: boolean } = {},
): T {
  if (db.isTransaction) return withSavepoint(db, fn);
  const fkOn = options.rebuild === true &&
    Number(db.prepare("PRAGMA foreign_keys").get()?.foreign_keys) === 1;
  if (fkOn) db.exec("PRAGMA foreign_keys = OFF");
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      if (fkOn) {
        const bad = db.prepare("PRAGMA foreign_key_check").all();
        if (bad.length > 0) {
          throw new MysqlError(
            ER.NO_REFERENCED_ROW,
            "Cannot add or update a child row: a foreign key constraint fails",
          );
        }
      }
      db.exec("COMMIT");
      return result;
    } catch (e) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw mapSqliteError(e);
    }
  } finally {
    if (fkOn) db.exec("PRAGMA foreign_keys = ON");
  }
}

function withSavepoint<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('SAVEPOINT "__marmot_ddl"');
  try {
    const result = fn();
    db.exec('RELEASE "__marmot_ddl"');
    return result;
  } catch (e) {
    db.exec('ROLLBACK TO "__marmot_ddl"');
    db.exec('RELEASE "__marmot_ddl"');
    throw mapSqliteError(e);
  }
}

/** A MySQL error for an error SQLite raised while running generated DDL. */
export function mapSqliteError(e: unknown): MysqlError {
  if (e instanceof MysqlError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  let m: RegExpExecArray | null;
  if ((m = /no such column: (\S+)/.exec(msg))) {
    return new MysqlError(ER.BAD_FIELD, `Unknown column '${m[1]}' in 'field list'`);
  }
  if ((m = /no such table: (?:main\.)?(\S+)/.exec(msg))) {
    return new MysqlError(ER.NO_SUCH_TABLE, `Table '${m[1]}' doesn't exist`);
  }
  if ((m = /no such function: (\S+)/.exec(msg))) {
    return new MysqlError(1305, `FUNCTION ${m[1]} does not exist`, "42000");
  }
  if (/FOREIGN KEY constraint failed/.test(msg)) {
    return new MysqlError(
      ER.ROW_IS_REFERENCED,
      "Cannot delete or update a parent row: a foreign key constraint fails",
    );
  }
  if ((m = /NOT NULL constraint failed: \S+\.(\S+)/.exec(msg))) {
    return new MysqlError(ER.BAD_NULL, `Column '${m[1]}' cannot be null`);
  }
  if ((m = /near "([^"]*)": syntax error/.exec(msg))) return syntaxError(m[1]!, 0);
  if (/syntax error|incomplete input/.test(msg)) return syntaxError("", 0);
  return new MysqlError(ER.UNKNOWN_ERROR, `Storage error: ${msg}`);
}
