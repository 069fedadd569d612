/**
 * Test harness: runs translated statements on an in-memory SQLite database. The agreed MySQL
 * helper functions (mysql_division, mysql_date_add, ...) are written by the functions helper in
 * parallel; here they are minimal STAND-INS covering only the values these tests use.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { Param, SqliteStatement, Statement } from "../../../src/sql/statement.ts";
import type { SqlValue } from "../../../src/types/values.ts";

export type Row = Record<string, SqlValue>;

/** Session values the SessionRef parameters resolve to. */
export interface FakeSession {
  placeholders?: SqlValue[];
  userVars?: Record<string, SqlValue>;
  sysVars?: Record<string, SqlValue>;
  database?: string | null;
}

/** Opens an in-memory database with the stand-in helper functions and runs `setup` SQL. */
export function openDb(setup = ""): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  registerStandIns(db);
  if (setup !== "") db.exec(setup);
  return db;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return Number(v);
}

function registerStandIns(db: DatabaseSync): void {
  const fn = (name: string, f: (...args: SqlValue[]) => SQLInputValue, _varargs = true) =>
    db.function(
      name,
      { varargs: true, deterministic: false },
      f as (...args: unknown[]) => SQLInputValue,
    );
  fn("mysql_division", (a, b) => {
    const x = num(a), y = num(b);
    return x === null || y === null || y === 0 ? null : x / y;
  });
  fn("mysql_div", (a, b) => {
    const x = num(a), y = num(b);
    return x === null || y === null || y === 0 ? null : Math.trunc(x / y);
  });
  fn("mysql_mod", (a, b) => {
    const x = num(a), y = num(b);
    return x === null || y === null || y === 0 ? null : x % y;
  });
  fn("mysql_xor", (a, b) => {
    const x = num(a), y = num(b);
    return x === null || y === null ? null : (x !== 0) !== (y !== 0) ? 1 : 0;
  });
  fn(
    "regexp",
    (
      p,
      v,
    ) => (v === null || p === null ? null : new RegExp(String(p), "i").test(String(v)) ? 1 : 0),
  );
  fn("mysql_cast", (v, type) => {
    if (v === null) return null;
    const t = String(type);
    if (t === "SIGNED" || t === "UNSIGNED") return Math.trunc(parseFloat(String(v)) || 0);
    if (t.startsWith("CHAR")) {
      const m = /^CHAR\((\d+)\)$/.exec(t);
      return m === null ? String(v) : String(v).slice(0, Number(m[1]));
    }
    if (t.startsWith("DECIMAL") || t === "DOUBLE") return parseFloat(String(v)) || 0;
    if (t === "DATE") return String(v).slice(0, 10);
    return v as SQLInputValue;
  });
  fn(
    "mysql_bitxor",
    (a, b) => (a === null || b === null ? null : Number(BigInt(Number(a)) ^ BigInt(Number(b)))),
  );
  fn(
    "regexp_binary",
    (p, v) => (v === null || p === null ? null : new RegExp(String(p)).test(String(v)) ? 1 : 0),
  );
  fn("mysql_trim", (s, rem, mode) => {
    if (s === null || rem === null) return null;
    let out = String(s);
    const r = String(rem);
    if (r === "") return out;
    if (mode !== "TRAILING") { while (out.startsWith(r)) out = out.slice(r.length); }
    if (mode !== "LEADING") { while (out.endsWith(r)) out = out.slice(0, -r.length); }
    return out;
  });
  fn("mysql_convert_charset", (v) => v as SQLInputValue);
  const addUnits = (d: SqlValue, n: SqlValue, unit: SqlValue, sign: number): SQLInputValue => {
    if (d === null || n === null) return null;
    const [y, m, day] = String(d).slice(0, 10).split("-").map(Number) as [number, number, number];
    const amount = Number(n) * sign;
    if (unit === "DAY") {
      const t = new Date(Date.UTC(y, m - 1, day + amount));
      return t.toISOString().slice(0, 10);
    }
    if (unit === "MONTH" || unit === "YEAR") {
      const months = unit === "MONTH" ? amount : amount * 12;
      const target = new Date(Date.UTC(y, m - 1 + months, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0))
        .getUTCDate();
      target.setUTCDate(Math.min(day, last));
      return target.toISOString().slice(0, 10);
    }
    throw new Error(`stand-in mysql_date_add: unit ${unit}`);
  };
  fn("mysql_date_add", (d, n, u) => addUnits(d, n, u, 1));
  fn("mysql_date_sub", (d, n, u) => addUnits(d, n, u, -1));
  fn("mysql_timestampadd", (u, n, d) => addUnits(d, n, u, 1));
  fn("mysql_extract", (unit, d) => {
    if (d === null) return null;
    const s = String(d);
    if (unit === "YEAR") return Number(s.slice(0, 4));
    if (unit === "MONTH") return Number(s.slice(5, 7));
    if (unit === "DAY") return Number(s.slice(8, 10));
    throw new Error(`stand-in mysql_extract: unit ${unit}`);
  });
  fn("mysql_timestampdiff", (unit, a, b) => {
    if (a === null || b === null || unit !== "DAY") return null;
    const ms = Date.parse(String(b).slice(0, 10)) - Date.parse(String(a).slice(0, 10));
    return Math.trunc(ms / 86400000);
  });
  fn("now", () => "2024-01-31 12:00:00");
  fn("curdate", () => "2024-01-31");
  fn(
    "concat",
    (...args) => (args.some((a) => a === null) ? null : args.map(String).join("")),
    true,
  );
  fn("last_insert_id", (v) => v as SQLInputValue);
  fn(
    "substring",
    (s, p, n) =>
      s === null
        ? null
        : n === undefined
        ? String(s).slice(Number(p) - 1)
        : String(s).substr(Number(p) - 1, Number(n)),
    true,
  );
  fn("mysql_match", (text, query) => {
    if (text === null || query === null) return 0;
    const words = String(query).toLowerCase().split(/\s+/).map((w) => w.replace(/^[+-]|\*$/g, ""))
      .filter((w) => w);
    const hay = String(text).toLowerCase();
    return words.filter((w) => hay.includes(w)).length;
  });
}

