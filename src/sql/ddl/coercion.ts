/**
 * Stored values: SQLite keeps what it is given, MySQL converts each written value to the column
 * type (dates cut or zero-filled, strings truncated, integers clamped, ENUM/SET canonical...).
 * Per table, one AFTER INSERT and one AFTER UPDATE OF trigger rewrite the row with
 * `mysql_store(value, spec)` (src/sql/functions/store.ts) when some value is not in stored form.
 * The WHEN clause first tries a check made of SQLite builtins (no JavaScript call) that is true
 * only for values already in stored form, so the common write costs the trigger and a few
 * builtin comparisons. See ../DESIGN.md, "Stored values".
 */
import type { ColumnDef, MysqlType, TableDef } from "./model.ts";
import { sqlIdent, sqlString, typeFamily } from "./mysql_type.ts";

/** Prefix of the coercion triggers (dropped and recreated with the ON UPDATE ones). */
export const STORE_TRIGGER_PREFIX = "__marmot_st__";

const _INT_RANGE: Record<string, [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  mediumint: [-8388608n, 8388607n],
  int: [-2147483648n, 2147483647n],
};

/** `mysql_store`'s spec for a column type, or null when MySQL stores every value unchanged. */
export function storeSpec(t: MysqlType): string | null {
  const unsigned = t.unsigned ? " unsigned" : "";
  switch (typeFamily(t.base)) {
    case "int":
      return t.base + unsigned;
    case "decimal":
      return `decimal(${t.length ?? 10},${t.scale ?? 0})${unsigned}`;
    case "float":
      return t.base + (t.length !== null ? `(${t.length},${t.scale ?? 0})` : "") + unsigned;
    case "bit":
      return `bit(${t.length ?? 1})`;
    case "year":
    case "date":
      return t.base;
    case "datetime":
    case "time":
      return `${t.base}(${t.fsp ?? 0})`;
    case "char":
    case "binary":
      return `${t.base}(${t.length ?? 1})`;
    case "text":
    case "blob":
      // MEDIUM and LONG limits (16 MiB, 4 GiB) are beyond what one packet carries.
      return t.base === "tinytext" || t.base === "text" || t.base === "tinyblob" ||
          t.base === "blob"
        ? t.base
        : null;
    case "enum":
    case "set":
      return `${t.base}(${(t.values ?? []).map(sqlString).join(",")})`;
    default:
      return null;
  }
}

/**
 * A condition over `ref` built from SQLite builtins that is true only when the value is
 * already in stored form (false negatives just cost a `mysql_store` call), or null.
 */
export function storedFormCheck(t: MysqlType, ref: string): string | null {
  const f = typeFamily(t.base);
  const isInt = `typeof(${ref}) = 'integer'`;
  switch (f) {
    case "int": {
      const range = _INT_RANGE[t.base];
      if (range === undefined) return t.unsigned ? `${isInt} AND ${ref} >= 0` : isInt;
      const [lo, hi] = t.unsigned ? [0n, 2n * range[1] + 1n] : range;
      return `${isInt} AND ${ref} BETWEEN ${lo} AND ${hi}`;
    }
    case "decimal": {
      const digits = (t.length ?? 10) - (t.scale ?? 0);
      if (digits >= 19) return t.unsigned ? `${isInt} AND ${ref} >= 0` : isInt;
      const max = 10n ** BigInt(digits) - 1n;
      return `${isInt} AND ${ref} BETWEEN ${t.unsigned ? 0n : -max} AND ${max}`;
    }
    case "float":
      if (t.length !== null) return null;
      return `typeof(${ref}) = 'real'` + (t.unsigned ? ` AND ${ref} >= 0` : "");
    case "bit": {
      const width = t.length ?? 1;
      return width >= 64
        ? isInt
        : `${isInt} AND ${ref} BETWEEN 0 AND ${(1n << BigInt(width)) - 1n}`;
    }
    case "year":
      return `${isInt} AND (${ref} BETWEEN 1901 AND 2155 OR ${ref} = 0)`;
    case "date":
      return _strftimeCheck("%Y-%m-%d", ref);
    case "datetime": {
      const fsp = t.fsp ?? 0;
      if (fsp !== 0 && fsp !== 3) return null;
      const check = _strftimeCheck(`%Y-%m-%d %H:%M:${fsp ? "%f" : "%S"}`, ref);
      if (t.base !== "timestamp") return check;
      return `${check} AND ${ref} BETWEEN '1970-01-01 00:00:01' AND '2038-01-19 03:14:07.999'`;
    }
    case "time": {
      const fsp = t.fsp ?? 0;
      if (fsp !== 0 && fsp !== 3) return null;
      return _strftimeCheck(`%H:%M:${fsp ? "%f" : "%S"}`, ref);
    }
    case "char": {
      // printf's `!` flag counts the precision in characters.
      const n = t.length ?? 1;
      const fits = `typeof(${ref}) = 'text' AND printf('%!.${n}s', ${ref}) = ${ref}`;
      return t.base === "char" ? `${fits} AND ${ref} NOT GLOB '* '` : fits;
    }
    case "text": {
      const bytes = t.base === "tinytext" ? 255 : 65535;
      return `typeof(${ref}) = 'text' AND printf('%.${bytes}s', ${ref}) = ${ref}`;
    }
    case "enum":
    case "set": {
      // ENUM: a member or ''. SET: '' or a single member (other sets go through mysql_store).
      const values = ["", ...(t.values ?? [])].map(sqlString).join(", ");
      return `${ref} COLLATE BINARY IN (${values})`;
    }
    default:
      return null;
  }
}

