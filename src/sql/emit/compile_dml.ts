/**
 * The cache-miss path for SELECT / INSERT / REPLACE / UPDATE / DELETE: parse the statement,
 * emit SQLite SQL with parameter markers, and build the template plus what (besides the
 * normalized text) the translation depends on.
 */
import type { DmlStmt, SelectItem } from "../parser/ast.ts";
import { parseDml } from "../parser/dml_parser.ts";
import { TokenStream } from "../parser/token_stream.ts";
import type { Normalized } from "../normalizer.ts";
import { firstCore, withFoundRows } from "../rewrite/calc_found_rows.ts";
import { updateTargets } from "../rewrite/multi_table_update.ts";
import { collectTables, findTable } from "../rewrite/table_lookup.ts";
import type { TranslateContext } from "../statement.ts";
import { type NameSpec, spanName, type Template } from "../template.ts";
import { Tok, type Token } from "../tokenizer.ts";
import type { VariantSpec } from "../translation_cache.ts";
import { rowOrder } from "./collated_order.ts";
import { emitDelete } from "./delete_emitter.ts";
import { type CompiledSql, Emitter } from "./emitter.ts";
import { emitInsert } from "./insert_emitter.ts";
import { type ColumnExpr, resultTypes, selectCores } from "./result_types.ts";
import { type ColumnTypeOf, columnTypeOf } from "../rewrite/column_type.ts";
import { pointAccess } from "./point_access.ts";
import { emitUpdate } from "./update_emitter.ts";
import type { EmittedWrite } from "./write_emission.ts";

export interface CompileDmlOptions {
  ctx: TranslateContext;
  prepared: boolean;
  /** Inline literals instead of binding them (more literals than SQLite parameters). */
  inlineAll: boolean;
}

export interface CompiledDml {
  template: Template;
  spec: VariantSpec;
}

/** Parses and translates one DML statement; throws MysqlError 1064 / 1235. */
export function compileDml(
  sql: string,
  tokens: Token[],
  norm: Normalized,
  options: CompileDmlOptions,
): CompiledDml {
  const ts = new TokenStream(sql, tokens, options.prepared);
  const stmt = parseDml(ts);
  const literalTokens = tokens.filter((t) => t.lit >= 0);
  const home = stmt.k === "select" ? null : writeDatabase(stmt);
  // A write to another database runs there, with that database's schema facts.
  const elsewhere = home !== null && home.toLowerCase() !== options.ctx.database?.toLowerCase()
    ? home
    : null;
  const ctx = home === null ? options.ctx : {
    ...options.ctx,
    database: home,
    schema: elsewhere === null ? options.ctx.schema : options.ctx.schemaOf?.(elsewhere) ?? null,
  };
  const em = new Emitter({
    ctx,
    sessionDatabase: options.ctx.database,
    sql,
    values: norm.values,
    literalTokens,
    structural: ts.structural,
    inlineAll: options.inlineAll,
    liveSessionState: ts.changesSessionState,
  });
  const spec: VariantSpec = {
    structural: options.inlineAll ? [] : [...ts.structural],
    usesDatabase: false,
    usesSchema: false,
    schemaDatabase: elsewhere,
  };
  let template: Template;
  if (stmt.k === "select") {
    const first = firstCore(stmt.q.body);
    let sql: string;
    let count: CompiledSql | null = null;
    if (first.calcFoundRows) {
      const { main, count: countQuery } = withFoundRows(stmt.q);
      sql = em.query(main);
      count = em.compile(em.query(countQuery));
    } else {
      sql = em.query(stmt.q);
    }
    const compiled = em.compile(sql);
    const cores = selectCores(stmt.q.body);
    const lists = cores === null ? null : cores.map((c) => c.items.map((i) => i.e));
    // Column types found, kept for templates that infer again for each binding.
    const typeColumns = new Map<ColumnExpr, ColumnTypeOf>();
    let readsLiterals = false;
    const literal = (slot: number) => {
      const tok = literalTokens[slot];
      if (tok === undefined || tok.type !== Tok.Number) return null;
      readsLiterals = true;
      return tok.text;
    };
    const inferred = lists === null ? null : resultTypes(lists, literal, (e, n, item) => {
      const typeOf = columnTypeOf(em, e.parts, [cores![n]!.from], item);
      if (typeOf === undefined) return undefined;
      typeColumns.set(e, typeOf);
      return typeOf(literal);
    });
    template = {
      kind: "select",
      stmt: { ...compiled, countChanges: true },
      names: columnNames(first.items, norm, literalTokens),
      types: inferred === null || readsLiterals || inferred.every((t) => t === undefined)
        ? null
        : inferred,
      typeLists: inferred !== null && readsLiterals ? lists : null,
      typeColumns: inferred !== null && readsLiterals && typeColumns.size > 0 ? typeColumns : null,
      calcFoundRows: first.calcFoundRows,
      foundRowsQuery: count === null ? null : { ...count, countChanges: true },
      informationSchema: [...em.informationSchema],
      databases: [...em.databases],
      into: stmt.q.into,
      locking: stmt.q.locking,
      rowOrder: rowOrder(em, stmt.q, compiled.sources),
      paramCount: ts.placeholders,
    };
  } else {
    const out: EmittedWrite = stmt.k === "insert"
      ? emitInsert(em, stmt)
      : stmt.k === "update"
      ? emitUpdate(em, stmt)
      : emitDelete(em, stmt);
    template = {
      kind: "write",
      op: out.op,
      tables: out.tables,
      stmts: out.stmts.map((s) => ({ ...em.compile(s.sql), countChanges: s.countChanges })),
      insertRows: out.insert?.rows ?? null,
      insertColumns: out.insert?.columns ?? null,
      insertValues: out.insert?.values ?? null,
      matchedQuery: out.matched === undefined
        ? null
        : { ...em.compile(out.matched), countChanges: true },
      upsert: out.upsert,
      point: pointAccess(em, stmt),
      databases: [...em.databases],
      database: elsewhere,
      paramCount: ts.placeholders,
    };
  }
  spec.usesDatabase = em.usesDatabase || home !== null;
  spec.usesSchema = em.usesSchema;
  return { template, spec };
}

/** The database qualifier of the table a write changes (its statements run there), or null. */
function writeDatabase(stmt: Exclude<DmlStmt, { k: "select" }>): string | null {
  if (stmt.k === "insert") return stmt.table.db;
  const tables = collectTables(stmt.refs);
  if (stmt.k === "update") {
    if (tables.length === 1) return tables[0]!.db;
    return updateTargets(tables, stmt)[0]!.db;
  }
  if (stmt.targets === null) return tables[0]?.db ?? null;
  return findTable(tables, stmt.targets[0]!, "MULTI DELETE").db;
}

/** MySQL's names for the result columns; null when the list has a `*`. */
function columnNames(
  items: SelectItem[],
  norm: Normalized,
  literalTokens: Token[],
): NameSpec[] | null {
  if (items.some((i) => i.e.k === "star")) return null;
  return items.map((item): NameSpec => {
    if (item.alias !== null) return item.alias.name;
    const e = item.e;
    if (e.k === "col") return e.parts[e.parts.length - 1]!;
    if (e.k === "lit" && literalTokens[e.lit]?.type === Tok.String) return { lit: e.lit };
    return spanName(item.start, item.end, norm);
  });
}
