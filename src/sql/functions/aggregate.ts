/**
 * Aggregates SQLite lacks: BIT_AND, BIT_OR, BIT_XOR (64-bit unsigned; BIT_AND of no rows is
 * 18446744073709551615, given as text because SQLite integers stop at 2^63 - 1), STD, STDDEV,
 * STDDEV_POP, STDDEV_SAMP, VARIANCE, VAR_POP, VAR_SAMP (Welford's running variance; NULL for
 * no rows, the sample forms NULL for one row) and ANY_VALUE (the first row's value).
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { unsignedResult } from "./cast.ts";
import { guarded } from "./define.ts";
import { toInteger, toNumber } from "./values.ts";

/** An aggregate whose accumulator is any JS value. `node:sqlite` keeps the accumulator in JS
 * and accepts objects at runtime; its type declarations only allow SQL values, hence the cast. */
interface AggregateSpec<T> {
  start: () => T;
  step: (acc: T, v: SqlValue) => T;
  result: (acc: T) => SqlValue;
}

function _aggregate<T>(db: DatabaseSync, name: string, spec: AggregateSpec<T>): void {
  db.aggregate(
    name,
    {
      start: spec.start,
      step: guarded(spec.step),
      result: guarded(spec.result),
      useBigIntArguments: true,
      deterministic: true,
    } as unknown as Parameters<DatabaseSync["aggregate"]>[1],
  );
}

interface Moments {
  n: number;
  mean: number;
  m2: number;
}

function _bits(
  db: DatabaseSync,
  name: string,
  start: bigint,
  op: (a: bigint, b: bigint) => bigint,
) {
  _aggregate<bigint>(db, name, {
    start: () => start,
    step: (acc: bigint, v: SqlValue) => {
      const n = toInteger(v);
      return n === null ? acc : op(acc, BigInt.asUintN(64, n));
    },
    result: (acc: bigint) => unsignedResult(acc),
  });
}

function _variance(db: DatabaseSync, name: string, sample: boolean, root: boolean): void {
  _aggregate<Moments>(db, name, {
    start: (): Moments => ({ n: 0, mean: 0, m2: 0 }),
    step: (acc: Moments, v: SqlValue) => {
      const x = toNumber(v);
      if (x === null) return acc;
      acc.n++;
      const d = x - acc.mean;
      acc.mean += d / acc.n;
      acc.m2 += d * (x - acc.mean);
      return acc;
    },
    result: (acc: Moments) => {
      const div = sample ? acc.n - 1 : acc.n;
      if (div <= 0) return null;
      const variance = acc.m2 / div;
      return root ? Math.sqrt(variance) : variance;
    },
  });
}

/** Registers the aggregates. */
export function registerAggregates(db: DatabaseSync): void {
  _bits(db, "bit_and", (1n << 64n) - 1n, (a, b) => a & b);
  _bits(db, "bit_or", 0n, (a, b) => a | b);
  _bits(db, "bit_xor", 0n, (a, b) => a ^ b);
  for (const name of ["std", "stddev", "stddev_pop"]) _variance(db, name, false, true);
  _variance(db, "stddev_samp", true, true);
  for (const name of ["variance", "var_pop"]) _variance(db, name, false, false);
  _variance(db, "var_samp", true, false);
  _aggregate<{ seen: boolean; value: SqlValue }>(db, "any_value", {
    start: () => ({ seen: false, value: null as SqlValue }),
    step: (acc: { seen: boolean; value: SqlValue }, v: SqlValue) => {
      if (!acc.seen) {
        acc.seen = true;
        acc.value = v;
      }
      return acc;
    },
    result: (acc: { seen: boolean; value: SqlValue }) => acc.value,
  });
}
