/**
 * Mathematical functions this SQLite build lacks (it is compiled without the math functions):
 * POW, SQRT, EXP, LN, LOG (natural log with one argument, never SQLite's base 10), LOG2, LOG10,
 * trigonometry, DEGREES, RADIANS, PI, SIGN, GREATEST, LEAST, BIT_COUNT, `mysql_bitxor` and RAND
 * (MySQL's seeded generator, bit-exact). Undefined results (SQRT(-1), LN(0)) are NULL; results
 * beyond a DOUBLE raise error 1690 as in MySQL.
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer, type FunctionContext } from "./define.ts";
import { compareValues, int, isNumeric, toInteger, toNumber } from "./values.ts";

function _outOfRange(name: string): MysqlError {
  return new MysqlError(ER.DATA_OUT_OF_RANGE, `DOUBLE value is out of range in '${name}'`);
}

/** A one-argument DOUBLE function: NULL in, NULL out; NaN gives NULL; ±Infinity is an error. */
function _unary(db: DatabaseSync, name: string, fn: (x: number) => number): void {
  const def = definer(db);
  def(name, (v: SqlValue) => {
    const x = toNumber(v);
    if (x === null) return null;
    const r = fn(x);
    if (Number.isNaN(r)) return null;
    if (!Number.isFinite(r)) throw _outOfRange(`${name}(${x})`);
    return r;
  });
}

function _log(x: number): number {
  return x > 0 ? Math.log(x) : NaN;
}

/** GREATEST/LEAST: NULL if any argument is NULL; numbers compare as numbers, strings by the
 * case-insensitive collation, a mix of both as DOUBLE. */
function _extreme(name: string, sign: number) {
  return (...a: SqlValue[]) => {
    checkArity(name, a.length, { min: 2 });
    let anyNumber = false;
    let anyText = false;
    for (const v of a) {
      if (v === null) return null;
      if (isNumeric(v)) anyNumber = true;
      else anyText = true;
    }
    const mixed = anyNumber && anyText;
    let best = mixed ? toNumber(a[0] as SqlValue) as number : a[0] as SqlValue;
    for (let i = 1; i < a.length; i++) {
      const v = mixed ? toNumber(a[i] as SqlValue) as number : a[i] as SqlValue;
      if (compareValues(v, best) * sign > 0) best = v;
    }
    return best;
  };
}

/** MySQL's RAND(N) generator: two 30-bit seeds, `s1 = (3*s1 + s2) mod M`. */
export class MysqlRandom {
  static readonly MAX = 0x3fffffff;
  #s1: number;
  #s2: number;

  constructor(seed: bigint) {
    const s1 = Number(BigInt.asUintN(32, seed * 0x10001n + 55555555n));
    const s2 = Number(BigInt.asUintN(32, seed * 0x10000001n));
    this.#s1 = s1 % MysqlRandom.MAX;
    this.#s2 = s2 % MysqlRandom.MAX;
  }

  /** Next value in [0, 1). */
  next(): number {
    this.#s1 = (this.#s1 * 3 + this.#s2) % MysqlRandom.MAX;
    this.#s2 = (this.#s1 + this.#s2 + 33) % MysqlRandom.MAX;
    return this.#s1 / MysqlRandom.MAX;
  }
}

