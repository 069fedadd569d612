/**
 * `__marmot_autoid(table, value, bits, floor, schema)`: the value an AUTO_INCREMENT column gets. A
 * given value other than NULL or 0 is kept (MySQL generates for 0 unless NO_AUTO_VALUE_ON_ZERO).
 * Otherwise the node's id source chooses one that no other node will choose (`bits`: the
 * column's integer width; `floor`: the largest id in the table; `schema`: the database's schema
 * version the statement was translated at, which a DROP/CREATE changes), reported as generated for
 * LAST_INSERT_ID(); a source that returns null leaves it to SQLite's own sequence (a node
 * that has never had a peer numbers rows 1, 2, 3 as MySQL does).
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { definer, type FunctionContext } from "./define.ts";

export const AUTO_ID_FUNCTION = "__marmot_autoid";

export function registerAutoId(db: DatabaseSync, ctx: FunctionContext): void {
  definer(db)(
    AUTO_ID_FUNCTION,
    (table: SqlValue, value: SqlValue, bits: SqlValue, floor: SqlValue, schema: SqlValue) => {
      if (value !== null && !isZero(value)) return value;
      const id = ctx.autoId(
        String(table),
        Number(bits),
        typeof floor === "bigint" ? floor : null,
        Number(schema),
      );
      if (id !== null) ctx.onGeneratedId(id);
      return id;
    },
    { deterministic: false },
  );
}

function isZero(v: SqlValue): boolean {
  if (typeof v === "bigint") return v === 0n;
  if (typeof v === "number") return v === 0;
  if (typeof v === "string") return Number(v) === 0 && v.trim() !== "";
  return false;
}
