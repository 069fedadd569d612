/** Finding the tables named in a FROM clause, for multi-table UPDATE and DELETE. */
import { ER, MysqlError } from "../../types/errors.ts";
import type { TableRef } from "../parser/ast.ts";

export interface NamedTable {
  db: string | null;
  name: string;
  alias: string | null;
}

/** A table or derived table of a FROM clause. */
export type LeafRef = Extract<TableRef, { k: "table" | "derived" }>;

/** The tables and derived tables of FROM references, left to right, joins and groups opened. */
export function leafRefs(refs: readonly TableRef[]): LeafRef[] {
  const out: LeafRef[] = [];
  const walk = (r: TableRef): void => {
    if (r.k === "join") {
      walk(r.left);
      walk(r.right);
    } else if (r.k === "group") r.refs.forEach(walk);
    else out.push(r);
  };
  refs.forEach(walk);
  return out;
}

/** Every base table in the references, left to right. */
export function collectTables(refs: TableRef[]): NamedTable[] {
  const out: NamedTable[] = [];
  for (const r of leafRefs(refs)) {
    if (r.k === "table") out.push({ db: r.db, name: r.name, alias: r.alias });
  }
  return out;
}

/** The table a qualifier (`alias`, `table` or `db.table`) designates; MySQL error 1109 if none. */
export function findTable(tables: NamedTable[], parts: string[], statement: string): NamedTable {
  const lower = parts.map((p) => p.toLowerCase());
  const found = parts.length === 1
    ? tables.find((t) => t.alias?.toLowerCase() === lower[0]) ??
      tables.find((t) => t.alias === null && t.name.toLowerCase() === lower[0])
    : tables.find((t) =>
      t.alias === null && t.db?.toLowerCase() === lower[0] && t.name.toLowerCase() === lower[1]
    );
  if (found === undefined) {
    throw new MysqlError(
      ER.UNKNOWN_TABLE,
      `Unknown table '${parts[parts.length - 1]}' in ${statement}`,
    );
  }
  return found;
}

/** The name a table is referred to by in the statement (its alias, else its name). */
export function tableLabel(t: NamedTable): string {
  return t.alias ?? t.name;
}
