/**
 * MySQL's JSON builders nest a JSON column's document (`JSON_OBJECT('a', doc)` gives
 * `{"a": {...}}`), but the column's value is plain text in SQLite, which json_object() and
 * json_array() embed as a string. A column reference given to them as a value is wrapped in
 * `json(...)` when it resolves to a JSON column of the session's database (`owningTable`; a
 * derived table written `SELECT * FROM one_table` counts, as drizzle's relational queries
 * select relations that way).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { owningTable } from "./column_owner.ts";

/** Value positions of the JSON builders SQLite implements: every argument, odd ones (after
 * each key), or the ones after each path. */
const VALUE_ARGS: Record<string, (i: number) => boolean> = {
  JSON_ARRAY: () => true,
  JSON_ARRAYAGG: () => true,
  JSON_OBJECT: (i) => i % 2 === 1,
  JSON_OBJECTAGG: (i) => i === 1,
  JSON_SET: (i) => i > 0 && i % 2 === 0,
  JSON_INSERT: (i) => i > 0 && i % 2 === 0,
  JSON_REPLACE: (i) => i > 0 && i % 2 === 0,
};

/** The call with its JSON-column value arguments wrapped in json(), or the call itself. */
export function withJsonColumnValues(
  em: Emitter,
  e: Extract<Expr, { k: "call" }>,
): Extract<Expr, { k: "call" }> {
  const isValue = VALUE_ARGS[e.name];
  if (isValue === undefined || !e.args.some((a, i) => isValue(i) && a.k === "col")) return e;
  const args = e.args.map((a, i): Expr =>
    isValue(i) && a.k === "col" && isJsonColumn(em, a.parts)
      ? { k: "call", name: "json", args: [a], distinct: false, star: false, over: null }
      : a
  );
  return { ...e, args };
}

function isJsonColumn(em: Emitter, parts: string[]): boolean {
  const schema = em.ctx.schema;
  if (schema?.isJsonColumn === undefined || em.sessionDatabase === null) return false;
  em.usesSchema = true;
  const column = parts[parts.length - 1]!;
  const table = owningTable(em, parts);
  return table !== null && schema.isJsonColumn(table, column);
}
