/**
 * A cached translation: SQLite statements whose parameters point at literal slots or session
 * references, plus the column naming rules, bound to each new statement of the same shape
 * without parsing it again.
 */
import type { SqlValue } from "../types/values.ts";
import type { ParamSource } from "./emit/emitter.ts";
import { bindInsertValues, bindValueSource, type ValueSource } from "./emit/insert_values.ts";
import type { PointAccess } from "./emit/point_access.ts";
import { MARKER_LENGTH, negatedValue, type Normalized } from "./normalizer.ts";
import { type ColumnExpr, resultTypes } from "./emit/result_types.ts";
import type { ColumnTypeOf } from "./rewrite/column_type.ts";
import type { Expr } from "./parser/ast.ts";
import type {
  ExpressionType,
  Param,
  RowOrder,
  SqliteStatement,
  Statement,
  TranslateContext,
  WriteOp,
} from "./statement.ts";

/** A compiled SQLite statement. */
export interface CompiledStatement {
  sql: string;
  sources: ParamSource[];
  countChanges: boolean;
}

/** How a result column's MySQL name is found: fixed text, a literal's value, or the source
 * text of a span given in key offsets (with the number of literals before each end). */
export type NameSpec =
  | string
  | { lit: number }
  | { keyStart: number; keyEnd: number; litsBeforeStart: number; litsBeforeEnd: number };

export type Template =
  | {
    kind: "select";
    stmt: CompiledStatement;
    /** null: the select list has a `*`, names come from SQLite. */
    names: NameSpec[] | null;
    /** Result types that hold for every binding (null: none known, or see typeLists). */
    types: Array<ExpressionType | undefined> | null;
    /** Select lists whose result types depend on number literals (`SELECT 1.5` and
     * `SELECT 1.25` share a template): inferred again for each binding. */
    typeLists: Expr[][] | null;
    /** With typeLists: how the types of the columns they name are found. */
    typeColumns: Map<ColumnExpr, ColumnTypeOf> | null;
    calcFoundRows: boolean;
    foundRowsQuery: CompiledStatement | null;
    informationSchema: string[];
    databases: string[];
    into: string[] | null;
    locking: boolean;
    /** Statement.rowOrder (its SQL has the same parameters as `stmt`). */
    rowOrder: RowOrder | null;
    paramCount: number;
  }
  | {
    kind: "write";
    op: WriteOp;
    tables: string[];
    stmts: CompiledStatement[];
    upsert: boolean;
    databases: string[];
    /** Qualifier of the written table, or null for the session's database. */
    database: string | null;
    insertRows: number | null;
    insertColumns: string[] | null;
    insertValues: ValueSource[][] | null;
    matchedQuery: CompiledStatement | null;
    /** Statement.point, unbound. */
    point: PointAccess | null;
    paramCount: number;
  };

/** Binds a template to one statement's literals. */
export function bindTemplate(
  t: Template,
  sql: string,
  norm: Normalized,
  ctx: TranslateContext,
): Statement {
  const values = norm.values;
  if (t.kind === "write") {
    const write: Statement = {
      kind: "write",
      op: t.op,
      database: t.database ?? ctx.database,
      tables: t.tables,
      stmts: t.stmts.map((s) => bindStatement(s, values)),
      upsert: t.upsert,
      databases: t.databases,
    };
    if (t.insertRows !== null) write.insertRows = t.insertRows;
    if (t.insertColumns !== null) write.insertColumns = t.insertColumns;
    if (t.insertValues !== null) write.insertValues = bindInsertValues(t.insertValues, values);
    if (t.matchedQuery !== null) write.matchedQuery = bindStatement(t.matchedQuery, values);
    if (t.point !== null) {
      write.point = {
        keyTerms: t.point.keyTerms.map(({ column, source }) => ({
          column,
          value: bindValueSource(source, values),
        })),
        setColumns: t.point.setColumns,
      };
    }
    return write;
  }
  const statement: Statement = {
    kind: "select",
    stmt: bindStatement(t.stmt, values),
    columnNames: t.names === null ? [] : t.names.map((n) => columnName(n, sql, norm)),
    calcFoundRows: t.calcFoundRows,
    informationSchema: t.informationSchema,
    databases: t.databases,
  };
  if (t.typeLists !== null) {
    const columns = t.typeColumns;
    const literal = (slot: number) => numberText(slot, sql, norm);
    const types = resultTypes(
      t.typeLists,
      literal,
      columns === null ? undefined : (e) => columns.get(e)?.(literal),
    );
    if (types.some((x) => x !== undefined)) statement.columnTypes = types;
  } else if (t.types !== null) {
    statement.columnTypes = t.types;
  }
  if (t.into !== null) statement.into = t.into;
  if (t.foundRowsQuery !== null) statement.foundRowsQuery = bindStatement(t.foundRowsQuery, values);
  if (t.locking) statement.locking = true;
  if (t.rowOrder !== null) statement.rowOrder = t.rowOrder;
  return statement;
}

