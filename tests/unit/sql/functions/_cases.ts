/**
 * Test support for the MySQL function families: a real `DatabaseSync` with the functions
 * registered, and a checker that evaluates `SELECT <expr>` for each case and reports every
 * mismatch at once. Integers come back as bigint (`setReadBigInts`), so a case expecting `3n`
 * also checks that the function returned an INTEGER, not a REAL.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { type FunctionOptions, registerMysqlFunctions } from "../../../../src/sql/functions/mod.ts";
import type { SqlValue } from "../../../../src/types/values.ts";

/** An expression in SQLite form (our function names) and the value a MySQL client sees. */
export type Case = readonly [expr: string, expected: SqlValue];

/** Statement clock used by the tests: 2024-01-07 13:05:09.123 UTC (a Sunday). */
export const FIXED_NOW = Date.UTC(2024, 0, 7, 13, 5, 9, 123);

let _statement = 0;

/** An in-memory database with every MySQL function registered; each `evaluate` is a new
 * statement for seeded RAND. */
export function openDb(options: FunctionOptions = {}): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerMysqlFunctions(db, { now: () => FIXED_NOW, statementId: () => _statement, ...options });
  return db;
}

/** Evaluates one expression as its own statement; integers as bigint. */
export function evaluate(db: DatabaseSync, expr: string): SqlValue {
  _statement++;
  const stmt = db.prepare(`SELECT ${expr} AS v`);
  stmt.setReadBigInts(true);
  const row = stmt.get() as { v: SqlValue } | undefined;
  return row?.v ?? null;
}

function _same(expected: SqlValue, got: SqlValue): boolean {
  if (expected === null || got === null) return expected === got;
  if (typeof expected === "bigint") return got === expected;
  if (typeof expected === "number") {
    if (typeof got !== "number" && typeof got !== "bigint") return false;
    return Math.abs(Number(got) - expected) <= Math.abs(expected) * 1e-12;
  }
  if (expected instanceof Uint8Array) {
    return got instanceof Uint8Array && got.length === expected.length &&
      got.every((b, i) => b === expected[i]);
  }
  return got === expected;
}

function _show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Uint8Array) return `bytes(${[...v].join(",")})`;
  return JSON.stringify(v);
}

/** Asserts every case, listing all mismatches in one failure. */
export function checkCases(db: DatabaseSync, cases: readonly Case[]): void {
  const failures: string[] = [];
  for (const [expr, expected] of cases) {
    let got: SqlValue | string;
    try {
      got = evaluate(db, expr);
    } catch (e) {
      got = `ERROR ${(e as Error).message}`;
    }
    if (!_same(expected, got as SqlValue)) {
      failures.push(`${expr}: expected ${_show(expected)}, got ${_show(got)}`);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases differ`);
}

/** Bytes from hex, for binary expectations. */
export function bytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
