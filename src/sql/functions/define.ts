/**
 * How families register their functions, and the per-connection context they read (statement
 * clock, session time zone, last-insert-id hook).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import type { StoreIssue } from "./store.ts";

/** Options of `registerMysqlFunctions`. */
export interface FunctionOptions {
  /** Current time in ms since the epoch for NOW()/CURDATE()/UNIX_TIMESTAMP()...: the session
   * passes a clock that is fixed for the duration of one statement (MySQL evaluates NOW() once
   * per statement); SYSDATE() uses the real clock. Default Date.now. */
  now?: () => number;
  /** Session `time_zone` ('SYSTEM', '+05:30', 'Europe/Paris'); 'SYSTEM' means UTC because the
   * server runs in UTC whatever the machine's zone. Default 'SYSTEM'. */
  timeZone?: () => string;
  /** Called by LAST_INSERT_ID(expr) with the value it records for the session. */
  onLastInsertId?: (value: bigint) => void;
  /** The session's LAST_INSERT_ID() now (a statement that sets it reads it live). Default 0. */
  lastInsertId?: () => number | bigint;
  /** The user variables of the running statement's session, or null when no session runs it
   * (`@v := e` and the reads beside it then fail). Default: none. */
  userVariables?: () => UserVariables | null;
  /** A number that changes from one statement to the next; seeded RAND(n) restarts its
   * sequence when it changes. Default: the `now` clock's value. */
  statementId?: () => number;
  /** The id an AUTO_INCREMENT column gets when none is given (see auto_id.ts); default null:
   * SQLite's sequence. */
  autoId?: (table: string, bits: number, floor: bigint | null, schema: number) => bigint | null;
  /** Called with each id `autoId` generated. */
  onGeneratedId?: (value: bigint) => void;
  /** Called when a NULL is written to NOT NULL `column` (by `mysql_not_null`): the session
   * warns (1048) or throws to fail the statement (strict mode, a single-row INSERT).
   * Default: nothing. */
  onNullIntoNotNull?: (column: string, singleRowInsert: boolean) => void;
  /** Called with what writing a value to `column` lost (`mysql_store`, store.ts): the
   * session warns, or throws to fail a strict-mode write. Default: nothing. */
  onStoreIssue?: (issue: StoreIssue, column: string) => void;
  /** Called when `/`, DIV or MOD divides by zero (the result is NULL): the session warns
   * (1365), or throws to fail a strict-mode write. Default: nothing. */
  onDivisionByZero?: () => void;
  /** Called with a warning a function gives beside its result (an argument it could not read:
   * 1292, 1411, 3141); never fails the statement. Default: nothing. */
  onWarning?: Warn;
  /** Upper bound of SLEEP(n) in milliseconds when `onSleep` does not take it: SLEEP then
   * blocks the event loop, so it is capped. Default 100. */
  maxSleepMs?: number;
  /** Takes SLEEP(n)'s milliseconds to wait for once the statement is done, without blocking;
   * false when nobody can (SLEEP then blocks, capped). Default: never taken. */
  onSleep?: (ms: number) => boolean;
  /** The user-level locks of the running statement's connection (GET_LOCK ...), or null when
   * no client connection runs it (the functions then fail). Default: none. */
  userLocks?: () => UserLocks | null;
}

/** A session's user variables (names lower-case). */
export interface UserVariables {
  get(name: string): SqlValue;
  set(name: string, value: SqlValue): void;
}

/** GET_LOCK and its family, as one connection sees them. */
export interface UserLocks {
  /** 1 when taken (or held already), 0 when another connection holds it past `timeoutMs`;
   * may throw to have the statement run again once the lock is free (the session waits). */
  get(name: string, timeoutMs: number): number;
  /** 1 released, 0 held by another connection, null not held. */
  release(name: string): number | null;
  releaseAll(): number;
  /** The connection id holding `name`, or null. */
  holder(name: string): number | null;
}

/** What functions read from their connection. */
export interface FunctionContext {
  now: () => number;
  timeZone: () => string;
  onLastInsertId: (value: bigint) => void;
  lastInsertId: () => number | bigint;
  userVariables: () => UserVariables | null;
  statementId: () => number;
  maxSleepMs: number;
  onSleep: (ms: number) => boolean;
  userLocks: () => UserLocks | null;
  autoId: (table: string, bits: number, floor: bigint | null, schema: number) => bigint | null;
  onGeneratedId: (value: bigint) => void;
  onDivisionByZero: () => void;
  onWarning: Warn;
  onNullIntoNotNull: (column: string, singleRowInsert: boolean) => void;
  onStoreIssue: (issue: StoreIssue, column: string) => void;
}

