/** Parses column definitions, defaults and key parts. */
import type { ColumnSpec } from "./ast.ts";
import type { DefaultDef, IndexColumn } from "./model.ts";
import { charsetName, parseDataType } from "./parse_type.ts";
import type { TokenStream } from "./token_stream.ts";

/** Reads `(expr)` at the cursor and returns the raw MySQL text inside the parentheses. */
export function parenthesizedText(ts: TokenStream): string {
  const close = ts.matchingParen();
  const open = ts.tokens[ts.pos]!;
  const closeTok = ts.tokens[close]!;
  ts.pos = close + 1;
  return ts.sql.slice(open.end, closeTok.start).trim();
}

/** CURRENT_TIMESTAMP and its synonyms, with optional `()` / `(fsp)`; returns fsp or null. */
export function parseNow(ts: TokenStream): number | null {
  const w = ts.peek();
  if (!w || w.kind !== "ident") return null;
  const isNow = w.upper === "NOW";
  if (!isNow && !["CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP"].includes(w.upper)) {
    return null;
  }
  if (isNow && !ts.isPunct("(", 1)) return null;
  ts.next();
  let fsp = 0;
  if (ts.acceptPunct("(")) {
    if (!ts.isPunct(")")) fsp = ts.integer();
    ts.expectPunct(")");
  }
  return fsp;
}

/** The value after DEFAULT. */
export function parseDefault(ts: TokenStream): DefaultDef {
  const fsp = parseNow(ts);
  if (fsp !== null) return { kind: "now", fsp };
  const t = ts.peek();
  if (!t) throw ts.error();
  if (t.kind === "punct" && t.text === "(") {
    const mysql = parenthesizedText(ts);
    return { kind: "expr", mysql, sqlite: "" };
  }
  if (t.kind === "ident") {
    if (t.upper === "NULL") {
      ts.next();
      return { kind: "null" };
    }
    if (t.upper === "TRUE" || t.upper === "FALSE") {
      ts.next();
      return { kind: "literal", value: t.upper === "TRUE" ? "1" : "0" };
    }
    if (t.text.startsWith("_") && ts.peek(1)?.kind === "string") {
      ts.next(); // charset introducer
      return { kind: "literal", value: ts.string() };
    }
    throw ts.error();
  }
  if (t.kind === "string") return { kind: "literal", value: ts.string() };
  if (t.kind === "bit") {
    ts.next();
    return { kind: "bit", value: t.text };
  }
  if (t.kind === "hex") {
    ts.next();
    const bytes = t.text.length % 2 ? "0" + t.text : t.text;
    let s = "";
    for (let i = 0; i < bytes.length; i += 2) {
      s += String.fromCharCode(parseInt(bytes.slice(i, i + 2), 16));
    }
    return { kind: "literal", value: s };
  }
  let sign = "";
  if (t.kind === "punct" && (t.text === "-" || t.text === "+")) {
    ts.next();
    sign = t.text === "-" ? "-" : "";
  }
  const num = ts.peek();
  if (!num || num.kind !== "number") throw ts.error();
  ts.next();
  return { kind: "literal", value: sign + num.text };
}

