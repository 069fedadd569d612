/** Applies ALTER TABLE clauses to a copy of the table definition, with MySQL's checks. */
import { resolveCharset, resolveCollation } from "../catalog/collations.ts";
import type { AlterSpec } from "./ast.ts";
import { buildColumn, type ExpressionTranslator, normalizeDefault } from "./build_column.ts";
import { resolveTableCharset } from "./create_table.ts";
import {
  cantDrop,
  cantDropAllColumns,
  duplicateColumn,
  duplicateKey,
  keyMissing,
  unknownCharset,
  unknownCollation,
  unknownColumn,
} from "./errors.ts";
import type { ColumnDef, TableDef } from "./model.ts";
import { isTextual } from "./mysql_type.ts";
import type { QualifiedName } from "./token_stream.ts";
import { tokenize } from "./tokenizer.ts";
import {
  addCheck,
  addForeignKey,
  addIndex,
  findColumn,
  findIndex,
  insertColumn,
  moveColumn,
} from "./table_edit.ts";
import { MysqlError } from "../../types/errors.ts";

/** The outcome of applying clauses: the new definition and what else must happen. */
export interface AlterPlan {
  def: TableDef;
  /** Old column name each surviving column copies its data from. */
  origins: Map<ColumnDef, string>;
  renameTo: QualifiedName | null;
  autoIncrement: number | null;
}

function _renameInKeys(def: TableDef, from: string, to: string): void {
  const lower = from.toLowerCase();
  for (const index of def.indexes) {
    for (const c of index.columns) if (c.name.toLowerCase() === lower) c.name = to;
  }
  for (const fk of def.foreignKeys) {
    fk.columns = fk.columns.map((c) => (c.toLowerCase() === lower ? to : c));
  }
}

function _column(def: TableDef, name: string): ColumnDef {
  const col = findColumn(def, name);
  if (!col) throw unknownColumn(name, def.name);
  return col;
}

function _dropColumn(def: TableDef, name: string): void {
  const col = findColumn(def, name);
  if (!col) throw cantDrop(name);
  const lower = col.name.toLowerCase();
  const fk = def.foreignKeys.find((f) => f.columns.some((c) => c.toLowerCase() === lower));
  if (fk) {
    throw new MysqlError(
      1828,
      `Cannot drop column '${col.name}': needed in a foreign key constraint '${fk.name}'`,
      "HY000",
    );
  }
  for (const index of def.indexes) {
    index.columns = index.columns.filter((c) => c.name.toLowerCase() !== lower);
  }
  def.indexes = def.indexes.filter((i) => i.columns.length > 0);
  def.columns = def.columns.filter((c) => c !== col);
  if (def.columns.length === 0) throw cantDropAllColumns();
}

function _checkFkIndexes(def: TableDef, dropped: string): void {
  for (const fk of def.foreignKeys) {
    const covered = def.indexes.some((i) =>
      i.kind !== "fulltext" &&
      fk.columns.every((c, n) => i.columns[n]?.name.toLowerCase() === c.toLowerCase())
    );
    if (!covered) {
      throw new MysqlError(
        1553,
        `Cannot drop index '${dropped}': needed in a foreign key constraint`,
        "HY000",
      );
    }
  }
}

