/**
 * MySQL JSON path expressions: `$`, `.key`, `."quoted key"`, `.*`, `[n]`, `[last]`,
 * `[last-n]`, `[m to n]`, `[*]` and `**`. Paths are parsed once and cached; evaluation returns
 * every match with its concrete location (JSON_SEARCH prints those).
 */
import { ER, MysqlError } from "../../types/errors.ts";
import { isJsonObject, type Json, quoteJson, sortedKeys } from "./json_value.ts";

/** One step of a path. Array indexes count from the end when `fromEnd` (for `last`). */
export type Leg =
  | { kind: "key"; key: string }
  | { kind: "anyKey" }
  | { kind: "index"; index: number; fromEnd: boolean }
  | { kind: "range"; from: number; fromEnd: boolean; to: number; toEnd: boolean }
  | { kind: "anyIndex" }
  | { kind: "descend" };

/** A match: the value and where it is (keys and array indexes from the root). */
export interface Match {
  value: Json;
  at: (string | number)[];
}

const _cache = new Map<string, Leg[]>();

function _bad(pos: number): MysqlError {
  return new MysqlError(
    ER.INVALID_JSON_PATH,
    `Invalid JSON path expression. The error is around character position ${pos}.`,
  );
}

/** Parses a path; throws error 3143 when malformed. */
export function parsePath(path: string): Leg[] {
  const hit = _cache.get(path);
  if (hit !== undefined) return hit;
  const legs: Leg[] = [];
  let i = 0;
  const s = path;
  const ws = () => {
    while (s[i] === " " || s[i] === "\t" || s[i] === "\n") i++;
  };
  ws();
  if (s[i] !== "$") throw _bad(i + 1);
  i++;
  for (;;) {
    ws();
    if (i >= s.length) break;
    if (s.startsWith("**", i)) {
      legs.push({ kind: "descend" });
      i += 2;
      continue;
    }
    if (s[i] === ".") {
      i++;
      ws();
      if (s[i] === "*") {
        legs.push({ kind: "anyKey" });
        i++;
      } else if (s[i] === '"') {
        let j = i + 1;
        let key = "";
        while (j < s.length && s[j] !== '"') {
          if (s[j] === "\\") j++;
          key += s[j++] ?? "";
        }
        if (j >= s.length) throw _bad(j);
        legs.push({ kind: "key", key });
        i = j + 1;
      } else {
        const start = i;
        while (i < s.length && /[\p{L}\p{N}_$]/u.test(s[i] as string)) i++;
        if (i === start) throw _bad(i + 1);
        legs.push({ kind: "key", key: s.slice(start, i) });
      }
      continue;
    }
    if (s[i] === "[") {
      i++;
      ws();
      if (s[i] === "*") {
        i++;
        ws();
        if (s[i++] !== "]") throw _bad(i);
        legs.push({ kind: "anyIndex" });
        continue;
      }
      const a = _index(s, i);
      i = a.next;
      ws();
      if (s.startsWith("to", i)) {
        i += 2;
        ws();
        const b = _index(s, i);
        i = b.next;
        ws();
        if (s[i++] !== "]") throw _bad(i);
        legs.push({ kind: "range", from: a.n, fromEnd: a.fromEnd, to: b.n, toEnd: b.fromEnd });
        continue;
      }
      if (s[i++] !== "]") throw _bad(i);
      legs.push({ kind: "index", index: a.n, fromEnd: a.fromEnd });
      continue;
    }
    throw _bad(i + 1);
  }
  if (legs.at(-1)?.kind === "descend") throw _bad(s.length);
  if (_cache.size >= 256) _cache.clear();
  _cache.set(path, legs);
  return legs;
}

function _index(s: string, start: number): { n: number; fromEnd: boolean; next: number } {
  let i = start;
  let fromEnd = false;
  if (s.startsWith("last", i)) {
    fromEnd = true;
    i += 4;
    while (s[i] === " ") i++;
    if (s[i] !== "-") return { n: 0, fromEnd, next: i };
    i++;
    while (s[i] === " ") i++;
  }
  const d = i;
  while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === d) throw _bad(i + 1);
  return { n: Number(s.slice(d, i)), fromEnd, next: i };
}

/** True when the path can match several values (wildcards, ranges, `**`). */
export function isWildcard(legs: Leg[]): boolean {
  return legs.some((l) => l.kind !== "key" && l.kind !== "index");
}

function _resolve(i: number, fromEnd: boolean, length: number): number {
  return fromEnd ? length - 1 - i : i;
}

function _step(m: Match, leg: Leg, out: Match[]): void {
  const v = m.value;
  const isArr = Array.isArray(v);
  const isObj = isJsonObject(v);
  switch (leg.kind) {
    case "key":
      if (isObj && Object.prototype.hasOwnProperty.call(v, leg.key)) {
        out.push({ value: (v as Record<string, Json>)[leg.key] as Json, at: [...m.at, leg.key] });
      }
      return;
    case "anyKey":
      if (isObj) {
        for (const k of sortedKeys(v as Record<string, Json>)) {
          out.push({ value: (v as Record<string, Json>)[k] as Json, at: [...m.at, k] });
        }
      }
      return;
    case "index":
    case "range":
    case "anyIndex": {
      // A non-array is treated as a one-element array.
      const arr = isArr ? v as Json[] : [v];
      let from = 0;
      let to = arr.length - 1;
      if (leg.kind === "index") from = to = _resolve(leg.index, leg.fromEnd, arr.length);
      else if (leg.kind === "range") {
        from = Math.max(0, _resolve(leg.from, leg.fromEnd, arr.length));
        to = Math.min(arr.length - 1, _resolve(leg.to, leg.toEnd, arr.length));
      }
      for (let k = Math.max(0, from); k <= to && k < arr.length; k++) {
        out.push({ value: arr[k] as Json, at: isArr ? [...m.at, k] : m.at });
      }
      return;
    }
    case "descend":
      return;
  }
}

function _descendants(m: Match, out: Match[]): void {
  out.push(m);
  const v = m.value;
  if (Array.isArray(v)) v.forEach((x, k) => _descendants({ value: x, at: [...m.at, k] }, out));
  else if (isJsonObject(v)) {
    for (const k of sortedKeys(v)) _descendants({ value: v[k] as Json, at: [...m.at, k] }, out);
  }
}

/** Every value the path selects in `doc`, in document order. */
export function evaluatePath(doc: Json, legs: Leg[]): Match[] {
  let cur: Match[] = [{ value: doc, at: [] }];
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i] as Leg;
    const next: Match[] = [];
    if (leg.kind === "descend") {
      for (const m of cur) _descendants(m, next);
    } else {
      for (const m of cur) _step(m, leg, next);
    }
    cur = next;
    if (cur.length === 0) break;
  }
  return cur;
}

/** A location printed as a MySQL path: `$.a[1]."b c"`. */
export function formatPath(at: (string | number)[]): string {
  let out = "$";
  for (const p of at) {
    if (typeof p === "number") out += `[${p}]`;
    else out += /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(p) ? "." + p : "." + quoteJson(p);
  }
  return out;
}