/** Reads a column definition (name already consumed or read here). */
export function parseColumnSpec(ts: TokenStream, name?: string): ColumnSpec {
  const colName = name ?? ts.identifier();
  const parsed = parseDataType(ts);
  const spec: ColumnSpec = {
    name: colName,
    parsed,
    nullable: null,
    default: null,
    autoIncrement: false,
    onUpdateNow: null,
    comment: "",
    charset: null,
    collation: null,
    inlinePrimary: false,
    inlineUnique: false,
    checks: [],
    generated: null,
    invisible: false,
  };
  if (parsed.serial) {
    spec.nullable = false;
    spec.autoIncrement = true;
    spec.inlineUnique = true;
  }
  for (;;) {
    if (ts.acceptWords("NOT", "NULL")) spec.nullable = false;
    else if (ts.acceptWords("NULL")) spec.nullable = true;
    else if (ts.acceptWords("DEFAULT")) spec.default = parseDefault(ts);
    else if (ts.acceptWords("AUTO_INCREMENT")) spec.autoIncrement = true;
    else if (ts.acceptWords("SERIAL", "DEFAULT", "VALUE")) {
      spec.nullable = false;
      spec.autoIncrement = true;
      spec.inlineUnique = true;
    } else if (ts.acceptWords("UNIQUE")) {
      ts.acceptWords("KEY");
      spec.inlineUnique = true;
    } else if (ts.acceptWords("PRIMARY", "KEY") || ts.acceptWords("KEY")) spec.inlinePrimary = true;
    else if (ts.acceptWords("COMMENT")) spec.comment = ts.string();
    else if (ts.acceptWords("COLLATE")) spec.collation = charsetName(ts);
    else if (ts.acceptWords("CHARACTER", "SET") || ts.acceptWords("CHARSET")) {
      spec.charset = charsetName(ts);
    } else if (ts.acceptWords("ON", "UPDATE")) {
      const fsp = parseNow(ts);
      if (fsp === null) throw ts.error();
      spec.onUpdateNow = fsp;
    } else if (ts.acceptWords("COLUMN_FORMAT") || ts.acceptWords("STORAGE")) ts.next();
    else if (ts.acceptAny("ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE")) {
      ts.optionalEquals();
      ts.string();
    } else if (ts.acceptWords("SRID")) ts.integer();
    else if (ts.acceptWords("VISIBLE")) spec.invisible = false;
    else if (ts.acceptWords("INVISIBLE")) spec.invisible = true;
    else if (ts.isWord("GENERATED") || ts.isWord("AS")) {
      ts.acceptWords("GENERATED", "ALWAYS");
      ts.expectWords("AS");
      if (!ts.isPunct("(")) throw ts.error();
      const mysql = parenthesizedText(ts);
      const kind = ts.acceptAny("VIRTUAL", "STORED", "PERSISTENT");
      spec.generated = { mysql, stored: kind === "STORED" || kind === "PERSISTENT" };
    } else if (ts.isWord("CHECK") || ts.isWord("CONSTRAINT")) {
      let checkName: string | null = null;
      if (ts.acceptWords("CONSTRAINT") && !ts.isWord("CHECK")) checkName = ts.identifier();
      ts.expectWords("CHECK");
      if (!ts.isPunct("(")) throw ts.error();
      const mysql = parenthesizedText(ts);
      spec.checks.push({ name: checkName ?? "", mysql, enforced: parseEnforced(ts) });
    } else if (ts.acceptWords("REFERENCES")) {
      // MySQL parses and ignores column-level REFERENCES
      ts.qualifiedName();
      if (ts.isPunct("(")) parenthesizedText(ts);
      parseReferentialActions(ts);
    } else return spec;
  }
}

/** `[NOT] ENFORCED` after a CHECK; true unless NOT ENFORCED. */
export function parseEnforced(ts: TokenStream): boolean {
  if (ts.acceptWords("NOT", "ENFORCED")) return false;
  ts.acceptWords("ENFORCED");
  return true;
}

/** `ON DELETE …` / `ON UPDATE …` / `MATCH …` after REFERENCES. */
export function parseReferentialActions(
  ts: TokenStream,
): { onDelete: string | null; onUpdate: string | null } {
  let onDelete: string | null = null;
  let onUpdate: string | null = null;
  for (;;) {
    if (ts.acceptWords("MATCH")) {
      ts.acceptAny("FULL", "PARTIAL", "SIMPLE");
      continue;
    }
    if (!ts.isWord("ON") || !(ts.isWord("DELETE", 1) || ts.isWord("UPDATE", 1))) break;
    ts.next();
    const which = ts.next().upper;
    let action: string;
    if (ts.acceptWords("SET", "NULL")) action = "SET NULL";
    else if (ts.acceptWords("SET", "DEFAULT")) action = "SET DEFAULT";
    else if (ts.acceptWords("NO", "ACTION")) action = "NO ACTION";
    else if (ts.acceptWords("CASCADE")) action = "CASCADE";
    else if (ts.acceptWords("RESTRICT")) action = "RESTRICT";
    else throw ts.error();
    if (which === "DELETE") onDelete = action;
    else onUpdate = action;
  }
  return { onDelete, onUpdate };
}

/** `(col[(len)] [ASC|DESC], ...)`. */
export function parseKeyParts(ts: TokenStream): IndexColumn[] {
  ts.expectPunct("(");
  const cols: IndexColumn[] = [];
  do {
    if (ts.isPunct("(")) {
      // functional key parts (MySQL 8.0.13) are not supported by this emulation
      throw ts.error();
    }
    ts.allowStringNames = true;
    const name = ts.identifier();
    ts.allowStringNames = false;
    let length: number | null = null;
    if (ts.acceptPunct("(")) {
      length = ts.integer();
      ts.expectPunct(")");
    }
    const dir = ts.acceptAny("ASC", "DESC");
    cols.push({ name, length, desc: dir === "DESC" });
  } while (ts.acceptPunct(","));
  ts.expectPunct(")");
  return cols;
}
