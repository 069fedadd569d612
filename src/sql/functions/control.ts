/**
 * Control-flow and session helpers: NULLIF (MySQL comparison: numbers numerically, strings
 * case-insensitively), `mysql_isnull` (ISNULL(x): `isnull` is a keyword in SQLite),
 * INTERVAL(n, a, b, …), SLEEP, LAST_INSERT_ID(expr) and the user-level locks (GET_LOCK,
 * RELEASE_LOCK, RELEASE_ALL_LOCKS, IS_FREE_LOCK, IS_USED_LOCK) of the connection. IF, IFNULL and COALESCE are SQLite's
 * own `if`/`iif`, `ifnull` and `coalesce`: same results, and they stay lazy.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer, type FunctionContext, type UserLocks } from "./define.ts";
import { compareValues, isNumeric, toInteger, toNumber, toText, truthy } from "./values.ts";

const _sleeper = new Int32Array(new SharedArrayBuffer(4));

/** INTERVAL(n, a, b, …): how many of the ascending bounds are ≤ n; -1 when n is NULL. */
export function intervalIndex(args: readonly SqlValue[]): bigint {
  const n = args[0] as SqlValue;
  if (n === null) return -1n;
  const x = toNumber(n) as number;
  let lo = 1;
  let hi = args.length - 1;
  // Binary search over the bounds, as MySQL does (they are documented to be ascending).
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = args[mid] as SqlValue;
    if (b === null || (toNumber(b) as number) <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return BigInt(lo - 1);
}

/** Registers the control-flow and session helpers. */
export function registerControl(db: DatabaseSync, ctx: FunctionContext): void {
  const def = definer(db);
  def("nullif", (a: SqlValue, b: SqlValue) => {
    if (a === null || b === null) return a;
    const bothText = !isNumeric(a) && !isNumeric(b);
    const eq = bothText ? compareValues(a, b) === 0 : compareValues(toNumber(a), toNumber(b)) === 0;
    return eq ? null : a;
  });
  def("mysql_isnull", (a: SqlValue) => (a === null ? 1n : 0n));
  def("interval", (...a: SqlValue[]) => {
    checkArity("interval", a.length, { min: 2 });
    return intervalIndex(a);
  }, { varargs: true });
  // Functions are synchronous: the session waits SLEEP's time out after the statement
  // (onSleep). Without one, SLEEP blocks the event loop, capped at maxSleepMs.
  def("sleep", (v: SqlValue) => {
    const seconds = toNumber(v);
    if (seconds !== null && seconds > 0 && !ctx.onSleep(seconds * 1000)) {
      Atomics.wait(_sleeper, 0, 0, Math.min(seconds * 1000, ctx.maxSleepMs));
    }
    return 0n;
  }, { deterministic: false });
  const locks = (): UserLocks => {
    const l = ctx.userLocks();
    if (l === null) throw new Error("user-level locks need a client connection");
    return l;
  };
  const lockName = (v: SqlValue): string | null => (v === null ? null : toText(v));
  def("get_lock", (name: SqlValue, timeout: SqlValue) => {
    const n = lockName(name);
    if (n === null) return null;
    const seconds = toNumber(timeout) ?? 0;
    // A negative timeout waits for ever (as long as a timer can wait).
    return BigInt(locks().get(n, seconds < 0 ? Infinity : seconds * 1000));
  }, { deterministic: false });
  def("release_lock", (name: SqlValue) => {
    const n = lockName(name);
    const r = n === null ? null : locks().release(n);
    return r === null ? null : BigInt(r);
  }, { deterministic: false });
  def("release_all_locks", () => BigInt(locks().releaseAll()), { deterministic: false });
  def("is_free_lock", (name: SqlValue) => {
    const n = lockName(name);
    return n === null ? null : locks().holder(n) === null ? 1n : 0n;
  }, { deterministic: false });
  def("is_used_lock", (name: SqlValue) => {
    const n = lockName(name);
    const holder = n === null ? null : locks().holder(n);
    return holder === null ? null : BigInt(holder);
  }, { deterministic: false });
  def("last_insert_id", (v: SqlValue) => {
    const id = toInteger(v);
    ctx.onLastInsertId(id ?? 0n);
    return id;
  }, { deterministic: false });
  def("mysql_last_insert_id", () => ctx.lastInsertId(), { deterministic: false });
  // BENCHMARK(n, expr) times n evaluations; SQLite evaluates the argument once. Its result is 0.
  def("benchmark", (_count: SqlValue, _expr: SqlValue) => 0n, { deterministic: false });
  // Text is utf8mb4 (the connection's character set); numbers and bytes are binary.
  def("charset", (v: SqlValue) => typeof v === "string" ? "utf8mb4" : "binary");
  def("collation", (v: SqlValue) => typeof v === "string" ? "utf8mb4_0900_ai_ci" : "binary");
  // Accounts have no roles here.
  def("current_role", () => "NONE");
  def("mysql_not_null", (value: SqlValue, column: SqlValue, singleRowInsert: SqlValue) => {
    if (value === null) ctx.onNullIntoNotNull(String(column), truthy(singleRowInsert) === true);
    return value;
  }, { deterministic: false });
  const variables = () => {
    const vars = ctx.userVariables();
    if (vars === null) throw new Error("User variables are not available here");
    return vars;
  };
  def("mysql_getvar", (name: SqlValue) => variables().get(String(name)), {
    deterministic: false,
  });
  def("mysql_setvar", (name: SqlValue, value: SqlValue) => {
    variables().set(String(name), value);
    return value;
  }, { deterministic: false });
}
