/**
 * MySQL's built-in functions as SQLite user functions: `registerMysqlFunctions` puts every
 * family on one connection. Families: date and time (date_time, date_parts, date_format,
 * str_to_date, date_arith), strings (string, string_bytes, string_format), numbers (math,
 * arith), addresses and UUIDs in binary form (binary_forms), COMPRESS and AES
 * (compress_encrypt), LIKE under the _ci collations (like), hashes (hash), control flow
 * (control), casts (cast), REGEXP (regexp), JSON (json, json_value_call),
 * aggregates (aggregate), the translator's helpers (translator_support lists them all) and
 * `mysql_store`, the column-type coercion of the DDL module's triggers (store).
 */
import type { DatabaseSync } from "node:sqlite";
import { registerAggregates } from "./aggregate.ts";
import { registerArith } from "./arith.ts";
import { registerAutoId } from "./auto_id.ts";
import { registerBinaryForms } from "./binary_forms.ts";
import { registerCompressEncrypt } from "./compress_encrypt.ts";
import { registerCast } from "./cast.ts";
import { registerControl } from "./control.ts";
import { registerDateArith } from "./date_arith.ts";
import { registerDateFormat } from "./date_format.ts";
import { registerDateParts } from "./date_parts.ts";
import { registerDateConversions, registerDateTime } from "./date_time.ts";
import { type FunctionOptions, makeContext } from "./define.ts";
import { registerHash } from "./hash.ts";
import { registerJson } from "./json.ts";
import { registerLike } from "./like.ts";
import { registerMath } from "./math.ts";
import { registerRegexp } from "./regexp.ts";
import { registerStrToDate } from "./str_to_date.ts";
import { registerStore } from "./store.ts";
import { registerString } from "./string.ts";
import { registerStringBytes } from "./string_bytes.ts";
import { registerStringFormat } from "./string_format.ts";
import { registerTranslatorSupport } from "./translator_support.ts";

export { allRows } from "./define.ts";
export type { FunctionOptions, UserLocks, UserVariables } from "./define.ts";
export type { StoreIssue } from "./store.ts";
export { TRANSLATOR_HELPERS } from "./translator_support.ts";

/**
 * Registers every MySQL-compatible function on a connection. Called once per SQLite
 * connection (about 250 registrations, a few hundred microseconds).
 */
export function registerMysqlFunctions(db: DatabaseSync, options?: FunctionOptions): void {
  const ctx = makeContext(options);
  registerDateTime(db, ctx);
  registerAutoId(db, ctx);
  registerDateConversions(db, ctx.onWarning);
  registerDateParts(db, ctx.onWarning);
  registerDateFormat(db, ctx.onWarning);
  registerStrToDate(db, ctx.onWarning);
  registerDateArith(db, ctx.onWarning);
  registerString(db);
  registerStringBytes(db);
  registerStringFormat(db);
  registerArith(db, ctx);
  registerBinaryForms(db);
  registerCompressEncrypt(db, ctx.onWarning);
  registerMath(db, ctx);
  registerHash(db);
  registerControl(db, ctx);
  registerCast(db);
  registerRegexp(db);
  registerLike(db);
  registerJson(db, ctx.onWarning);
  registerAggregates(db);
  registerTranslatorSupport(db);
  registerStore(db, ctx.onStoreIssue);
}
