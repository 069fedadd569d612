/**
 * Rounding and MySQL's arithmetic operators as functions: ROUND, TRUNCATE, FLOOR, CEIL, MOD,
 * and the translator's helpers `mysql_round`, `mysql_div` (DIV), `mysql_mod` (%),
 * `mysql_division` (/), `mysql_xor` (XOR) and `mysql_bitxor` (^). Division by zero gives NULL.
 *
 * Exact versus approximate: MySQL rounds DECIMAL values half away from zero on their decimal
 * digits and DOUBLE values with `rint` (half to even). SQLite stores both as REAL, so a REAL
 * argument is treated as exact (decimal literals and DECIMAL columns are the common case) and a
 * string argument as DOUBLE, as MySQL converts strings to DOUBLE; `mysql_round(x, d, 0)` forces
 * the DOUBLE rule when the translator knows the operand is approximate.
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { decimalText, decimalValue, roundDecimal, toDecimal } from "./decimal.ts";
import { checkArity, definer, type FunctionContext } from "./define.ts";
import { int, toNumber, toSmallInt, truthy } from "./values.ts";

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Half-to-even rounding of a double (C's rint). */
function _rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function _pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** ROUND/TRUNCATE of an integer to `d` digits (only negative `d` changes it). */
function _roundInt(x: bigint, d: number, truncate: boolean): SqlValue {
  if (d >= 0) return x;
  if (-d > 19) return 0n;
  const p = _pow10(-d);
  const q = x / p; // truncates toward zero
  let r = q * p;
  const rest = x - r;
  if (!truncate && (rest < 0n ? -rest : rest) * 2n >= p) r += x < 0n ? -p : p;
  // MySQL's result may exceed BIGINT (ROUND(9223372036854775807, -1)): give a DOUBLE then.
  return r > I64_MAX || r < I64_MIN ? Number(r) : r;
}

/** Options of `round`. */
export interface RoundOptions {
  /** Digits after the point (negative: before it). */
  places: number;
  /** Exact (DECIMAL) rounding rather than DOUBLE rounding. */
  exact: boolean;
}

/** ROUND(x, d): exact (decimal half away from zero) or approximate (DOUBLE rules). */
export function round(x: SqlValue, options: RoundOptions): SqlValue {
  const { places: d, exact } = options;
  if (x === null) return null;
  if (typeof x === "bigint") return _roundInt(x, d, false);
  const n = toNumber(x) as number;
  if (!Number.isFinite(n)) return null;
  if (exact && typeof x === "number") return decimalValue(roundDecimal(toDecimal(n), d));
  if (d > 0) return decimalValue(roundDecimal(toDecimal(n), d));
  if (d === 0) return _rint(n);
  const p = 10 ** -d;
  return Number.isFinite(p) ? _rint(n / p) * p : 0;
}

/** TRUNCATE(x, d): drops digits toward zero. */
export function truncate(x: SqlValue, d: number): SqlValue {
  if (x === null) return null;
  if (typeof x === "bigint") return _roundInt(x, d, true);
  const n = toNumber(x) as number;
  if (!Number.isFinite(n)) return null;
  return decimalValue(roundDecimal(toDecimal(n), d, { truncate: true }));
}

/** An integral double as INTEGER when it fits, else left as REAL. */
function _integral(n: number): SqlValue {
  return Number.isSafeInteger(n) ? int(n) : n;
}

function _floorCeil(v: SqlValue, up: boolean): SqlValue {
  if (v === null || typeof v === "bigint") return v;
  const n = toNumber(v) as number;
  if (!Number.isFinite(n)) return null;
  const r = up ? Math.ceil(n) : Math.floor(n);
  return typeof v === "number" ? _integral(r) : r;
}

/** MySQL `%` / MOD: sign of the dividend, decimals kept, NULL for a zero divisor. */
export function mod(a: SqlValue, b: SqlValue): SqlValue {
  if (a === null || b === null) return null;
  if (typeof a === "bigint" && typeof b === "bigint") return b === 0n ? null : a % b;
  const x = toNumber(a) as number;
  const y = toNumber(b) as number;
  if (y === 0) return null;
  const r = x % y;
  if (typeof a === "number" || typeof b === "number") {
    // Exact operands: round away the binary noise of fmod (7.3 % 2 is 1.3, not 1.2999…).
    const scale = Math.max(_scale(x), _scale(y));
    return decimalValue(roundDecimal(toDecimal(r), scale));
  }
  return r;
}

/** Digits after the point in the shortest text of a number. */
function _scale(x: number): number {
  const d = toDecimal(x);
  return Math.max(0, d.digits.length - d.point);
}

/** MySQL DIV: integer division truncating toward zero, NULL for a zero divisor. */
export function intDiv(a: SqlValue, b: SqlValue): SqlValue {
  if (a === null || b === null) return null;
  if (typeof a === "bigint" && typeof b === "bigint") return b === 0n ? null : a / b;
  const x = toNumber(a) as number;
  const y = toNumber(b) as number;
  if (y === 0) return null;
  const q = Math.trunc(x / y);
  if (Number.isSafeInteger(q)) return int(q);
  if (!Number.isFinite(q) || q >= 9223372036854775808 || q < -9223372036854775808) {
    throw new MysqlError(ER.DATA_OUT_OF_RANGE, "BIGINT value is out of range in 'DIV'");
  }
  return BigInt(q);
}

