/**
 * MySQL JSON functions SQLite's JSON1 lacks or answers differently: JSON_UNQUOTE, JSON_CONTAINS,
 * JSON_CONTAINS_PATH, JSON_SEARCH, JSON_LENGTH (objects count keys), JSON_KEYS, JSON_DEPTH,
 * JSON_OVERLAPS, JSON_MERGE_PRESERVE/JSON_MERGE, JSON_MERGE_PATCH, JSON_VALUE (json_value_call.ts),
 * JSON_ARRAY_APPEND, JSON_ARRAY_INSERT, one-argument JSON_TYPE and JSON_PRETTY (MySQL names and
 * layout), `mysql_json_extract` (JSON_EXTRACT / `->`: MySQL returns JSON text, SQLite's
 * json_extract returns SQL values), `mysql_json_format` (MySQL 8 text of any JSON) and
 * `mysql_member_of` (`x MEMBER OF (doc)`).
 *
 * JSON_OBJECT, JSON_ARRAY, JSON_SET, JSON_INSERT, JSON_REPLACE, JSON_REMOVE, JSON_QUOTE and
 * JSON_VALID stay SQLite's: same content, minified text; SQLite tags their results as JSON so
 * nesting them works, which a user function cannot do (its text results read as strings when
 * passed to another JSON function).
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, definer, type Warn } from "./define.ts";
import { evaluatePath, formatPath, isWildcard, parsePath } from "./json_path.ts";
import {
  docArg,
  formatJson,
  isJsonObject,
  type Json,
  jsonEqual,
  jsonTypeName,
  parseJson,
  sortedKeys,
  sqlToJson,
} from "./json_value.ts";
import { registerJsonValue } from "./json_value_call.ts";
import { likeMatch } from "./like.ts";
import { toText } from "./values.ts";

/** MySQL's containment rule (JSON_CONTAINS). */
export function jsonContains(target: Json, cand: Json): boolean {
  if (Array.isArray(target)) {
    if (Array.isArray(cand)) return cand.every((c) => jsonContains(target, c));
    return target.some((t) => jsonContains(t, cand));
  }
  if (isJsonObject(target)) {
    if (!isJsonObject(cand)) return false;
    return Object.keys(cand).every((k) =>
      Object.prototype.hasOwnProperty.call(target, k) &&
      jsonContains(target[k] as Json, cand[k] as Json)
    );
  }
  return !Array.isArray(cand) && !isJsonObject(cand) && jsonEqual(target, cand);
}

function _overlaps(a: Json, b: Json): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.some((x) => b.some((y) => jsonEqual(x, y)));
  if (Array.isArray(a)) return a.some((x) => jsonEqual(x, b));
  if (Array.isArray(b)) return b.some((y) => jsonEqual(a, y));
  if (isJsonObject(a) && isJsonObject(b)) {
    return Object.keys(a).some((k) => k in b && jsonEqual(a[k] as Json, b[k] as Json));
  }
  return jsonEqual(a, b);
}

function _depth(v: Json): number {
  const members = Array.isArray(v) ? v : isJsonObject(v) ? Object.values(v) : null;
  if (members === null) return 1;
  // A loop, not Math.max(...): spreading a huge array's depths would overflow the stack.
  let deepest = 0;
  for (const m of members) deepest = Math.max(deepest, _depth(m));
  return 1 + deepest;
}

function _length(v: Json): number {
  return Array.isArray(v) ? v.length : isJsonObject(v) ? Object.keys(v).length : 1;
}

function _mergePreserve(a: Json, b: Json): Json {
  if (isJsonObject(a) && isJsonObject(b)) {
    const out: Record<string, Json> = Object.assign(Object.create(null), a);
    for (const k of Object.keys(b)) {
      out[k] = k in out ? _mergePreserve(out[k] as Json, b[k] as Json) : b[k] as Json;
    }
    return out;
  }
  const x = Array.isArray(a) ? a : [a];
  const y = Array.isArray(b) ? b : [b];
  return [...x, ...y];
}

function _mergePatch(a: Json, b: Json): Json {
  if (!isJsonObject(b)) return b;
  const out: Record<string, Json> = isJsonObject(a)
    ? Object.assign(Object.create(null), a)
    : Object.create(null);
  for (const k of Object.keys(b)) {
    const v = b[k] as Json;
    if (v === null) delete out[k];
    else out[k] = _mergePatch(out[k] ?? null, v);
  }
  return out;
}

function _oneOrAll(v: SqlValue, fn: string): boolean {
  const m = (toText(v) ?? "").toLowerCase();
  if (m !== "one" && m !== "all") {
    throw new MysqlError(
      ER.WRONG_ARGUMENTS,
      `The oneOrAll argument to ${fn} may take these values: 'one' or 'all'.`,
    );
  }
  return m === "all";
}