/** Binds one compiled statement to literal values. */
export function bindStatement(
  s: { sql: string; sources: ParamSource[]; countChanges?: boolean },
  values: SqlValue[],
): SqliteStatement {
  const params: Param[] = new Array(s.sources.length);
  for (let i = 0; i < s.sources.length; i++) {
    const src = s.sources[i]!;
    if (typeof src === "number") params[i] = values[src] ?? null;
    else if ("limit" in src) params[i] = limitCount(values[src.limit] ?? null);
    else if ("neg" in src) params[i] = negatedValue(values[src.neg] ?? null);
    else params[i] = src;
  }
  const out: SqliteStatement = { sql: s.sql, params };
  if (s.countChanges === false) out.countChanges = false;
  return out;
}

/** MySQL's "all rows" idiom LIMIT 18446744073709551615 does not fit SQLite's integer (the
 * normalizer keeps integers beyond int64 as their decimal text). */
function limitCount(v: SqlValue): SqlValue {
  return typeof v === "string" || (typeof v === "number" && v > Number.MAX_SAFE_INTEGER) ? -1 : v;
}

/** The source text of a number literal slot, or null for a string literal. */
function numberText(slot: number, sql: string, norm: Normalized): string | null {
  const start = norm.spans[2 * slot];
  if (start === undefined) return null;
  const c = sql.charCodeAt(start);
  if (!((c >= 48 && c <= 57) || c === 46)) return null;
  return sql.slice(start, norm.spans[2 * slot + 1]);
}

function columnName(spec: NameSpec, sql: string, norm: Normalized): string {
  if (typeof spec === "string") return spec;
  if ("lit" in spec) {
    const v = norm.values[spec.lit];
    return typeof v === "string"
      ? v
      : v instanceof Uint8Array
      ? new TextDecoder().decode(v)
      : String(v);
  }
  return sql.slice(
    sourceOffset(spec.keyStart, spec.litsBeforeStart, norm),
    sourceOffset(spec.keyEnd, spec.litsBeforeEnd, norm),
  );
}

function sourceOffset(keyOffset: number, litsBefore: number, norm: Normalized): number {
  let offset = keyOffset;
  for (let i = 0; i < litsBefore; i++) {
    offset += norm.spans[2 * i + 1]! - norm.spans[2 * i]! - MARKER_LENGTH;
  }
  return offset;
}

/** The NameSpec of a source span of the statement being compiled. */
export function spanName(start: number, end: number, norm: Normalized): NameSpec {
  const toKey = (pos: number): { key: number; lits: number } => {
    let key = pos;
    let lits = 0;
    while (lits * 2 < norm.spans.length && norm.spans[lits * 2 + 1]! <= pos) {
      key -= norm.spans[lits * 2 + 1]! - norm.spans[lits * 2]! - MARKER_LENGTH;
      lits++;
    }
    return { key, lits };
  };
  const s = toKey(start);
  const e = toKey(end);
  return { keyStart: s.key, keyEnd: e.key, litsBeforeStart: s.lits, litsBeforeEnd: e.lits };
}