/**
 * MySQL `/`: never integer division, NULL for a zero divisor. With exact operands (integers,
 * REALs) the quotient is rounded half up to `scale` digits, by default the dividend's digits
 * after the point plus div_precision_increment (4): 5/2 = 2.5, 7/3 = 2.3333. A string operand
 * (MySQL's DOUBLE) or `scale` < 0 keeps full double precision: '1'/3 = 0.3333333333333333.
 * A REAL like 1.0 arrives without its scale (1.0/3 gives 0.3333, MySQL 0.33333): the
 * translator passes `scale` when it knows the dividend's declared scale.
 */
export function divide(a: SqlValue, b: SqlValue, options: { scale?: number } = {}): SqlValue {
  const scale = options.scale;
  if (a === null || b === null) return null;
  const x = toNumber(a) as number;
  const y = toNumber(b) as number;
  if (y === 0) return null;
  const q = x / y;
  const approx = typeof a === "string" || typeof b === "string" || a instanceof Uint8Array ||
    b instanceof Uint8Array || (scale !== undefined && scale < 0);
  if (approx || !Number.isFinite(q)) return Number.isFinite(q) ? q : null;
  const s = scale ?? Math.min(30, (typeof a === "number" ? _scale(x) : 0) + 4);
  return decimalValue(roundDecimal(toDecimal(q), s));
}

/** `op` as registered: a zero divisor (the result is NULL) is reported to the context. */
function _reportingZero(
  ctx: FunctionContext,
  op: (a: SqlValue, b: SqlValue, ...rest: SqlValue[]) => SqlValue,
): (a: SqlValue, b: SqlValue, ...rest: SqlValue[]) => SqlValue {
  return (a, b, ...rest) => {
    const r = op(a, b, ...rest);
    if (r === null && a !== null && b !== null && toNumber(b) === 0) ctx.onDivisionByZero();
    return r;
  };
}

/** Registers the rounding and operator helpers (pure, but for reporting a division by
 * zero). */
export function registerArith(db: DatabaseSync, ctx: FunctionContext): void {
  const def = definer(db);
  def("round", (...a: SqlValue[]) => {
    checkArity("round", a.length, { min: 1, max: 2 });
    const d = a.length === 2 ? toSmallInt(a[1] as SqlValue) : 0;
    return d === null
      ? null
      : round(a[0] as SqlValue, { places: Math.max(-400, Math.min(400, d)), exact: true });
  }, { varargs: true });
  def("mysql_round", (x: SqlValue, d: SqlValue, exact: SqlValue) => {
    const places = toSmallInt(d);
    if (places === null) return null;
    return round(x, {
      places: Math.max(-400, Math.min(400, places)),
      exact: truthy(exact) !== false,
    });
  });
  def("truncate", (x: SqlValue, d: SqlValue) => {
    const places = toSmallInt(d);
    return places === null ? null : truncate(x, Math.max(-400, Math.min(400, places)));
  });
  def("floor", (v: SqlValue) => _floorCeil(v, false));
  def("ceil", (v: SqlValue) => _floorCeil(v, true));
  def("ceiling", (v: SqlValue) => _floorCeil(v, true));
  const modulo = _reportingZero(ctx, mod);
  def("mod", (a: SqlValue, b: SqlValue) => modulo(a, b));
  def("mysql_mod", (a: SqlValue, b: SqlValue) => modulo(a, b));
  const quotient = _reportingZero(ctx, intDiv);
  def("mysql_div", (a: SqlValue, b: SqlValue) => quotient(a, b));
  const division = _reportingZero(
    ctx,
    (a, b, scale = null) =>
      divide(a, b, { scale: scale === null ? undefined : toSmallInt(scale) ?? undefined }),
  );
  def("mysql_division", (...a: SqlValue[]) => {
    checkArity("mysql_division", a.length, { min: 2, max: 3 });
    return division(a[0] as SqlValue, a[1] as SqlValue, a[2] ?? null);
  }, { varargs: true });
  def("mysql_decimal_text", (x: SqlValue, scale: SqlValue) => {
    if (typeof x !== "number" && typeof x !== "bigint") return x;
    if (typeof x === "number" && !Number.isFinite(x)) return x;
    const s = Math.max(0, Math.min(30, Number(scale)));
    return decimalText(roundDecimal(toDecimal(x), s), s);
  });
  def(
    "mysql_exact",
    (x: SqlValue) =>
      typeof x === "number" && Number.isFinite(x) && !Number.isInteger(x)
        ? Number(x.toPrecision(15))
        : x,
  );
  def("mysql_xor", (a: SqlValue, b: SqlValue) => {
    const x = truthy(a);
    const y = truthy(b);
    return x === null || y === null ? null : x !== y ? 1n : 0n;
  });
}
