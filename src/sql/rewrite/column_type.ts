/**
 * The MySQL type of a column reference, for result types and the division scale: a table
 * column's from its declared type; a derived table's column from its select list, inferred
 * like a result (`SELECT AVG(cnt) FROM (SELECT COUNT(*) cnt ...) s` averages an integer, so
 * it has 4 decimals). A derived table's select list may read literals (`SELECT 1.5 AS x`), so
 * its types are inferred for each binding's literal texts.
 */
import type { Emitter } from "../emit/emitter.ts";
import {
  expressionType,
  type LiteralText,
  resultTypes,
  selectCores,
} from "../emit/result_types.ts";
import type { Expr, SelectItem, TableRef } from "../parser/ast.ts";
import { expressionTypeOfDeclared } from "../column_types.ts";
import type { ExpressionType } from "../statement.ts";
import { owningTable } from "./column_owner.ts";
import { type LeafRef, leafRefs } from "./table_lookup.ts";

/** A column reference's type for one binding's literals. */
export type ColumnTypeOf = (literal: LiteralText) => ExpressionType | undefined;

type DerivedRef = Extract<LeafRef, { k: "derived" }>;

/**
 * How the type of the column `parts` names in `scopes` (outermost first) is found, or
 * undefined when it is unknown. `derivedOnly`: only a derived table's column (a select item
 * that is a table column is left to the catalog, without making the translation depend on the
 * schema).
 */
export function columnTypeOf(
  em: Emitter,
  parts: string[],
  scopes: readonly TableRef[][] = em.fromScopes,
  derivedOnly = false,
): ColumnTypeOf | undefined {
  const derived = derivedSource(em, parts, scopes);
  if (derived !== null) return derivedColumnType(em, derived, parts[parts.length - 1]!);
  if (derivedOnly) return undefined;
  const type = tableColumnType(em, parts, scopes);
  return type === undefined ? undefined : () => type;
}

/**
 * The type of `e` in the statement being written, its columns resolved in the FROM lists in
 * scope. `literal` reads literal slots (default: a number's text, null for a string);
 * `readsLiterals` tells whether it gave a number's text, for the type's own literals or a
 * derived table's (a template serves every literal, so the type may then hold for this binding
 * only).
 */
export function emittedType(
  em: Emitter,
  e: Expr,
  literal: LiteralText = (slot) => em.isNumberLiteral(slot) ? em.literalText(slot) : null,
): { type: ExpressionType | undefined; readsLiterals: boolean } {
  let readsLiterals = false;
  const reading: LiteralText = (slot) => {
    const text = literal(slot);
    if (text !== null) readsLiterals = true;
    return text;
  };
  const type = expressionType(e, reading, (c) => columnTypeOf(em, c.parts)?.(reading));
  return { type, readsLiterals };
}

/** The type of the table column `parts` names in `scopes`, from its declared type; undefined
 * when unknown. The translation then depends on the schema. */
function tableColumnType(
  em: Emitter,
  parts: string[],
  scopes: readonly TableRef[][],
): ExpressionType | undefined {
  const schema = em.ctx.schema;
  if (schema?.declaredType === undefined || em.sessionDatabase === null) return undefined;
  em.usesSchema = true;
  const table = owningTable(em, parts, scopes);
  const declared = table === null ? null : schema.declaredType(table, parts[parts.length - 1]!);
  return declared === null ? undefined : expressionTypeOfDeclared(declared);
}

/** The derived table (not `SELECT *` of one table: that is the table's column) `parts` reads
 * from, or null. A bare name must belong to one derived table and no table of its scope. */
function derivedSource(
  em: Emitter,
  parts: string[],
  scopes: readonly TableRef[][],
): DerivedRef | null {
  if (parts.length > 2) return null;
  const name = parts[parts.length - 1]!.toLowerCase();
  for (let i = scopes.length - 1; i >= 0; i--) {
    const refs = leafRefs(scopes[i]!);
    if (parts.length === 2) {
      const alias = parts[0]!.toLowerCase();
      const ref = refs.find((r) =>
        (r.alias ?? (r.k === "table" ? r.name : "")).toLowerCase() === alias
      );
      if (ref === undefined) continue;
      return ref.k === "derived" && !ref.lateral && columnIndex(em, ref, name) >= 0 ? ref : null;
    }
    const derived = refs.filter((r): r is DerivedRef =>
      r.k === "derived" && !r.lateral && columnIndex(em, r, name) >= 0
    );
    const tables = refs.filter((r) =>
      r.k === "table" &&
      (em.ctx.schema?.columns?.(r.name)?.some((c) => c.toLowerCase() === name) ?? false)
    );
    if (derived.length + tables.length > 0) {
      return derived.length === 1 && tables.length === 0 ? derived[0]! : null;
    }
  }
  return null;
}

/** Where column `name` (lower-case) is in a derived table's select list, or -1. */
function columnIndex(em: Emitter, ref: DerivedRef, name: string): number {
  if (ref.columns !== null) return ref.columns.findIndex((c) => c.toLowerCase() === name);
  const cores = selectCores(ref.q.body);
  if (cores === null) return -1;
  return cores[0]!.items.findIndex((item) => itemName(em, item) === name);
}

/** The name a select item gives its column (lower-case), or null when a literal decides it. */
function itemName(em: Emitter, item: SelectItem): string | null {
  if (item.alias !== null) return item.alias.name.toLowerCase();
  if (item.e.k === "col") return item.e.parts[item.e.parts.length - 1]!.toLowerCase();
  return em.sourceName(item.start, item.end)?.toLowerCase() ?? null;
}

/** A derived table's column type, inferred from its select lists (UNION members merged),
 * their own columns resolved in their own FROM lists (once, on first use). */
function derivedColumnType(em: Emitter, ref: DerivedRef, name: string): ColumnTypeOf | undefined {
  const cores = selectCores(ref.q.body);
  const index = columnIndex(em, ref, name.toLowerCase());
  if (cores === null || index < 0) return undefined;
  const lists = cores.map((c) => c.items.map((i) => i.e));
  const resolved = new Map<Expr, ColumnTypeOf | undefined>();
  return (literal) =>
    resultTypes(lists, literal, (e, n) => {
      if (!resolved.has(e)) resolved.set(e, columnTypeOf(em, e.parts, [cores[n]!.from]));
      return resolved.get(e)?.(literal);
    })[index];
}
