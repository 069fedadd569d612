/**
 * What SQL functions registered on shared connections need to know about the statement that
 * is running now. node:sqlite runs each statement synchronously to completion, so one
 * module-level record, set before every statement, is always the right one.
 */
import type { StoreIssue, UserLocks, UserVariables } from "../sql/functions/mod.ts";

/** Hooks a session installs while its statement runs. */
export interface StatementHooks {
  /** LAST_INSERT_ID(expr) sets the session's value. */
  setLastInsertId(value: number | bigint): void;
  /** The session's LAST_INSERT_ID() now. */
  lastInsertId(): number | bigint;
  /** The session's user variables (`@v := e` and the reads in its statement). */
  userVariables: UserVariables;
  /** An AUTO_INCREMENT id was generated for a row the statement writes. */
  generatedId(value: bigint): void;
  /** `/`, DIV or MOD divided by zero: a warning, or (strict-mode write) a thrown 1365. */
  divisionByZero(): void;
  /** A function's warning beside its result. */
  warning(code: number, message: string): void;
  /** A NULL written to a NOT NULL column: a warning, or a thrown 1048. */
  nullIntoNotNull(column: string, singleRowInsert: boolean): void;
  /** What writing a value to `column` lost: a warning, or a thrown error (strict mode). */
  storeIssue(issue: StoreIssue, column: string): void;
  /** SLEEP(n): the session waits this long once the statement is done. */
  sleep(ms: number): void;
  /** The connection's GET_LOCK family. */
  userLocks: UserLocks;
}

export const statementContext: {
  now: number;
  /** Increases with every statement (restarts seeded RAND(n) sequences). */
  id: number;
  /** The session's time_zone ('SYSTEM', '+05:30', an IANA name). */
  timeZone: string;
  hooks: StatementHooks | null;
} = { now: Date.now(), id: 0, timeZone: "SYSTEM", hooks: null };

/** One statement's record (see `statementContext`). */
export type StatementState = typeof statementContext;

/** Marks the start of a statement: NOW() is fixed from here until the next statement. Returns
 * the statement's record, for `resumeStatement`. */
export function beginStatement(hooks: StatementHooks, timeZone: string): StatementState {
  statementContext.now = Date.now();
  statementContext.id++;
  statementContext.timeZone = timeZone;
  statementContext.hooks = hooks;
  return { ...statementContext };
}

/** Makes a statement's record current again before its SQL runs after an await (for the
 * write lock, a transaction's turn): another statement may have begun meanwhile. */
export function resumeStatement(state: StatementState): void {
  statementContext.now = state.now;
  statementContext.id = state.id;
  statementContext.timeZone = state.timeZone;
  statementContext.hooks = state.hooks;
}
