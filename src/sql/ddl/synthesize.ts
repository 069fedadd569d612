/**
 * Describes a table that has no catalog row (created outside our DDL, e.g. by raw SQLite) as
 * a MySQL definition, from `pragma_table_xinfo`, `pragma_index_list` and
 * `pragma_foreign_key_list`.
 */
import type { DatabaseSync } from "node:sqlite";
import { decodeDeclaredType } from "./declared_type.ts";
import type { ColumnDef, DefaultDef, IndexDef, MysqlType, TableDef } from "./model.ts";

/** A MySQL type for a declared SQLite type. */
export function mysqlTypeForDeclared(declared: string): MysqlType {
  const d = decodeDeclaredType(declared);
  const t: MysqlType = {
    base: d?.base ?? "longblob",
    length: null,
    scale: null,
    fsp: null,
    unsigned: d?.unsigned ?? false,
    zerofill: d?.zerofill ?? false,
    values: null,
    charset: d?.charset ?? null,
    collation: d?.charset ? (d.charset === "utf8mb4" ? "utf8mb4_0900_ai_ci" : null) : null,
  };
  const [a, b] = d?.args ?? [];
  if (t.base === "decimal") {
    t.length = a ?? 10;
    t.scale = b ?? 0;
  } else if (t.base === "datetime" || t.base === "timestamp" || t.base === "time") {
    t.fsp = a ?? 0;
  } else if (t.base === "enum" || t.base === "set") {
    // members are unknown without the catalog; show a text type instead
    t.base = "varchar";
    t.length = a ?? 255;
  } else if (a !== undefined) {
    t.length = a;
    if (b !== undefined) t.scale = b;
  }
  if (t.charset && !t.collation) t.collation = `${t.charset}_general_ci`;
  return t;
}

function _default(raw: unknown): DefaultDef | null {
  if (raw === null || raw === undefined) return null;
  const s = String(raw);
  if (/^null$/i.test(s)) return { kind: "null" };
  if (/^current_timestamp$/i.test(s)) return { kind: "now", fsp: 0 };
  if (/^'.*'$/s.test(s)) return { kind: "literal", value: s.slice(1, -1).replace(/''/g, "'") };
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return { kind: "literal", value: s };
  return { kind: "expr", mysql: s, sqlite: s };
}

/** Builds a definition for a table without catalog row. */
export function synthesizeTableDef(db: DatabaseSync, name: string): TableDef {
  const cols = db.prepare("SELECT * FROM pragma_table_xinfo(?)").all(name);
  const pkCols: Array<{ name: string; pk: number }> = [];
  const columns: ColumnDef[] = cols.map((c) => {
    const declared = String(c.type ?? "");
    const rowidAlias = declared.toUpperCase() === "INTEGER" && Number(c.pk) === 1 &&
      cols.filter((x) => Number(x.pk) > 0).length === 1;
    if (Number(c.pk) > 0) pkCols.push({ name: String(c.name), pk: Number(c.pk) });
    return {
      name: String(c.name),
      type: mysqlTypeForDeclared(declared),
      nullable: Number(c.notnull) === 0 && Number(c.pk) === 0,
      default: _default(c.dflt_value),
      autoIncrement: rowidAlias,
      onUpdateNow: null,
      comment: "",
      explicitCollation: false,
      generated: null,
      invisible: Number(c.hidden) === 1,
    };
  });
  const indexes: IndexDef[] = [];
  if (pkCols.length) {
    indexes.push({
      name: "PRIMARY",
      kind: "primary",
      columns: pkCols.sort((a, b) => a.pk - b.pk).map((c) => ({
        name: c.name,
        length: null,
        desc: false,
      })),
      comment: "",
      using: null,
      visible: true,
      sqliteName: null,
    });
  }
  for (const ix of db.prepare("SELECT * FROM pragma_index_list(?)").all(name)) {
    if (ix.origin === "pk") continue;
    const parts = db.prepare("SELECT * FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno")
      .all(String(ix.name));
    const ixName = String(ix.name);
    indexes.push({
      name: ixName.startsWith(`${name}__`) ? ixName.slice(name.length + 2) : ixName,
      kind: Number(ix.unique) ? "unique" : "index",
      columns: parts.map((p) => ({
        name: String(p.name ?? ""),
        length: null,
        desc: Number(p.desc) === 1,
      })),
      comment: "",
      using: null,
      visible: true,
      sqliteName: ix.origin === "c" ? ixName : null,
    });
  }
  const fkRows = db.prepare("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq").all(name);
  const fks = new Map<number, TableDef["foreignKeys"][number]>();
  for (const r of fkRows) {
    const id = Number(r.id);
    let fk = fks.get(id);
    if (!fk) {
      fk = {
        name: `${name}_ibfk_${id + 1}`,
        columns: [],
        refTable: String(r.table),
        refColumns: [],
        onDelete: r.on_delete === "NO ACTION" ? null : String(r.on_delete),
        onUpdate: r.on_update === "NO ACTION" ? null : String(r.on_update),
      };
      fks.set(id, fk);
    }
    fk.columns.push(String(r.from));
    fk.refColumns.push(String(r.to ?? ""));
  }
  return {
    kind: "table",
    name,
    columns,
    indexes,
    foreignKeys: [...fks.values()],
    checks: [],
    options: {
      engine: "InnoDB",
      charset: "utf8mb4",
      collation: "utf8mb4_0900_ai_ci",
      comment: "",
      rowFormat: null,
      extra: [],
    },
    createTime: "",
    synthesized: true,
  };
}