/** Fills the defaults of `FunctionOptions`. */
export function makeContext(options: FunctionOptions = {}): FunctionContext {
  const now = options.now ?? Date.now;
  return {
    now,
    timeZone: options.timeZone ?? (() => "SYSTEM"),
    onLastInsertId: options.onLastInsertId ?? (() => {}),
    lastInsertId: options.lastInsertId ?? (() => 0),
    userVariables: options.userVariables ?? (() => null),
    statementId: options.statementId ?? now,
    maxSleepMs: options.maxSleepMs ?? 100,
    onSleep: options.onSleep ?? (() => false),
    userLocks: options.userLocks ?? (() => null),
    autoId: options.autoId ?? (() => null),
    onGeneratedId: options.onGeneratedId ?? (() => {}),
    onDivisionByZero: options.onDivisionByZero ?? (() => {}),
    onWarning: options.onWarning ?? (() => {}),
    onNullIntoNotNull: options.onNullIntoNotNull ?? (() => {}),
    onStoreIssue: options.onStoreIssue ?? (() => {}),
  };
}

/** Reports a warning: its MySQL code and message. */
export type Warn = (code: number, message: string) => void;

/** A scalar function as registered: integers arrive as bigint. */
export type SqlFunction = (...args: SqlValue[]) => SqlValue;

/** Registration flags. */
export interface DefineOptions {
  /** Same result for the same arguments (default true). */
  deterministic?: boolean;
  /** Any number of arguments; the function checks the count itself. */
  varargs?: boolean;
}

/** Registers one function: `def(name, fn, options)`. */
export type Define = (name: string, fn: SqlFunction, options?: DefineOptions) => void;

/**
 * A registrar for one connection. Without `varargs` the arity is `fn.length`, so a name
 * registered with one arity leaves SQLite's builtin of another arity in place.
 */
export function definer(db: DatabaseSync): Define {
  return (name, fn, options = {}) => {
    db.function(name, {
      deterministic: options.deterministic ?? true,
      varargs: options.varargs ?? false,
      useBigIntArguments: true,
    }, guarded(fn));
  };
}

/** What a function threw while `allRows` ran. */
const pending = { collecting: false, failed: false, error: undefined as unknown };

/**
 * `fn` as SQLite calls it: while `allRows` runs, an exception is kept for `allRows` to throw
 * and the call gives NULL (what node:sqlite's all() would do with it is worse, see there).
 */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | null {
  const wrapped = (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      if (!pending.collecting) throw err;
      if (!pending.failed) pending.error = err;
      pending.failed = true;
      return null;
    }
  };
  return withArityOf(wrapped, fn);
}

/** `wrapped`, declaring `fn`'s argument count: node:sqlite takes it from a function's length. */
export function withArityOf<F extends (...args: never[]) => unknown>(
  wrapped: F,
  fn: (...args: never[]) => unknown,
): F {
  return Object.defineProperty(wrapped, "length", { value: fn.length });
}

/**
 * Every row of `stmt`, or the exception a SQL function threw. In Deno, node:sqlite's all()
 * does not stop at a function's exception: it drops it and steps again, which restarts the
 * statement, an endless loop while the function keeps throwing (`SELECT JSON_EXTRACT('x',
 * '$')` hung the server); get(), iterate() and run() are not affected. Functions registered
 * through `definer` / `guarded` hand their exception to this instead.
 */
export function allRows(stmt: StatementSync, args: SQLInputValue[]): unknown[] {
  pending.collecting = true;
  pending.failed = false;
  try {
    const rows = stmt.all(...args);
    if (pending.failed) throw pending.error;
    return rows;
  } finally {
    pending.collecting = false;
    pending.failed = false;
    pending.error = undefined;
  }
}

/** Bounds of a function's argument count. */
export interface ArityOptions {
  min: number;
  max?: number;
}

/** Throws MySQL's error 1582 unless `min <= count <= max` (no `max`: unbounded). */
export function checkArity(name: string, count: number, options: ArityOptions): void {
  if (count < options.min || count > (options.max ?? Infinity)) {
    throw new MysqlError(
      ER.WRONG_PARAMCOUNT_TO_NATIVE_FCT,
      `Incorrect parameter count in the call to native function '${name}'`,
    );
  }
}
