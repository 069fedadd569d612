/**
 * The row keys a point write (`Statement.point`) touches, known before it runs and spelled as
 * change capture spells them, so a transaction can claim them first (the rows another open
 * transaction changed are then waited for, never read). Null when the statement may touch
 * rows it does not name: its table is not one transactions share (`Database.sharedKey`), its
 * WHERE has no term on the key, an UPDATE sets the key, a key value is an expression or not
 * an integer, or an INSERT leaves the id to a table without AUTOINCREMENT (SQLite could hand
 * out an id another open transaction's undo needs back).
 */
import type { Param, Statement } from "../sql/statement.ts";
import type { Database } from "../storage/database.ts";
import { rowKey } from "../types/row_change.ts";
import type { SqlValue } from "../types/values.ts";
import { bindParams, type SessionValues } from "./bind_params.ts";

type WriteStatement = Extract<Statement, { kind: "write" }>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The keys `st` touches (empty: only new rows with generated ids), or null (see above). */
export function pointKeys(
  st: WriteStatement,
  db: Database,
  placeholders: SqlValue[] | null,
  session: SessionValues,
): string[] | null {
  const point = st.point;
  if (point === undefined || st.tables.length !== 1) return null;
  const shared = db.sharedKey(st.tables[0]!);
  if (shared === null) return null;
  const bind = (value: Param | undefined) =>
    value === undefined ? undefined : bindParams([value], placeholders, session)[0] as SqlValue;
  if (st.op === "update" || st.op === "delete") {
    if (point.setColumns.includes(shared.column)) return null; // the row moves to another key
    const term = point.keyTerms.find((t) => t.column === shared.column);
    const id = term === undefined ? null : integerOf(bind(term.value));
    return id === null ? null : [rowKey(shared.table, [id])];
  }
  const columns = st.insertColumns?.map((c) => c.toLowerCase()) ??
    db.columns(shared.table)?.map((c) => c.toLowerCase());
  const at = columns?.indexOf(shared.column) ?? -1;
  const rows = st.insertValues;
  if (rows === undefined || columns === undefined) return null;
  const generated = db.isAutoIncrement(shared.table);
  const keys: string[] = [];
  for (const row of rows) {
    const value = at < 0 ? null : bind(row[at]);
    if (value === undefined) return null;
    // NULL and 0 make MySQL generate the id.
    if (value === null || value === 0 || value === 0n || value === "0") {
      if (!generated) return null;
      continue;
    }
    const id = integerOf(value);
    if (id === null) return null;
    keys.push(rowKey(shared.table, [id]));
  }
  return keys;
}

/** The integer an INTEGER key stores for `value`, or null when that is not plain. */
function integerOf(value: SqlValue | undefined): bigint | null {
  let id: bigint | null = null;
  if (typeof value === "bigint") id = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) id = BigInt(value);
  else if (typeof value === "string" && /^-?\d{1,19}$/.test(value)) id = BigInt(value);
  return id !== null && id >= INT64_MIN && id <= INT64_MAX ? id : null;
}
