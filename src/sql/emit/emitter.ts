/**
 * Emission state shared by the statement emitters: parameter slots, identifier quoting,
 * database qualifiers, and the scopes that change how a column reference is written (UPDATE's
 * left-to-right SET, the upsert's `excluded` row). Parameters are written as `\0slot\0`
 * markers and turned into positional `?` by `compile`.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import type { SessionRef, TranslateContext } from "../statement.ts";
import { sqliteStringLiteral } from "../string_literal.ts";
import { Tok, type Token } from "../tokenizer.ts";
import type { Expr, Query, TableRef } from "../parser/ast.ts";
import type { LateralScope } from "../rewrite/lateral.ts";
import type { RollupLevel } from "../rewrite/rollup.ts";
import { emitExpr } from "./expression_emitter.ts";
import { emitQuery, emitTableRef } from "./query_emitter.ts";

/** performance_schema tables answered by the information_schema tables of the same names
 * (catalog/information_schema/name_values.ts). */
export const PERFORMANCE_SCHEMA_TABLES: ReadonlySet<string> = new Set([
  "global_variables",
  "session_variables",
  "global_status",
  "session_status",
]);

/** Where a `?` gets its value: a literal slot, a literal slot used as a LIMIT count, the
 * negation of a number literal slot, or a session reference. */
export type ParamSource = number | { limit: number } | { neg: number } | SessionRef;

/** A SQLite statement whose `?` take their values from `sources`. */
export interface CompiledSql {
  sql: string;
  sources: ParamSource[];
}

export interface EmitterOptions {
  /** The context, with `database` set to the written table's database for a write. */
  ctx: TranslateContext;
  /** The session's current database (whose schema `ctx.schema` describes). */
  sessionDatabase: string | null;
  /** The statement text (for column names taken from the source). */
  sql: string;
  /** Literal values by slot. */
  values: SqlValue[];
  /** Literal tokens by slot (their source text is used when a literal is inlined). */
  literalTokens: Token[];
  /** Slots inlined into the SQL because the translation depends on their value. */
  structural: Set<number>;
  /** Inline every literal (statements with more literals than SQLite allows parameters). */
  inlineAll: boolean;
  /** The statement changes session state as it runs (see `TokenStream.changesSessionState`):
   * user variables and LAST_INSERT_ID() are read live, by helper calls. */
  liveSessionState?: boolean;
}

const LIMIT_MAX = 9223372036854775807n;

/** Tables of our own (`__marmot*`) and SQLite's (`sqlite_*`) that no statement may reach. */
function isInternalTable(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c === 95 /* _ */) return name.length >= 8 && name.slice(0, 8).toLowerCase() === "__marmot";
  if (c === 115 || c === 83 /* s S */) {
    return name.length >= 7 && name.slice(0, 7).toLowerCase() === "sqlite_";
  }
  return false;
}

/** MySQL's error for a table that does not exist (1046 when no database is selected). */
function noSuchTable(db: string | null, name: string): MysqlError {
  if (db === null) return new MysqlError(ER.NO_DB, "No database selected");
  return new MysqlError(ER.NO_SUCH_TABLE, `Table '${db}.${name}' doesn't exist`);
}

export class Emitter {
  readonly ctx: TranslateContext;
  /** The session's current database (whose schema `ctx.schema` describes). */
  readonly sessionDatabase: string | null;
  readonly #opts: EmitterOptions;
  readonly #slots: ParamSource[] = [];
  /** Other databases referenced (as written). */
  readonly databases = new Set<string>();
  /** information_schema tables referenced (lower-case). */
  readonly informationSchema = new Set<string>();
  /** The output depends on ctx.database (a qualifier was compared with it). */
  usesDatabase = false;
  /** The output depends on ctx.schema (cached per database and schema version). */
  usesSchema = false;
  /** UPDATE: assigned column (lower-case) → its emitted new value, for later assignments. */
  substitutions: Map<string, string> | null = null;
  /** Names (lower-case) under which the UPDATE target table can be qualified. */
  targetNames: Set<string> | null = null;
  /** ON DUPLICATE KEY UPDATE scope: the row alias and its column aliases. */
  upsert: { alias: string | null; columns: Map<string, string> } | null = null;
  /** While HAVING is written: select aliases (lower-case) its bare names stand for. */
  havingAliases: Map<string, Expr> | null = null;
  /** FROM lists of the queries being written, outermost first. */
  readonly fromScopes: TableRef[][] = [];
  /** LATERAL derived tables in scope: alias (lower-case) → column names. */
  laterals: LateralScope | null = null;
  /** Names (lower-case) of the common table expressions written so far. */
  readonly cteNames = new Set<string>();
  /** Nesting depth of the query being written (1 for the statement's own SELECT). */
  depth = 0;
  /** While a WITH ROLLUP level's select list and HAVING are written: the grouping expressions
   * it rolls up, written NULL outside aggregates (rewrite/rollup.ts). */
  rollup: RollupLevel | null = null;
  /** Aggregate calls being written around the current expression. */
  aggregateDepth = 0;

  /** See `EmitterOptions.liveSessionState`. */
  readonly liveSessionState: boolean;

