/**
 * MySQL → SQLite statement translation (see DESIGN.md in this folder). SELECT / INSERT /
 * REPLACE / UPDATE / DELETE are normalized (literals out) and looked up in a bounded LRU of
 * templates; only a miss parses and emits. Other statements are classified by their leading
 * keywords and translated directly (they are cheap and their values are not parameters).
 */
import { ER, MysqlError } from "../types/errors.ts";
import { classify } from "./classifier.ts";
import { compileDml } from "./emit/compile_dml.ts";
import { normalize } from "./normalizer.ts";
import { parseExprList } from "./parser/expression_parser.ts";
import { TokenStream } from "./parser/token_stream.ts";
import { splitStatements } from "./split_statements.ts";
import type { Statement, TranslateContext } from "./statement.ts";
import { translateDdl } from "./statements/ddl_statement.ts";
import { cleanedSql } from "./statements/cleaned_sql.ts";
import { explainedStart, explainOf } from "./statements/explain_statement.ts";
import { ImmediateEmitter } from "./statements/immediate.ts";
import { translateMaintenance } from "./statements/maintenance_statement.ts";
import {
  translateBegin,
  translateCommit,
  translateCreateDatabase,
  translateDropDatabase,
  translateKill,
  translateRelease,
  translateRollback,
  translateSavepoint,
  translateSqlDeallocate,
  translateSqlExecute,
  translateSqlPrepare,
  translateUse,
} from "./statements/session_statements.ts";
import { translateSet } from "./statements/set_statement.ts";
import { translateLoadData } from "./statements/load_data_statement.ts";
import { mysqlGrammarAccepts } from "./syntax_oracle.ts";
import { bindTemplate } from "./template.ts";
import { Tok, type Token, tokenize, type TokenizeOptions } from "./tokenizer.ts";
import { syntaxError, unsupported } from "./translate_errors.ts";
import { TranslationCache } from "./translation_cache.ts";

export type { TranslateContext } from "./statement.ts";

export interface TranslatorOptions {
  /** Cached translations (LRU, default 10000). */
  cacheSize?: number;
  /** Approximate characters of cached text (default 32 million). */
  cacheChars?: number;
  /** Version id for executable comments `/*!NNNNN ... *\/` (default 80032 = 8.0.32). */
  serverVersionId?: number;
}

/** SQLite's limit on parameters per statement; beyond it literals are inlined. */
const MAX_PARAMS = 32766;
/** Statements longer than this (bulk inserts) are translated but not cached. */
const MAX_CACHED_KEY = 16384;
/** Longest statement shown to node-sql-parser on the error path. */
const ORACLE_MAX_CHARS = 2048;
const DML_WORDS = new Set(["SELECT", "WITH", "TABLE", "INSERT", "REPLACE", "UPDATE", "DELETE"]);

/** Translates MySQL statements into SQLite statements with parameters. */
export class Translator {
  readonly #cache: TranslationCache;
  readonly #lex: TokenizeOptions;

