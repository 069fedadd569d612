/**
 * Makes `information_schema.<table>` queryable on a connection: an in-memory database is
 * attached as `information_schema` once per connection and the requested tables are
 * (re)filled from every database before the session runs the translated SELECT, so filters,
 * joins and ORDER BY are ordinary SQLite.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { ER, MysqlError } from "../../../types/errors.ts";
import { encodeDeclaredType } from "../../ddl/declared_type.ts";
import { isTextual, sqlIdent } from "../../ddl/mysql_type.ts";
import type { CatalogContext } from "../context.ts";
import { informationSchemaTable } from "./registry.ts";
import type { InformationSchemaTable } from "./table.ts";

const _attached = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** Attaches the in-memory schema (needs no open transaction); idempotent per connection. */
export function attachInformationSchema(db: DatabaseSync): Map<string, StatementSync> {
  let inserts = _attached.get(db);
  if (inserts) return inserts;
  const list = db.prepare("PRAGMA database_list").all();
  if (!list.some((r) => String(r.name).toLowerCase() === "information_schema")) {
    if (db.isTransaction) {
      throw new MysqlError(
        ER.UNKNOWN_ERROR,
        "Cannot open information_schema inside a transaction on this connection",
      );
    }
    db.exec("ATTACH DATABASE ':memory:' AS information_schema");
  }
  inserts = new Map();
  _attached.set(db, inserts);
  return inserts;
}

function _createSql(t: InformationSchemaTable): string {
  const cols = t.columns.map((c) =>
    `${sqlIdent(c.name)} ${encodeDeclaredType(c.type)}${c.nullable ? "" : " NOT NULL"}${
      isTextual(c.type) ? " COLLATE NOCASE" : ""
    }`
  );
  return `CREATE TABLE IF NOT EXISTS information_schema.${sqlIdent(t.name)} (${cols.join(", ")})`;
}

/** Attaches (once) and refills the named tables; throws 1109 for an unknown table. */
export function materializeInformationSchema(
  db: DatabaseSync,
  tables: string[],
  ctx: CatalogContext,
): void {
  const wanted = [...new Set(tables.map((t) => t.toLowerCase()))].map((name) => {
    const t = informationSchemaTable(name);
    if (!t) {
      throw new MysqlError(
        ER.UNKNOWN_TABLE,
        `Unknown table '${name.toUpperCase()}' in information_schema`,
      );
    }
    return t;
  });
  const inserts = attachInformationSchema(db);
  const filled = wanted.map((t) => ({ t, rows: t.rows(ctx) }));
  db.exec("SAVEPOINT marmot_information_schema");
  try {
    for (const { t, rows } of filled) {
      let insert = inserts.get(t.name);
      if (!insert) {
        db.exec(_createSql(t));
        insert = db.prepare(
          `INSERT INTO information_schema.${sqlIdent(t.name)} VALUES (${
            t.columns.map(() => "?").join(", ")
          })`,
        );
        inserts.set(t.name, insert);
      }
      db.exec(`DELETE FROM information_schema.${sqlIdent(t.name)}`);
      for (const row of rows) insert.run(...row);
    }
    db.exec("RELEASE marmot_information_schema");
  } catch (e) {
    db.exec("ROLLBACK TO marmot_information_schema");
    db.exec("RELEASE marmot_information_schema");
    throw e;
  }
}
