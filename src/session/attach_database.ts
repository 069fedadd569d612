/** Makes another database reachable as `db.table` on a connection (SQLite ATTACH). */
import type { Connection } from "../storage/connection.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { ER, MysqlError } from "../types/errors.ts";

/** Attaches database `name` to `conn` unless it is already; `sql` names the table MySQL's
 * 1146 message mentions when the database does not exist. */
export function attachDatabase(
  conn: Connection,
  name: string,
  { registry, sql }: { registry: DatabaseRegistry; sql: string },
): void {
  // MySQL names the table, not the database, when a qualified table's database is missing.
  if (!registry.has(name)) {
    const quoted = `"${name.replaceAll('"', '""')}".`;
    const at = sql.indexOf(quoted);
    const table = at < 0
      ? ""
      : (sql.slice(at + quoted.length).match(/^"((?:[^"]|"")*)"/)?.[1] ?? "");
    throw new MysqlError(
      ER.NO_SUCH_TABLE,
      `Table '${name}.${table.replaceAll('""', '"')}' doesn't exist`,
    );
  }
  const attached = conn.db.prepare("SELECT 1 FROM pragma_database_list WHERE name = ?").get(name);
  if (attached !== undefined) return;
  if (conn.inTransaction) {
    throw new MysqlError(
      ER.NOT_SUPPORTED_YET,
      "Cross-database queries inside a transaction are not supported yet",
    );
  }
  conn.db.prepare("ATTACH DATABASE ? AS ?").run(registry.pathOf(name), name);
}