/** Resolves a statement's parameters the way the session does. */
export function bindParams(params: Param[], s: FakeSession = {}): SQLInputValue[] {
  return params.map((p): SQLInputValue => {
    if (p === null || typeof p !== "object" || p instanceof Uint8Array) {
      return typeof p === "number" && Number.isSafeInteger(p) ? BigInt(p) : p;
    }
    switch (p.ref) {
      case "placeholder": {
        const v = s.placeholders?.[p.index] ?? null;
        return typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : v;
      }
      case "uservar":
        return s.userVars?.[p.name] ?? null;
      case "sysvar":
        return s.sysVars?.[p.name] ?? null;
      case "function":
        return p.name === "database" ? s.database ?? null : p.name === "version" ? "8.0.32" : 0;
    }
  });
}

/** Runs a SELECT statement; returns its rows as arrays. */
export function query(db: DatabaseSync, st: Statement, s: FakeSession = {}): SqlValue[][] {
  if (st.kind !== "select") throw new Error(`Expected a select, got ${st.kind}`);
  return all(db, st.stmt, s);
}

export function all(db: DatabaseSync, stmt: SqliteStatement, s: FakeSession = {}): SqlValue[][] {
  const prepared = db.prepare(stmt.sql);
  (prepared as unknown as { setReturnArrays(on: boolean): void }).setReturnArrays(true);
  return prepared.all(...bindParams(stmt.params, s)) as unknown as SqlValue[][];
}

/** Runs a write statement; returns the sum of SQLite's changes over the counted statements. */
export function write(db: DatabaseSync, st: Statement, s: FakeSession = {}): number {
  if (st.kind !== "write") throw new Error(`Expected a write, got ${st.kind}`);
  let changes = 0;
  for (const stmt of st.stmts) {
    const r = db.prepare(stmt.sql).run(...bindParams(stmt.params, s));
    if (stmt.countChanges !== false) changes += Number(r.changes);
  }
  return changes;
}

/** The SQL of a select or of the only statement of a write. */
export function sqlOf(st: Statement): string {
  if (st.kind === "select") return st.stmt.sql;
  if (st.kind === "write" && st.stmts.length === 1) return st.stmts[0]!.sql;
  throw new Error(`No single SQL for ${st.kind}`);
}

/** The parameters of a select or of the only statement of a write. */
export function paramsOf(st: Statement): Param[] {
  if (st.kind === "select") return st.stmt.params;
  if (st.kind === "write" && st.stmts.length === 1) return st.stmts[0]!.params;
  throw new Error(`No single parameter list for ${st.kind}`);
}