/** Registers the JSON functions (all pure). */
export function registerJson(db: DatabaseSync, warn: Warn): void {
  const def = definer(db);
  registerJsonValue(def, warn);
  def("json_unquote", (v: SqlValue) => {
    const s = toText(v);
    if (s === null) return null;
    if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
    const j = parseJson(s, { fn: "json_unquote", arg: 1 });
    return typeof j === "string" ? j : s;
  });
  def("json_contains", (...a: SqlValue[]) => {
    checkArity("json_contains", a.length, { min: 2, max: 3 });
    const target = docArg(a[0] as SqlValue, { fn: "json_contains", arg: 1 });
    const cand = docArg(a[1] as SqlValue, { fn: "json_contains", arg: 2 });
    if (target === undefined || cand === undefined) return null;
    if (a.length === 2) return jsonContains(target, cand) ? 1n : 0n;
    const path = toText(a[2] as SqlValue);
    if (path === null) return null;
    const legs = parsePath(path);
    if (isWildcard(legs)) {
      throw new MysqlError(
        ER.INVALID_JSON_PATH,
        "In this situation, path expressions may not contain the * and ** tokens or an array range.",
      );
    }
    const m = evaluatePath(target, legs);
    return m.length === 0 ? null : jsonContains(m[0]!.value, cand) ? 1n : 0n;
  }, { varargs: true });
  def("json_contains_path", (...a: SqlValue[]) => {
    checkArity("json_contains_path", a.length, { min: 3 });
    if (a.some((v) => v === null)) return null;
    const doc = docArg(a[0] as SqlValue, { fn: "json_contains_path", arg: 1 }) as Json;
    const all = _oneOrAll(a[1] as SqlValue, "json_contains_path");
    for (let i = 2; i < a.length; i++) {
      const found = evaluatePath(doc, parsePath(toText(a[i] as SqlValue) as string)).length > 0;
      if (found && !all) return 1n;
      if (!found && all) return 0n;
    }
    return all ? 1n : 0n;
  }, { varargs: true });
  def("json_search", (...a: SqlValue[]) => {
    checkArity("json_search", a.length, { min: 3 });
    const doc = docArg(a[0] as SqlValue, { fn: "json_search", arg: 1 });
    const all = _oneOrAll(a[1] as SqlValue, "json_search");
    const pattern = toText(a[2] as SqlValue);
    if (doc === undefined || pattern === null) return null;
    const escape = a.length > 3 ? toText(a[3] as SqlValue) || "\\" : "\\";
    const roots = a.length > 4
      ? a.slice(4).flatMap((p) => evaluatePath(doc, parsePath(toText(p) ?? "$")))
      : [{ value: doc, at: [] as (string | number)[] }];
    const found: string[] = [];
    const walk = (v: Json, at: (string | number)[]) => {
      if (typeof v === "string") {
        if (likeMatch(v, pattern, escape)) {
          const p = formatPath(at);
          if (!found.includes(p)) found.push(p);
        }
      } else if (Array.isArray(v)) v.forEach((x, k) => walk(x, [...at, k]));
      else if (isJsonObject(v)) { for (const k of sortedKeys(v)) walk(v[k] as Json, [...at, k]); }
    };
    for (const r of roots) walk(r.value, r.at);
    if (found.length === 0) return null;
    if (!all || found.length === 1) return formatJson(found[0] as string);
    return formatJson(found);
  }, { varargs: true });
  def("json_length", (...a: SqlValue[]) => {
    checkArity("json_length", a.length, { min: 1, max: 2 });
    const doc = docArg(a[0] as SqlValue, { fn: "json_length", arg: 1 });
    if (doc === undefined) return null;
    if (a.length === 1) return BigInt(_length(doc));
    const path = toText(a[1] as SqlValue);
    if (path === null) return null;
    const m = evaluatePath(doc, parsePath(path));
    return m.length === 0 ? null : BigInt(_length(m[0]!.value));
  }, { varargs: true });
  def("json_depth", (v: SqlValue) => {
    const doc = docArg(v, { fn: "json_depth", arg: 1 });
    return doc === undefined ? null : BigInt(_depth(doc));
  });
  def("json_keys", (...a: SqlValue[]) => {
    checkArity("json_keys", a.length, { min: 1, max: 2 });
    const doc = docArg(a[0] as SqlValue, { fn: "json_keys", arg: 1 });
    if (doc === undefined) return null;
    let target: Json = doc;
    if (a.length === 2) {
      const path = toText(a[1] as SqlValue);
      if (path === null) return null;
      const m = evaluatePath(doc, parsePath(path));
      if (m.length === 0) return null;
      target = m[0]!.value;
    }
    return isJsonObject(target)
      ? formatJson(Object.keys(target).sort((x, y) => x.length - y.length || (x < y ? -1 : 1)))
      : null;
  }, { varargs: true });
  def("json_type", (v: SqlValue) => {
    const doc = docArg(v, { fn: "json_type", arg: 1 });
    return doc === undefined ? null : jsonTypeName(doc);
  });
  def("json_pretty", (v: SqlValue) => {
    const doc = docArg(v, { fn: "json_pretty", arg: 1 });
    return doc === undefined ? null : formatJson(doc, 0);
  });
  def("json_overlaps", (a: SqlValue, b: SqlValue) => {
    const x = docArg(a, { fn: "json_overlaps", arg: 1 });
    const y = docArg(b, { fn: "json_overlaps", arg: 2 });
    return x === undefined || y === undefined ? null : _overlaps(x, y) ? 1n : 0n;
  });
  for (
    const [name, merge] of [
      ["json_merge_preserve", _mergePreserve],
      ["json_merge", _mergePreserve],
      ["json_merge_patch", _mergePatch],
    ] as const
  ) {
    def(name, (...a: SqlValue[]) => {
      checkArity(name, a.length, { min: 2 });
      let acc: Json | undefined;
      for (let i = 0; i < a.length; i++) {
        const d = docArg(a[i] as SqlValue, { fn: name, arg: i + 1 });
        if (d === undefined) return null;
        acc = acc === undefined ? d : merge(acc, d);
      }
      return acc === undefined ? null : formatJson(acc);
    }, { varargs: true });
  }
  def("mysql_json_extract", (...a: SqlValue[]) => {
    checkArity("json_extract", a.length, { min: 2 });
    const doc = docArg(a[0] as SqlValue, { fn: "json_extract", arg: 1 });
    if (doc === undefined) return null;
    const found: Json[] = [];
    let wrap = a.length > 2;
    for (let i = 1; i < a.length; i++) {
      const path = toText(a[i] as SqlValue);
      if (path === null) return null;
      const legs = parsePath(path);
      if (isWildcard(legs)) wrap = true;
      for (const m of evaluatePath(doc, legs)) found.push(m.value);
    }
    if (found.length === 0) return null;
    return formatJson(wrap ? found : found[0] as Json);
  }, { varargs: true });
  def("mysql_json_format", (v: SqlValue) => {
    const doc = docArg(v, { fn: "json", arg: 1 });
    return doc === undefined ? null : formatJson(doc);
  });
  def("mysql_member_of", (v: SqlValue, d: SqlValue) => {
    const doc = docArg(d, { fn: "member of", arg: 2 });
    if (v === null || doc === undefined) return null;
    const x = sqlToJson(v);
    return (Array.isArray(doc) ? doc : [doc]).some((e) => jsonEqual(e, x)) ? 1n : 0n;
  });
  for (
    const [name, insert] of [["json_array_append", false], ["json_array_insert", true]] as const
  ) {
    def(name, (...a: SqlValue[]) => {
      checkArity(name, a.length, { min: 3 });
      if (a.length % 2 === 0) checkArity(name, 0, { min: 1, max: 1 }); // path and value come in pairs
      let doc = docArg(a[0] as SqlValue, { fn: name, arg: 1 });
      if (doc === undefined) return null;
      for (let i = 1; i + 1 < a.length; i += 2) {
        const path = toText(a[i] as SqlValue);
        if (path === null) return null;
        doc = _arrayEdit(doc, parsePath(path), sqlToJson(a[i + 1] as SqlValue), insert);
      }
      return formatJson(doc);
    }, { varargs: true });
  }
}

