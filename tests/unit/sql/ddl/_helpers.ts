/** Test helpers: a real SQLite file per test and a catalog context over it. */
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../../src/sql/ddl/mod.ts";
import type { CatalogContext } from "../../../../src/sql/catalog/mod.ts";
import { runShow } from "../../../../src/sql/catalog/mod.ts";
import { defaultSystemVariables } from "../../../../src/sql/system_variables.ts";
import type { SqlValue } from "../../../../src/types/values.ts";
import { MysqlError } from "../../../../src/types/errors.ts";

/** A fresh WAL database file in a temp dir, as storage opens them. */
export function openTestDb(): { db: DatabaseSync; path: string; close: () => void } {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-ddl-" });
  const path = `${dir}/wordpress.db`;
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
  return {
    db,
    path,
    close: () => {
      db.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** Runs `;`-separated DDL statements against `db` as database `wordpress`. */
export function ddl(db: DatabaseSync, sql: string): void {
  for (
    const stmt of sql.split(/;\s*(?=CREATE|ALTER|DROP|RENAME|TRUNCATE)/i).map((s) =>
      s.trim().replace(/;$/, "")
    ).filter((s) => s !== "")
  ) {
    executeDdl(stmt, { database: "wordpress", db });
  }
}

/** The WordPress 6.x schema from wp-admin/includes/schema.php (utf8mb4_unicode_520_ci). */
export function wordpressSchema(): string {
  return Deno.readTextFileSync(new URL("../../../fixtures/wordpress/schema.sql", import.meta.url));
}

/** A catalog context with one database `wordpress` (plus any given). */
export function catalogContext(
  dbs: Record<string, DatabaseSync>,
  current: string | null = "wordpress",
): CatalogContext {
  return {
    database: current,
    databaseNames: () => Object.keys(dbs),
    connection: (name) => {
      const db = dbs[name];
      if (!db) throw new MysqlError(1049, `Unknown database '${name}'`);
      return db;
    },
    variables: () => defaultSystemVariables(),
    processList: () => [{
      id: 7,
      user: "root",
      host: "localhost:5000",
      db: "wordpress",
      command: "Query",
      time: 0,
      state: "executing",
      info: "SHOW PROCESSLIST",
    }],
    warnings:
      () => [{ level: "Warning", code: 1265, message: "Data truncated for column 'a' at row 1" }, {
        level: "Error",
        code: 1146,
        message: "Table 'wordpress.x' doesn't exist",
      }],
    status: () =>
      new Map<string, SqlValue>([["Uptime", 42], ["Threads_connected", 1], ["Questions", 9]]),
  };
}

/** SHOW result as column names plus rows of display strings (NULL as null). */
export function show(
  ctx: CatalogContext,
  sql: string,
): { columns: string[]; rows: Array<Array<string | null>> } {
  const r = runShow(sql, ctx);
  return {
    columns: r.columns.map((c) => c.name),
    rows: r.rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
  };
}

/** Asserts that `fn` throws a MysqlError with `code`; returns it. */
export function mysqlError(fn: () => unknown): MysqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MysqlError) return e;
    throw e;
  }
  throw new Error("Expected a MysqlError");
}
