/**
 * Which rows a write can touch, known before it runs: an UPDATE or DELETE of one table whose
 * WHERE requires `column = value`, or an INSERT / REPLACE ... VALUES (or SET), with no
 * subquery anywhere. The session uses it to let explicit transactions share the database's
 * writer (src/storage/write_epoch.ts): it claims the row named by the primary key's term (or
 * the VALUES' keys) before the statement runs, as InnoDB locks the record first, so no
 * statement reads a row another open transaction changed. Anything else runs alone.
 */
import type { DmlStmt, Expr } from "../parser/ast.ts";
import type { Emitter } from "./emitter.ts";
import { type ValueSource, valueSource } from "./insert_values.ts";

/** An equality term of a WHERE: `column` (lower-case, unqualified) equals `source`. */
export interface KeyTerm {
  column: string;
  source: ValueSource;
}

/** A write whose rows are named by value; `keyTerms` for UPDATE and DELETE (the INSERT's
 * keys are its VALUES), and the columns an UPDATE sets (lower-case: one that sets the key
 * moves the row to a key it did not name). */
export interface PointAccess {
  keyTerms: KeyTerm[];
  setColumns: string[];
}

/** The point access of `stmt`, or null when it may touch rows it does not name. */
export function pointAccess(
  em: Emitter,
  stmt: Exclude<DmlStmt, { k: "select" }>,
): PointAccess | null {
  if (stmt.k === "insert") {
    if (stmt.source.k === "select" || hasQuery(stmt.source) || hasQuery(stmt.onDuplicate)) {
      return null;
    }
    return { keyTerms: [], setColumns: [] };
  }
  const [ref] = stmt.refs;
  if (stmt.refs.length !== 1 || ref?.k !== "table" || stmt.where === null) return null;
  if (stmt.k === "delete" && stmt.targets !== null) return null;
  if (hasQuery(stmt.where) || hasQuery(stmt.orderBy) || hasQuery(stmt.limit)) return null;
  if (stmt.k === "update" && hasQuery(stmt.set)) return null;
  const names = new Set([ref.name.toLowerCase(), ref.alias?.toLowerCase()]);
  const keyTerms: KeyTerm[] = [];
  for (const term of conjuncts(stmt.where)) {
    if (term.k !== "binary" || term.op !== "=") continue;
    for (const [col, value] of [[term.l, term.r], [term.r, term.l]] as const) {
      const column = columnOf(col, names);
      const source = column === null ? null : valueSource(em, value);
      if (column !== null && source !== null) keyTerms.push({ column, source });
    }
  }
  const setColumns = stmt.k === "update"
    ? stmt.set.map((a) => a.col[a.col.length - 1]!.toLowerCase())
    : [];
  return keyTerms.length === 0 ? null : { keyTerms, setColumns };
}

/** The terms an AND chain requires. */
function conjuncts(e: Expr): Expr[] {
  if (e.k === "paren") return conjuncts(e.e);
  if (e.k === "binary" && e.op === "AND") return [...conjuncts(e.l), ...conjuncts(e.r)];
  return [e];
}

/** The column `e` names in the written table (lower-case), or null. */
function columnOf(e: Expr, table: Set<string | undefined>): string | null {
  if (e.k === "paren") return columnOf(e.e, table);
  if (e.k !== "col") return null;
  const parts = e.parts;
  if (parts.length === 2 && !table.has(parts[0]!.toLowerCase())) return null;
  return parts.length <= 2 ? parts[parts.length - 1]!.toLowerCase() : null;
}

/** True when a subquery appears anywhere in `node` (a part of the statement tree). */
function hasQuery(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasQuery);
  if (node === null || typeof node !== "object") return false;
  const k = (node as { k?: unknown }).k;
  if (k === "subquery" || k === "exists") return true;
  if (k === "in" && (node as { query: unknown }).query !== null) return true;
  return Object.values(node).some(hasQuery);
}