/** JSON_ARRAY_APPEND / JSON_ARRAY_INSERT at one path (no wildcards). */
function _arrayEdit(
  doc: Json,
  legs: ReturnType<typeof parsePath>,
  value: Json,
  insert: boolean,
): Json {
  if (isWildcard(legs)) {
    throw new MysqlError(
      ER.INVALID_JSON_PATH,
      "In this situation, path expressions may not contain the * and ** tokens or an array range.",
    );
  }
  if (insert) {
    const last = legs.at(-1);
    if (last?.kind !== "index") {
      throw new MysqlError(
        ER.INVALID_JSON_PATH,
        "A path expression is not a path to a cell in an array.",
      );
    }
    const parent = evaluatePath(doc, legs.slice(0, -1))[0]?.value;
    if (Array.isArray(parent)) {
      const at = last.fromEnd ? Math.max(0, parent.length - 1 - last.index) : last.index;
      parent.splice(Math.min(at, parent.length), 0, value);
    }
    return doc;
  }
  const m = evaluatePath(doc, legs)[0];
  if (m === undefined) return doc;
  if (Array.isArray(m.value)) {
    m.value.push(value);
    return doc;
  }
  const wrapped: Json = [m.value, value];
  if (m.at.length === 0) return wrapped;
  const parent = evaluatePath(doc, legs.slice(0, -1))[0]?.value ?? null;
  const key = m.at[m.at.length - 1] as string | number;
  if (Array.isArray(parent) && typeof key === "number") parent[key] = wrapped;
  else if (isJsonObject(parent) && typeof key === "string") parent[key] = wrapped;
  return doc;
}