/** Registers the math functions; RAND keeps per-connection state. */
export function registerMath(db: DatabaseSync, ctx: FunctionContext): void {
  const def = definer(db);
  _unary(db, "sqrt", (x) => (x < 0 ? NaN : Math.sqrt(x)));
  _unary(db, "exp", Math.exp);
  _unary(db, "ln", _log);
  _unary(db, "log2", (x) => (x > 0 ? Math.log2(x) : NaN));
  _unary(db, "log10", (x) => (x > 0 ? Math.log10(x) : NaN));
  _unary(db, "sin", Math.sin);
  _unary(db, "cos", Math.cos);
  _unary(db, "tan", Math.tan);
  _unary(db, "asin", Math.asin);
  _unary(db, "acos", Math.acos);
  _unary(db, "cot", (x) => 1 / Math.tan(x));
  _unary(db, "degrees", (x) => (x * 180) / Math.PI);
  _unary(db, "radians", (x) => (x * Math.PI) / 180);
  def("pi", () => Math.PI);
  for (const name of ["pow", "power"]) {
    def(name, (a: SqlValue, b: SqlValue) => {
      const x = toNumber(a);
      const y = toNumber(b);
      if (x === null || y === null) return null;
      const r = Math.pow(x, y);
      if (!Number.isFinite(r)) throw _outOfRange(`${name}(${x},${y})`);
      return r;
    });
  }
  def("log", (...a: SqlValue[]) => {
    checkArity("log", a.length, { min: 1, max: 2 });
    const x = toNumber(a[a.length - 1] as SqlValue);
    if (x === null) return null;
    if (a.length === 1) return x > 0 ? Math.log(x) : null;
    const b = toNumber(a[0] as SqlValue);
    if (b === null || b <= 0 || b === 1 || x <= 0) return null;
    return Math.log(x) / Math.log(b);
  }, { varargs: true });
  def("atan", (...a: SqlValue[]) => {
    checkArity("atan", a.length, { min: 1, max: 2 });
    const y = toNumber(a[0] as SqlValue);
    if (a.length === 1) return y === null ? null : Math.atan(y);
    const x = toNumber(a[1] as SqlValue);
    return y === null || x === null ? null : Math.atan2(y, x);
  }, { varargs: true });
  def("atan2", (a: SqlValue, b: SqlValue) => {
    const y = toNumber(a);
    const x = toNumber(b);
    return y === null || x === null ? null : Math.atan2(y, x);
  });
  def("sign", (v: SqlValue) => {
    if (v === null) return null;
    if (typeof v === "bigint") return v > 0n ? 1n : v < 0n ? -1n : 0n;
    const x = toNumber(v) as number;
    return x > 0 ? 1n : x < 0 ? -1n : 0n;
  });
  def("greatest", _extreme("greatest", 1), { varargs: true });
  def("least", _extreme("least", -1), { varargs: true });
  def("bit_count", (v: SqlValue) => {
    const n = toInteger(v);
    if (n === null) return null;
    let u = BigInt.asUintN(64, n);
    let count = 0;
    while (u !== 0n) {
      u &= u - 1n;
      count++;
    }
    return int(count);
  });
  def("mysql_bitxor", (a: SqlValue, b: SqlValue) => {
    const x = toInteger(a);
    const y = toInteger(b);
    if (x === null || y === null) return null;
    const r = BigInt.asUintN(64, x ^ y);
    // Results of 2^63 and above do not fit SQLite's INTEGER: given as decimal text.
    return r > 9223372036854775807n ? r.toString() : r;
  });
  _registerRand(db, ctx);
}

/** Seeded sequences are kept per statement (MySQL seeds a constant RAND(N) once). */
function _registerRand(db: DatabaseSync, ctx: FunctionContext): void {
  const def = definer(db);
  const sequences = new Map<bigint, MysqlRandom>();
  let statement = Number.NaN;
  def("rand", (...a: SqlValue[]) => {
    checkArity("rand", a.length, { min: 0, max: 1 });
    if (a.length === 0) return Math.random();
    const id = ctx.statementId();
    if (id !== statement) {
      statement = id;
      sequences.clear();
    }
    const seed = toInteger(a[0] as SqlValue) ?? 0n;
    let gen = sequences.get(seed);
    if (gen === undefined) {
      if (sequences.size >= 64) sequences.clear();
      gen = new MysqlRandom(seed);
      sequences.set(seed, gen);
    }
    return gen.next();
  }, { deterministic: false, varargs: true });
}
