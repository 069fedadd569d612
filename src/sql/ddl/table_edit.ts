/**
 * Edits a `TableDef` the way MySQL does for CREATE TABLE and ALTER TABLE: adds columns at a
 * position, names and validates keys, foreign keys (with the index InnoDB creates for them)
 * and checks, and enforces the table-wide rules (one PRIMARY KEY, one keyed AUTO_INCREMENT).
 */
import type { CheckSpec, ColumnPosition, ForeignKeySpec, IndexSpec } from "./ast.ts";
import type { ExpressionTranslator } from "./build_column.ts";
import {
  badAutoColumn,
  blobKeyWithoutLength,
  duplicateColumn,
  duplicateKey,
  keyColumnMissing,
  multiplePrimaryKey,
  unknownColumn,
} from "./errors.ts";
import type { ColumnDef, IndexDef, TableDef } from "./model.ts";
import { typeFamily } from "./mysql_type.ts";
import { MysqlError } from "../../types/errors.ts";

/** The column named `name` (case-insensitive), or undefined. */
export function findColumn(def: TableDef, name: string): ColumnDef | undefined {
  const lower = name.toLowerCase();
  return def.columns.find((c) => c.name.toLowerCase() === lower);
}

/** Index of the key named `name` (case-insensitive), or -1. */
export function findIndex(def: TableDef, name: string): number {
  const lower = name.toLowerCase();
  return def.indexes.findIndex((i) => i.name.toLowerCase() === lower);
}

/** Inserts a column at FIRST / AFTER x / the end. */
export function insertColumn(def: TableDef, col: ColumnDef, position: ColumnPosition): void {
  if (findColumn(def, col.name)) throw duplicateColumn(col.name);
  _place(def, col, position);
}

function _place(def: TableDef, col: ColumnDef, position: ColumnPosition): void {
  if (position && "first" in position) def.columns.unshift(col);
  else if (position && "after" in position) {
    const i = def.columns.findIndex((c) => c.name.toLowerCase() === position.after.toLowerCase());
    if (i < 0) throw unknownColumn(position.after, def.name);
    def.columns.splice(i + 1, 0, col);
  } else def.columns.push(col);
}

/** Moves an existing column (MODIFY/CHANGE … FIRST/AFTER). */
export function moveColumn(def: TableDef, col: ColumnDef, position: ColumnPosition): void {
  if (!position) return;
  def.columns.splice(def.columns.indexOf(col), 1);
  _place(def, col, position);
}

function _uniqueName(def: TableDef, base: string): string {
  if (findIndex(def, base) < 0 && base.toUpperCase() !== "PRIMARY") return base;
  for (let n = 2;; n++) {
    const name = `${base}_${n}`;
    if (findIndex(def, name) < 0) return name;
  }
}

/** Adds a key; throws 1061/1068/1072/1170 like MySQL. */
export function addIndex(def: TableDef, spec: IndexSpec): IndexDef {
  for (const part of spec.columns) {
    const col = findColumn(def, part.name);
    if (!col) throw keyColumnMissing(part.name);
    part.name = col.name;
    const f = typeFamily(col.type.base);
    if ((f === "text" || f === "blob") && part.length === null && spec.kind !== "fulltext") {
      throw blobKeyWithoutLength(col.name);
    }
    if (f === "json") {
      throw new MysqlError(
        3152,
        `JSON column '${col.name}' supports indexing only via generated columns on a specified JSON path.`,
        "42000",
      );
    }
  }
  let name: string;
  if (spec.kind === "primary") {
    if (def.indexes.some((i) => i.kind === "primary")) throw multiplePrimaryKey();
    name = "PRIMARY";
    for (const part of spec.columns) findColumn(def, part.name)!.nullable = false;
  } else if (spec.name !== null) {
    if (findIndex(def, spec.name) >= 0 || spec.name.toUpperCase() === "PRIMARY") {
      throw spec.name.toUpperCase() === "PRIMARY"
        ? new MysqlError(1280, `Incorrect index name '${spec.name}'`, "42000")
        : duplicateKey(spec.name);
    }
    name = spec.name;
  } else if (spec.constraintName !== null) {
    if (findIndex(def, spec.constraintName) >= 0) throw duplicateKey(spec.constraintName);
    name = spec.constraintName;
  } else {
    name = _uniqueName(def, spec.columns[0]!.name);
  }
  const index: IndexDef = {
    name,
    kind: spec.kind,
    columns: spec.columns.map((c) => ({ ...c })),
    comment: spec.comment,
    using: spec.using,
    visible: spec.visible,
    sqliteName: null,
  };
  def.indexes.push(index);
  return index;
}

