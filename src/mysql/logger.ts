/**
 * The logging surface the protocol layer needs. Shaped after pino so a pino logger can be
 * passed as is: `logger.warn({ err, connectionId }, "message")` or `logger.info("message")`.
 */

/** One log method: a context object and a message, or just a message. */
export type LogFn = (objOrMsg: Record<string, unknown> | string, msg?: string) => void;

/** Minimal pino-compatible logger. */
export interface Logger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug: LogFn;
}

/** A logger that drops everything (tests, embedding). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};
