/**
 * Maps an error thrown by node:sqlite to the MySQL error a client expects (reference §8.7).
 * node:sqlite errors carry `errcode` (the extended result code) and `message`.
 */
import { ER, lockWaitTimeoutError, MysqlError } from "../types/errors.ts";

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_FULL = 13;
const SQLITE_TOOBIG = 18;
const SQLITE_CONSTRAINT_CHECK = 275;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const SQLITE_CONSTRAINT_NOTNULL = 1299;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

export interface SqliteErrorContext {
  /** Current database, for messages such as "Table 'db.t' doesn't exist". */
  database: string | null;
}

/** Converts any error from SQLite (or already a MysqlError) into a MysqlError. */
export function toMysqlError(err: unknown, ctx: SqliteErrorContext): MysqlError {
  if (err instanceof MysqlError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const errcode = (err as { errcode?: number }).errcode ?? codeOfMessage(message);
  switch (errcode) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return new MysqlError(ER.DUP_ENTRY, duplicateMessage(message, errcode));
    case SQLITE_CONSTRAINT_NOTNULL: {
      const column = message.match(/NOT NULL constraint failed: (?:[^.]+\.)?(.+)$/)?.[1];
      return new MysqlError(ER.BAD_NULL, `Column '${column ?? "?"}' cannot be null`);
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return new MysqlError(
        ER.NO_REFERENCED_ROW,
        "Cannot add or update a child row: a foreign key constraint fails",
      );
    case SQLITE_CONSTRAINT_CHECK: {
      const name = message.match(/CHECK constraint failed: (.+)$/)?.[1] ?? "?";
      return new MysqlError(
        ER.CHECK_CONSTRAINT_VIOLATED,
        `Check constraint '${name}' is violated.`,
      );
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return lockWaitTimeoutError();
    case SQLITE_FULL:
      return new MysqlError(ER.RECORD_FILE_FULL, "The table is full: the disk is full");
    case SQLITE_TOOBIG:
      return new MysqlError(ER.TOO_BIG_ROWSIZE, "Row size too large");
  }
  return fromMessage(message, ctx);
}

/**
 * The result code of an error thrown without one: `exec()` (BEGIN, COMMIT, multi-statement
 * text) gives only SQLite's message, which is fixed per code.
 */
function codeOfMessage(message: string): number {
  if (message === "database or disk is full") return SQLITE_FULL;
  if (/^database (table )?is locked/.test(message)) return SQLITE_BUSY;
  if (message === "string or blob too big") return SQLITE_TOOBIG;
  if (/^UNIQUE constraint failed/.test(message)) return SQLITE_CONSTRAINT_UNIQUE;
  if (/^NOT NULL constraint failed/.test(message)) return SQLITE_CONSTRAINT_NOTNULL;
  if (/^FOREIGN KEY constraint failed/.test(message)) return SQLITE_CONSTRAINT_FOREIGNKEY;
  if (/^CHECK constraint failed/.test(message)) return SQLITE_CONSTRAINT_CHECK;
  return -1;
}

function fromMessage(message: string, ctx: SqliteErrorContext): MysqlError {
  let m: RegExpMatchArray | null;
  // exec() (BEGIN, COMMIT) throws without a result code: the message is all there is.
  if ((m = message.match(/no such table: (?:main\.)?(.+)$/))) {
    const name = m[1]!.includes(".") ? m[1]! : `${ctx.database ?? ""}.${m[1]}`;
    return new MysqlError(ER.NO_SUCH_TABLE, `Table '${name}' doesn't exist`);
  }
  if ((m = message.match(/no such column: "?([^"]+?)"?(?: - should this be .*)?$/))) {
    return new MysqlError(ER.BAD_FIELD, `Unknown column '${m[1]}' in 'field list'`);
  }
  if ((m = message.match(/ambiguous column name: (.+)$/))) {
    return new MysqlError(ER.NON_UNIQ, `Column '${m[1]}' in field list is ambiguous`);
  }
  if ((m = message.match(/(?:table|view) "?([^"\s]+)"? already exists/))) {
    return new MysqlError(ER.TABLE_EXISTS, `Table '${m[1]}' already exists`);
  }
  if ((m = message.match(/no such function: (.+)$/))) {
    return new MysqlError(
      ER.SP_DOES_NOT_EXIST,
      `FUNCTION ${ctx.database ?? ""}.${m[1]} does not exist`,
    );
  }
  if ((m = message.match(/wrong number of arguments to function (.+)\(\)/))) {
    return new MysqlError(
      1582,
      `Incorrect parameter count in the call to native function '${m[1]}'`,
      "42000",
    );
  }
  if ((m = message.match(/near "(.*)": syntax error/s))) {
    return syntaxError(m[1]!);
  }
  if (/incomplete input|syntax error/.test(message)) return syntaxError("");
  if (/duplicate column name: (.+)$/.test(message)) {
    const col = message.match(/duplicate column name: (.+)$/)![1];
    return new MysqlError(ER.DUP_FIELDNAME, `Duplicate column name '${col}'`);
  }
  if (/datatype mismatch/.test(message)) {
    return new MysqlError(ER.TRUNCATED_WRONG_VALUE_FOR_FIELD, "Incorrect value for column");
  }
  if (/too many SQL variables|too many terms/.test(message)) {
    return new MysqlError(ER.UNKNOWN_ERROR, message);
  }
  if (/interrupted/.test(message)) {
    return new MysqlError(1317, "Query execution was interrupted", "70100");
  }
  return new MysqlError(ER.UNKNOWN_ERROR, message);
}

/** MySQL's 1064 message. */
export function syntaxError(near: string): MysqlError {
  return new MysqlError(
    ER.PARSE_ERROR,
    "You have an error in your SQL syntax; check the manual that corresponds to your MySQL " +
      `server version for the right syntax to use near '${near.slice(0, 80)}' at line 1`,
  );
}

function duplicateMessage(message: string, errcode: number): string {
  const cols = message.match(/constraint failed: (.+)$/)?.[1] ?? "";
  const first = cols.split(",")[0]?.trim() ?? "";
  const table = first.includes(".") ? first.split(".")[0] : "";
  const key = errcode === SQLITE_CONSTRAINT_PRIMARYKEY ? "PRIMARY" : cols.replace(/\w+\./g, "");
  return `Duplicate entry for key '${table ? `${table}.` : ""}${key}'`;
}