  constructor(opts: EmitterOptions) {
    this.liveSessionState = opts.liveSessionState ?? false;
    this.ctx = opts.ctx;
    this.sessionDatabase = opts.sessionDatabase;
    this.#opts = opts;
  }

  /** A parameter marker for `source`. */
  param(source: ParamSource): string {
    this.#slots.push(source);
    return `\0${this.#slots.length - 1}\0`;
  }

  /** A literal: a parameter, or inline text when its value shapes the translation. */
  literal(slot: number, limit = false): string {
    if (this.#opts.inlineAll || this.#opts.structural.has(slot)) {
      return this.inlineLiteral(slot, limit);
    }
    return this.param(limit ? { limit: slot } : slot);
  }

  /** `-literal` for a number literal: one parameter holding the negated value, so that
   * -9223372036854775808 stays an exact int64; null when the literal is inlined. */
  negatedLiteral(slot: number): string | null {
    if (this.#opts.inlineAll || this.#opts.structural.has(slot)) return null;
    if (!this.isNumberLiteral(slot)) return null;
    return this.param({ neg: slot });
  }

  /** The value of a literal slot (for structural literals). */
  literalValue(slot: number): SqlValue {
    return this.#opts.values[slot] ?? null;
  }

  /** True when the literal slot is a number (not a string). */
  isNumberLiteral(slot: number): boolean {
    const tok = this.#opts.literalTokens[slot];
    return tok !== undefined && tok.type === Tok.Number;
  }

  /** True when the literal slot holds a number written as an integer. */
  isIntegerLiteral(slot: number): boolean {
    const tok = this.#opts.literalTokens[slot];
    return tok !== undefined && tok.lit === slot && /^\d+$/.test(tok.text);
  }

  inlineLiteral(slot: number, limit = false): string {
    const value = this.literalValue(slot);
    const tok = this.#opts.literalTokens[slot]!;
    if (typeof value === "string") return sqliteStringLiteral(value);
    if (value instanceof Uint8Array) {
      return `x'${Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("")}'`;
    }
    if (limit && /^\d+$/.test(tok.text) && BigInt(tok.text) > LIMIT_MAX) return "-1";
    return tok.text;
  }

  /** The source text of `[start, end)` as a column name, or null when it holds a literal (its
   * value, and so the name, changes with each binding). */
  sourceName(start: number, end: number): string | null {
    if (end <= start) return null;
    for (const tok of this.#opts.literalTokens) {
      if (tok.start >= start && tok.start < end) return null;
    }
    return this.#opts.sql.slice(start, end);
  }

  /** A double-quoted SQLite identifier. */
  ident(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  /** A table name with its database qualifier resolved against the session's database. */
  tableName(db: string | null, name: string): string {
    const current = this.ctx.database?.toLowerCase() ?? null;
    const session = this.sessionDatabase;
    // A write to another database runs there: its unqualified tables (not CTEs) are still
    // the session database's.
    if (
      db === null && session !== null && session.toLowerCase() !== current &&
      !this.cteNames.has(name.toLowerCase())
    ) {
      db = session;
    }
    const lowerDb = db?.toLowerCase() ?? null;
    // An unqualified table in information_schema depends on ctx.database too, but the
    // translator keys that case separately.
    if (
      lowerDb === "information_schema" || (lowerDb === null && current === "information_schema") ||
      (lowerDb === "performance_schema" && PERFORMANCE_SCHEMA_TABLES.has(name.toLowerCase()))
    ) {
      const table = name.toLowerCase();
      this.informationSchema.add(table);
      return `"information_schema".${this.ident(table)}`;
    }
    if (isInternalTable(name) && !(lowerDb === null && this.cteNames.has(name.toLowerCase()))) {
      throw noSuchTable(db ?? session, name);
    }
    if (lowerDb === null) return this.ident(name);
    this.usesDatabase = true;
    if (lowerDb === current) return this.ident(name);
    this.databases.add(db!);
    return `${this.ident(db!)}.${this.ident(name)}`;
  }

  expr(e: Expr): string {
    return this.#rolledUp(e) ?? emitExpr(this, e, false);
  }

  /** An expression in numeric context (hex literals are integers there). */
  numeric(e: Expr): string {
    return this.#rolledUp(e) ?? emitExpr(this, e, true);
  }

  #rolledUp(e: Expr): string | null {
    const level = this.rollup;
    return level !== null && this.aggregateDepth === 0 && level.isRolledUp(e) ? "NULL" : null;
  }

  /** The source text of a literal slot. */
  literalText(slot: number): string {
    return this.#opts.literalTokens[slot]?.text ?? "";
  }

  query(q: Query): string {
    return emitQuery(this, q);
  }

  tableRef(r: TableRef): string {
    return emitTableRef(this, r);
  }

  /** Turns emitted SQL with markers into positional SQL and its parameter sources. */
  compile(sql: string): CompiledSql {
    if (!sql.includes("\0")) return { sql, sources: [] };
    const parts = sql.split("\0");
    let out = "";
    const sources: ParamSource[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        out += parts[i];
      } else {
        out += "?";
        sources.push(this.#slots[Number(parts[i])]!);
      }
    }
    return { sql: out, sources };
  }
}