  constructor(options: TranslatorOptions = {}) {
    this.#cache = new TranslationCache({
      maxEntries: options.cacheSize,
      maxChars: options.cacheChars,
    });
    this.#lex = { versionId: options.serverVersionId ?? 80032 };
  }

  /** Number of cached statement shapes. */
  get cacheSize(): number {
    return this.#cache.size;
  }

  /** Splits COM_QUERY text into statements on top-level semicolons; drops empty ones. */
  splitStatements(sql: string): string[] {
    return splitStatements(sql);
  }

  /** Translates one MySQL statement; throws MysqlError 1064 (syntax) or 1235 (unsupported). */
  translate(sql: string, ctx: TranslateContext): Statement {
    return this.#translate(sql, ctx, false).statement;
  }

  /** For COM_STMT_PREPARE: `?` become placeholder parameters; also returns their count. */
  translatePrepared(
    sql: string,
    ctx: TranslateContext,
  ): { statement: Statement; paramCount: number } {
    return this.#translate(sql, ctx, true);
  }

  #translate(
    sql: string,
    ctx: TranslateContext,
    prepared: boolean,
  ): { statement: Statement; paramCount: number } {
    try {
      return this.#translateUnguarded(sql, ctx, prepared);
    } catch (err) {
      // Absurdly deep nesting exhausts the parser's stack, as it does MySQL's own parser.
      if (err instanceof RangeError) {
        throw new MysqlError(ER.PARSE_ERROR, "memory exhausted near the deepest nesting at line 1");
      }
      throw err;
    }
  }

  #translateUnguarded(
    sql: string,
    ctx: TranslateContext,
    prepared: boolean,
  ): { statement: Statement; paramCount: number } {
    const tokens = tokenize(sql, this.#lex);
    const first = tokens[0]!;
    if (first.type === Tok.End) throw new MysqlError(ER.EMPTY_QUERY, "Query was empty");
    if (
      (first.type === Tok.Word && DML_WORDS.has(first.upper ??= first.text.toUpperCase())) ||
      (first.type === Tok.Op && first.text === "(")
    ) {
      return this.#dml(sql, tokens, ctx, prepared);
    }
    const ts = new TokenStream(sql, tokens, prepared);
    const statement = this.#other(ts, ctx, prepared);
    return { statement, paramCount: ts.placeholders };
  }

  #dml(sql: string, tokens: Token[], ctx: TranslateContext, prepared: boolean) {
    const norm = normalize(sql, tokens);
    const tooMany = norm.values.length > MAX_PARAMS;
    const cacheable = !tooMany && norm.key.length <= MAX_CACHED_KEY;
    const key = (prepared ? "P" : "Q") + (isInformationSchema(ctx) ? "I" : "-") + norm.key;
    if (cacheable) {
      const hit = this.#cache.get(key, ctx, norm.values);
      if (hit !== undefined) {
        return { statement: bindTemplate(hit, sql, norm, ctx), paramCount: hit.paramCount };
      }
    }
    let compiled;
    try {
      compiled = compileDml(sql, tokens, norm, { ctx, prepared, inlineAll: tooMany });
    } catch (err) {
      // node-sql-parser accepts `?` anywhere; MySQL only in prepared statements.
      const strayPlaceholder = !prepared && tokens.some((t) => t.type === Tok.Param);
      throw strayPlaceholder ? err : refineSyntaxError(err, sql);
    }
    if (cacheable) this.#cache.set(key, compiled.spec, ctx, norm.values, compiled.template);
    return {
      statement: bindTemplate(compiled.template, sql, norm, ctx),
      paramCount: compiled.template.paramCount,
    };
  }

  #other(ts: TokenStream, ctx: TranslateContext, prepared: boolean): Statement {
    const cls = classify(ts.tokens);
    switch (cls.kind) {
      case "set":
        return translateSet(ts, new ImmediateEmitter(ts.sql, ts.tokens, ctx));
      case "use":
        return translateUse(ts);
      case "show":
        return { kind: "show", sql: cleanedSql(ts.sql, ts.tokens) };
      case "explain": {
        const start = explainedStart(ts);
        const inner = ts.sql.slice(start);
        const result = this.#dml(inner, tokenize(inner, this.#lex), ctx, prepared);
        ts.placeholders = result.paramCount;
        return explainOf(result.statement);
      }
      case "begin":
        return translateBegin(ts);
      case "commit":
        return translateCommit(ts);
      case "rollback":
        return translateRollback(ts);
      case "savepoint":
        return translateSavepoint(ts);
      case "release_savepoint":
        return translateRelease(ts);
      case "ddl":
        return translateDdl(ts, ctx);
      case "create_database":
        return translateCreateDatabase(ts);
      case "drop_database":
        return translateDropDatabase(ts);
      case "noop":
        return { kind: "noop" };
      case "kill":
        return translateKill(ts, new ImmediateEmitter(ts.sql, ts.tokens, ctx));
      case "load_data":
        return translateLoadData(ts);
      case "sql_prepare":
        return translateSqlPrepare(ts);
      case "sql_execute":
        return translateSqlExecute(ts);
      case "sql_deallocate":
        return translateSqlDeallocate(ts);
      case "do": {
        ts.expectKw("DO");
        const out = new ImmediateEmitter(ts.sql, ts.tokens, ctx);
        const exprs = parseExprList(ts);
        ts.expectEnd();
        return {
          kind: "noop",
          evaluate: out.statement(`SELECT ${exprs.map((e) => out.em.expr(e)).join(", ")}`),
        };
      }
      case "table_maintenance":
        return translateMaintenance(ts, ctx, new ImmediateEmitter(ts.sql, ts.tokens, ctx));
      case "syntax": {
        const at = ts.tokens[Math.min(cls.at ?? 0, ts.tokens.length - 1)]!;
        throw syntaxError(ts.sql, at.start);
      }
      case "dml":
      case "unsupported":
        if (cls.feature !== undefined) throw unsupported(cls.feature);
        throw syntaxError(ts.sql, ts.tokens[0]!.start);
    }
  }
}

function isInformationSchema(ctx: TranslateContext): boolean {
  const db = ctx.database;
  return db !== null && db.length === 18 && db.toLowerCase() === "information_schema";
}

/** A statement our parser rejects but MySQL's grammar accepts is unsupported, not invalid. */
function refineSyntaxError(err: unknown, sql: string): unknown {
  if (!(err instanceof MysqlError) || err.code !== ER.PARSE_ERROR) return err;
  // The second parser is slow on big inputs: a bulk statement that fails here stays 1064.
  if (sql.length > ORACLE_MAX_CHARS) return err;
  if (!mysqlGrammarAccepts(sql)) return err;
  const near = /near '([\s\S]*)' at line/.exec(err.message)?.[1] ?? sql;
  return unsupported(near.slice(0, 60) || sql.slice(0, 60));
}
