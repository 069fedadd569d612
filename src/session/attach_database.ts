/** Makes another database reachable as `db.table` on a connection (SQLite ATTACH). */
import type { DatabaseSync } from "node:sqlite";
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
  const path = registry.pathOf(name);
  const file = _fileId(path);
  const attached = _attached.get(conn.db);
  const previous = attached?.get(name);
  // A held read (storage/connection.ts) is ended by writes to its own database only, so a read
  // of another one starts a new snapshot; ATTACH needs no transaction open anyway.
  conn.endHeldRead();
  if (previous === file) return;
  if (conn.inTransaction) {
    throw previous === undefined
      ? new MysqlError(
        ER.NOT_SUPPORTED_YET,
        "Cross-database queries inside a transaction are not supported yet",
      )
      : new MysqlError(
        ER.TABLE_DEF_CHANGED,
        `Database '${name}' was dropped and created again (or restored) during this ` +
          "transaction, please retry transaction",
      );
  }
  // An earlier ATTACH of the name holds the file it had then: a DROP and CREATE DATABASE, or
  // a snapshot install, put another file there, and reads would go on seeing the old rows.
  if (previous !== undefined) conn.db.prepare("DETACH DATABASE ?").run(name);
  conn.db.prepare("ATTACH DATABASE ? AS ?").run(path, name);
  const names = attached ?? new Map<string, string>();
  names.set(name, file);
  _attached.set(conn.db, names);
}

/** Per connection, what each attached name's file was when it was attached. */
const _attached = new WeakMap<DatabaseSync, Map<string, string>>();

/** The identity of the file at `path` now (device and inode). */
function _fileId(path: string): string {
  const { dev, ino } = Deno.statSync(path);
  return `${dev}:${ino}`;
}