function _nextNumber(names: string[], prefix: string): number {
  let max = 0;
  for (const n of names) {
    if (n.toLowerCase().startsWith(prefix.toLowerCase())) {
      const v = Number(n.slice(prefix.length));
      if (Number.isInteger(v) && v > max) max = v;
    }
  }
  return max + 1;
}

/** Adds a FOREIGN KEY and, when no key starts with its columns, the index InnoDB adds. */
export function addForeignKey(def: TableDef, spec: ForeignKeySpec): void {
  const columns = spec.columns.map((c) => {
    const col = findColumn(def, c);
    if (!col) throw keyColumnMissing(c);
    return col.name;
  });
  const name = spec.name ??
    `${def.name}_ibfk_${_nextNumber(def.foreignKeys.map((f) => f.name), `${def.name}_ibfk_`)}`;
  if (def.foreignKeys.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
    throw new MysqlError(1826, `Duplicate foreign key constraint name '${name}'`, "HY000");
  }
  if (spec.refColumns.length !== columns.length) {
    throw new MysqlError(
      1239,
      `Incorrect foreign key definition for '${name}': Key reference and table reference don't match`,
      "42000",
    );
  }
  def.foreignKeys.push({
    name,
    columns,
    refTable: spec.refTable,
    refColumns: spec.refColumns,
    onDelete: spec.onDelete,
    onUpdate: spec.onUpdate,
  });
  const covered = def.indexes.some((i) =>
    i.kind !== "fulltext" &&
    columns.every((c, n) => i.columns[n]?.name.toLowerCase() === c.toLowerCase())
  );
  if (!covered) {
    const base = spec.name ?? spec.indexName ?? columns[0]!;
    addIndex(def, {
      name: _uniqueName(def, base),
      constraintName: null,
      kind: "index",
      columns: columns.map((c) => ({ name: c, length: null, desc: false })),
      comment: "",
      using: null,
      visible: true,
    });
  }
}

/** Adds a CHECK constraint. */
export function addCheck(def: TableDef, spec: CheckSpec, translate: ExpressionTranslator): void {
  const name = spec.name ||
    `${def.name}_chk_${_nextNumber(def.checks.map((c) => c.name), `${def.name}_chk_`)}`;
  if (def.checks.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
    throw new MysqlError(3822, `Duplicate check constraint name '${name}'.`, "HY000");
  }
  def.checks.push({
    name,
    mysql: spec.mysql,
    sqlite: translate(spec.mysql),
    enforced: spec.enforced,
  });
}

/** Table-wide rules checked after all edits. */
export function validateTable(def: TableDef): void {
  if (def.columns.length === 0) {
    throw new MysqlError(1113, "A table must have at least 1 column", "42000");
  }
  const auto = def.columns.filter((c) => c.autoIncrement);
  if (auto.length > 1) throw badAutoColumn();
  if (auto.length === 1) {
    const ai = auto[0]!.name.toLowerCase();
    if (
      !def.indexes.some((i) => i.kind !== "fulltext" && i.columns[0]?.name.toLowerCase() === ai)
    ) {
      throw badAutoColumn();
    }
    const f = typeFamily(auto[0]!.type.base);
    if (f !== "int" && f !== "float" && f !== "decimal") {
      throw new MysqlError(
        1063,
        `Incorrect column specifier for column '${auto[0]!.name}'`,
        "42000",
      );
    }
    auto[0]!.nullable = false;
  }
  const pk = def.indexes.find((i) => i.kind === "primary");
  if (pk) { for (const p of pk.columns) findColumn(def, p.name)!.nullable = false; }
}