function _strftimeCheck(format: string, ref: string): string {
  // strftime normalises what it parses ('2024-02-30' → '2024-03-01'), so equality means the
  // text is a valid value in canonical form. IS, not =: strftime of garbage is NULL, and a NULL
  // check would make the whole WHEN clause NULL (false).
  return `typeof(${ref}) = 'text' AND strftime('${format}', ${ref}) IS ${ref}`;
}

/** The columns whose written values need coercion, each with its spec. */
export function coercedColumns(def: TableDef): Array<{ col: ColumnDef; spec: string }> {
  const out: Array<{ col: ColumnDef; spec: string }> = [];
  for (const col of def.columns) {
    if (col.generated || col.autoIncrement) continue;
    const spec = storeSpec(col.type);
    if (spec !== null) out.push({ col, spec });
  }
  return out;
}

/** `mysql_store(expr, 'spec')`; with `column`, what the conversion loses is reported (a
 * warning, or under a strict sql_mode the statement's error). */
export function storeCall(expr: string, spec: string, column?: string): string {
  const named = column === undefined ? "" : `, ${sqlString(column)}`;
  return `mysql_store(${expr}, ${sqlString(spec)}${named})`;
}

/**
 * True when `ref` is not in stored form. The test is done in JavaScript (`mysql_stored`), not
 * as `ref IS NOT mysql_store(ref)`: SQL compares 1.0 and 1 as equal, and node:sqlite cuts text
 * results at a NUL, which would make a stored 'a\0b' look different and be cut.
 */
function _notStored(ref: string, spec: string): string {
  return `NOT mysql_stored(${ref}, ${sqlString(spec)})`;
}

/** `_notStored`, tried only when the builtin check cannot vouch for the value. */
function _needsStore(col: ColumnDef, spec: string, ref: string): string {
  const fast = storedFormCheck(col.type, ref);
  const slow = _notStored(ref, spec);
  return fast === null ? slow : `(NOT (${ref} IS NULL OR (${fast})) AND ${slow})`;
}

/** CREATE TRIGGER statements that keep written values in MySQL's stored form. */
export function coercionTriggerSql(def: TableDef): string[] {
  const cols = coercedColumns(def);
  if (cols.length === 0) return [];
  const table = sqlIdent(def.name);
  const when = cols.map(({ col, spec }) => _needsStore(col, spec, `NEW.${sqlIdent(col.name)}`))
    .join(" OR ");
  // On UPDATE only the columns given a new value can be out of form.
  const whenChanged = cols.map(({ col, spec }) => {
    const c = sqlIdent(col.name);
    return `(NEW.${c} IS NOT OLD.${c} COLLATE BINARY AND ${_needsStore(col, spec, `NEW.${c}`)})`;
  }).join(" OR ");
  // Only values out of form are rewritten, so the others keep their exact bytes.
  const set = cols.map(({ col, spec }) => {
    const c = sqlIdent(col.name);
    return `${c} = CASE WHEN ${_notStored(c, spec)} THEN ${
      storeCall(c, spec, col.name)
    } ELSE ${c} END`;
  }).join(", ");
  const update = `UPDATE ${table} SET ${set} WHERE rowid = NEW.rowid;`;
  // Under INSERT OR IGNORE the UPDATE is skipped when the stored form breaks a UNIQUE key or
  // CHECK; MySQL would not have inserted that row, so drop it rather than keep raw values.
  const raw = cols.map(({ col, spec }) => _notStored(sqlIdent(col.name), spec)).join(" OR ");
  const dropRaw = `DELETE FROM ${table} WHERE rowid = NEW.rowid AND (${raw});`;
  const name = (suffix: string) => sqlIdent(`${STORE_TRIGGER_PREFIX}${def.name}__${suffix}`);
  const of = cols.map(({ col }) => sqlIdent(col.name)).join(", ");
  return [
    `CREATE TRIGGER ${name("ins")} AFTER INSERT ON ${table} FOR EACH ROW WHEN ${when} ` +
    `BEGIN ${update} ${dropRaw} END`,
    `CREATE TRIGGER ${name("upd")} AFTER UPDATE OF ${of} ON ${table} FOR EACH ROW ` +
    `WHEN ${whenChanged} BEGIN ${update} END`,
  ];
}

/**
 * "Column `c` really changed" for the ON UPDATE CURRENT_TIMESTAMP trigger: byte-wise, and for a
 * coerced column also in stored form, so the coercion UPDATE itself is not a change and
 * `SET d = '2024-01-05 10:00'` on a DATE holding 2024-01-05 is not one either (as in MySQL).
 */
export function changedSql(col: ColumnDef): string {
  const c = sqlIdent(col.name);
  const bytes = `NEW.${c} IS NOT OLD.${c} COLLATE BINARY`;
  const spec = col.generated || col.autoIncrement ? null : storeSpec(col.type);
  if (spec === null) return bytes;
  return `(${bytes} AND NOT mysql_store_same(NEW.${c}, OLD.${c}, ${sqlString(spec)}))`;
}
