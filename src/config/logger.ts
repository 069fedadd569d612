/**
 * The process logger: pino, JSON lines by default or one human line per record
 * (`format = "console"`), info level or debug when `verbose`, to stdout or `file`.
 */
import pino, { type Logger } from "pino";
import type { LoggingConfig } from "./config.ts";
import { formatConsoleLine } from "./console_format.ts";
import { LogWriter } from "./log_writer.ts";

export type { Logger } from "pino";

/** Options for `createLogger`; tests pass their own destination. */
export interface CreateLoggerOptions {
  /** Receives each formatted line instead of stdout or the configured file. */
  destination?: { write(line: string): void };
  /** Fields on every record, e.g. `{ node_id: 3 }`. */
  base?: Record<string, unknown>;
}

/** Builds the logger described by `[logging]`. */
export function createLogger(
  config: LoggingConfig,
  options: CreateLoggerOptions = {},
): Logger {
  const sink = options.destination ?? new LogWriter({
    file: config.file,
    maxSizeBytes: config.max_size_mb * 1024 * 1024,
    maxBackups: config.max_backups,
  });
  const destination = config.format === "console"
    ? { write: (line: string) => sink.write(formatConsoleLine(line)) }
    : sink;
  return pino({
    level: config.verbose ? "debug" : "info",
    base: { pid: Deno.pid, ...options.base },
  }, destination);
}