/** Applies `specs` to a copy of `old`. */
export function applyAlter(
  old: TableDef,
  specs: AlterSpec[],
  translate: ExpressionTranslator,
): AlterPlan {
  const def: TableDef = structuredClone(old);
  delete def.synthesized;
  const origins = new Map<ColumnDef, string>();
  def.columns.forEach((c, i) => origins.set(c, old.columns[i]!.name));
  const plan: AlterPlan = { def, origins, renameTo: null, autoIncrement: null };
  const inline = (
    col: ColumnDef,
    spec: Extract<AlterSpec, { op: "add_column" | "change_column" }>["column"],
  ) => {
    const part = [{ name: col.name, length: null, desc: false }];
    if (spec.inlinePrimary) {
      addIndex(def, {
        name: null,
        constraintName: null,
        kind: "primary",
        columns: part,
        comment: "",
        using: null,
        visible: true,
      });
    }
    if (spec.inlineUnique) {
      addIndex(def, {
        name: null,
        constraintName: null,
        kind: "unique",
        columns: [...part],
        comment: "",
        using: null,
        visible: true,
      });
    }
    for (const ck of spec.checks) {
      addCheck(def, { name: ck.name || null, mysql: ck.mysql, enforced: ck.enforced }, translate);
    }
  };
  for (const spec of specs) {
    switch (spec.op) {
      case "add_column": {
        const col = buildColumn(spec.column, def.options, translate);
        insertColumn(def, col, spec.position);
        inline(col, spec.column);
        break;
      }
      case "add_index":
        addIndex(def, { ...spec.index, columns: spec.index.columns.map((c) => ({ ...c })) });
        break;
      case "add_fk":
        addForeignKey(def, spec.fk);
        break;
      case "add_check":
        addCheck(def, spec.check, translate);
        break;
      case "set_default": {
        const col = _column(def, spec.column);
        col.default = spec.default
          ? normalizeDefault(col.name, col.type, spec.default, translate)
          : null;
        break;
      }
      case "change_column": {
        const oldCol = _column(def, spec.from);
        const col = buildColumn(spec.column, def.options, translate);
        if (col.name.toLowerCase() !== oldCol.name.toLowerCase() && findColumn(def, col.name)) {
          throw duplicateColumn(col.name);
        }
        def.columns[def.columns.indexOf(oldCol)] = col;
        const origin = origins.get(oldCol);
        origins.delete(oldCol);
        if (origin !== undefined) origins.set(col, origin);
        _renameInKeys(def, oldCol.name, col.name);
        moveColumn(def, col, spec.position);
        inline(col, spec.column);
        break;
      }
      case "drop_column":
        _dropColumn(def, spec.name);
        break;
      case "drop_primary": {
        const i = def.indexes.findIndex((x) => x.kind === "primary");
        if (i < 0) throw cantDrop("PRIMARY");
        def.indexes.splice(i, 1);
        break;
      }
      case "drop_index": {
        const i = findIndex(def, spec.name);
        if (i < 0) throw cantDrop(spec.name);
        def.indexes.splice(i, 1);
        _checkFkIndexes(def, spec.name);
        break;
      }
      case "drop_fk": {
        const i = def.foreignKeys.findIndex((f) =>
          f.name.toLowerCase() === spec.name.toLowerCase()
        );
        if (i < 0) throw cantDrop(spec.name);
        def.foreignKeys.splice(i, 1);
        break;
      }
      case "drop_check": {
        const lower = spec.name.toLowerCase();
        const i = def.checks.findIndex((c) => c.name.toLowerCase() === lower);
        if (i >= 0) def.checks.splice(i, 1);
        else if (def.foreignKeys.some((f) => f.name.toLowerCase() === lower)) {
          def.foreignKeys = def.foreignKeys.filter((f) => f.name.toLowerCase() !== lower);
        } else {
          const k = def.indexes.findIndex((x) =>
            x.name.toLowerCase() === lower && x.kind === "unique"
          );
          if (k < 0) {
            throw new MysqlError(
              3821,
              `Check constraint '${spec.name}' is not found in the table.`,
              "HY000",
            );
          }
          def.indexes.splice(k, 1);
        }
        break;
      }
      case "rename_column": {
        const col = _column(def, spec.from);
        if (col.name.toLowerCase() !== spec.to.toLowerCase() && findColumn(def, spec.to)) {
          throw duplicateColumn(spec.to);
        }
        _renameInKeys(def, col.name, spec.to);
        col.name = spec.to;
        break;
      }
      case "rename_index": {
        const i = findIndex(def, spec.from);
        if (i < 0) throw keyMissing(spec.from, def.name);
        if (spec.to.toUpperCase() === "PRIMARY" || def.indexes[i]!.kind === "primary") {
          throw new MysqlError(1280, `Incorrect index name '${spec.to}'`, "42000");
        }
        const j = findIndex(def, spec.to);
        if (j >= 0 && j !== i) throw duplicateKey(spec.to);
        def.indexes[i]!.name = spec.to;
        break;
      }
      case "rename_table":
        plan.renameTo = spec.to;
        break;
      case "options": {
        const o = spec.options;
        if (o.engine) def.options.engine = o.engine;
        if (o.charset || o.collation) {
          const cs = resolveTableCharset(o, def.options);
          def.options.charset = cs.charset;
          def.options.collation = cs.collation;
        }
        if (o.comment !== undefined) def.options.comment = o.comment;
        if (o.rowFormat) def.options.rowFormat = o.rowFormat;
        if (o.autoIncrement !== undefined) plan.autoIncrement = o.autoIncrement;
        for (const e of o.extra) {
          const key = e.slice(0, e.indexOf("="));
          def.options.extra = def.options.extra.filter((x) => !x.startsWith(key + "=")).concat(e);
        }
        break;
      }
      case "convert": {
        const cs = resolveCharset(spec.charset);
        if (!cs) throw unknownCharset(spec.charset);
        const coll = spec.collation ? resolveCollation(spec.collation) : undefined;
        if (spec.collation && !coll) throw unknownCollation(spec.collation);
        def.options.charset = cs.name;
        def.options.collation = coll?.name ?? cs.defaultCollation;
        for (const col of def.columns) {
          if (!isTextual(col.type)) continue;
          col.type.charset = def.options.charset;
          col.type.collation = def.options.collation;
          col.explicitCollation = false;
        }
        break;
      }
      case "noop":
        break;
    }
  }
  _checkConstraintColumns(old, def);
  return plan;
}

/** MySQL refuses to drop or rename a column a remaining CHECK constraint uses (3959); without
 * this the table rebuild failed on SQLite's CHECK with a confusing 1054. */
function _checkConstraintColumns(old: TableDef, def: TableDef): void {
  if (def.checks.length === 0) return;
  const before = new Set(old.columns.map((c) => c.name.toLowerCase()));
  const after = new Set(def.columns.map((c) => c.name.toLowerCase()));
  for (const check of def.checks) {
    const tokens = tokenize(check.mysql);
    tokens.forEach((t, i) => {
      if (t.kind !== "ident" && t.kind !== "qident") return;
      if (t.kind === "ident" && tokens[i + 1]?.text === "(") return;
      const name = t.text.toLowerCase();
      if (before.has(name) && !after.has(name)) {
        throw new MysqlError(
          3959,
          `Check constraint '${check.name}' uses column '${t.text}', hence column cannot be ` +
            "dropped or renamed.",
          "HY000",
        );
      }
    });
  }
}
