/**
 * MySQL's built-in functions as SQLite user functions: `registerMysqlFunctions` puts every
 * family on one connection.
 */
import type { DatabaseSync } from "node:sqlite";
import { registerDateArith } from "./date_arith.ts";
import { registerDateFormat } from "./date_format.ts";
import { registerDateParts } from "./date_parts.ts";
import { registerDateConversions, registerDateTime } from "./date_time.ts";
import { type FunctionOptions, makeContext } from "./define.ts";
import { registerStrToDate } from "./str_to_date.ts";

export type { FunctionOptions } from "./define.ts";

/** Registers every MySQL-compatible function on a connection (once per connection). */
export function registerMysqlFunctions(db: DatabaseSync, options?: FunctionOptions): void {
  const ctx = makeContext(options);
  registerDateTime(db, ctx);
  registerDateConversions(db);
  registerDateParts(db);
  registerDateFormat(db);
  registerStrToDate(db);
  registerDateArith(db);
}
