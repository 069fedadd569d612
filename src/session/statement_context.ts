/**
 * What SQL functions registered on shared connections need to know about the statement that
 * is running now. node:sqlite runs each statement synchronously to completion, so one
 * module-level record, set before every statement, is always the right one.
 */

/** Hooks a session installs while its statement runs. */
export interface StatementHooks {
  /** LAST_INSERT_ID(expr) sets the session's value. */
  setLastInsertId(value: number | bigint): void;
}

export const statementContext: { now: number; hooks: StatementHooks | null } = {
  now: Date.now(),
  hooks: null,
};

/** Marks the start of a statement: NOW() is fixed from here until the next statement. */
export function beginStatement(hooks: StatementHooks): void {
  statementContext.now = Date.now();
  statementContext.hooks = hooks;
}
