/** Parses the clauses of ALTER TABLE. */
import type { AlterSpec, ColumnPosition, TableBody } from "./ast.ts";
import { parenthesizedText, parseColumnSpec, parseDefault } from "./parse_column.ts";
import { parseConstraintElement, parseTableOptions } from "./parse_table.ts";
import { charsetName } from "./parse_type.ts";
import type { TokenStream } from "./token_stream.ts";

function _position(ts: TokenStream): ColumnPosition {
  if (ts.acceptWords("FIRST")) return { first: true };
  if (ts.acceptWords("AFTER")) return { after: ts.identifier() };
  return null;
}

function _add(ts: TokenStream, out: AlterSpec[]): void {
  const body: TableBody = { columns: [], indexes: [], foreignKeys: [], checks: [] };
  if (parseConstraintElement(ts, body)) {
    for (const index of body.indexes) out.push({ op: "add_index", index });
    for (const fk of body.foreignKeys) out.push({ op: "add_fk", fk });
    for (const check of body.checks) out.push({ op: "add_check", check });
    return;
  }
  ts.acceptWords("COLUMN");
  if (ts.acceptPunct("(")) {
    do {
      if (parseConstraintElement(ts, body)) continue;
      out.push({ op: "add_column", column: parseColumnSpec(ts), position: null });
    } while (ts.acceptPunct(","));
    ts.expectPunct(")");
    for (const index of body.indexes) out.push({ op: "add_index", index });
    return;
  }
  const column = parseColumnSpec(ts);
  out.push({ op: "add_column", column, position: _position(ts) });
}

function _drop(ts: TokenStream, out: AlterSpec[]): void {
  if (ts.acceptWords("PRIMARY", "KEY")) out.push({ op: "drop_primary" });
  else if (ts.acceptAny("INDEX", "KEY")) out.push({ op: "drop_index", name: ts.identifier() });
  else if (ts.acceptWords("FOREIGN", "KEY")) out.push({ op: "drop_fk", name: ts.identifier() });
  else if (ts.acceptAny("CHECK", "CONSTRAINT")) {
    out.push({ op: "drop_check", name: ts.identifier() });
  } else {
    ts.acceptWords("COLUMN");
    out.push({ op: "drop_column", name: ts.identifier() });
  }
}

function _alterColumn(ts: TokenStream, out: AlterSpec[]): void {
  if (ts.acceptAny("CHECK", "CONSTRAINT")) {
    ts.identifier();
    ts.acceptWords("NOT");
    ts.expectWords("ENFORCED");
    out.push({ op: "noop" });
    return;
  }
  if (ts.acceptWords("INDEX")) {
    ts.identifier();
    if (!ts.acceptAny("VISIBLE", "INVISIBLE")) throw ts.error();
    out.push({ op: "noop" });
    return;
  }
  ts.acceptWords("COLUMN");
  const column = ts.identifier();
  if (ts.acceptWords("SET", "DEFAULT")) {
    out.push({ op: "set_default", column, default: parseDefault(ts) });
  } else if (ts.acceptWords("DROP", "DEFAULT")) {
    out.push({ op: "set_default", column, default: null });
  } else if (ts.acceptWords("SET")) {
    if (!ts.acceptAny("VISIBLE", "INVISIBLE")) throw ts.error();
    out.push({ op: "noop" });
  } else throw ts.error();
}

/** Reads the comma-separated ALTER TABLE clauses up to the end of the statement. */
export function parseAlterSpecs(ts: TokenStream): AlterSpec[] {
  const out: AlterSpec[] = [];
  if (ts.atEnd()) return out;
  do {
    if (ts.acceptWords("ADD")) _add(ts, out);
    else if (ts.acceptWords("DROP")) _drop(ts, out);
    else if (ts.acceptWords("ALTER")) _alterColumn(ts, out);
    else if (ts.acceptWords("CHANGE")) {
      ts.acceptWords("COLUMN");
      const from = ts.identifier();
      const column = parseColumnSpec(ts);
      out.push({ op: "change_column", from, column, position: _position(ts) });
    } else if (ts.acceptWords("MODIFY")) {
      ts.acceptWords("COLUMN");
      const column = parseColumnSpec(ts);
      out.push({ op: "change_column", from: column.name, column, position: _position(ts) });
    } else if (ts.acceptWords("RENAME")) {
      if (ts.acceptWords("COLUMN")) {
        const from = ts.identifier();
        ts.expectWords("TO");
        out.push({ op: "rename_column", from, to: ts.identifier() });
      } else if (ts.acceptAny("INDEX", "KEY")) {
        const from = ts.identifier();
        ts.expectWords("TO");
        out.push({ op: "rename_index", from, to: ts.identifier() });
      } else {
        ts.acceptAny("TO", "AS");
        out.push({ op: "rename_table", to: ts.qualifiedName() });
      }
    } else if (ts.acceptWords("CONVERT", "TO")) {
      if (!ts.acceptWords("CHARACTER", "SET") && !ts.acceptWords("CHARSET")) throw ts.error();
      const charset = charsetName(ts);
      let collation: string | null = null;
      if (ts.acceptWords("COLLATE")) collation = charsetName(ts);
      out.push({ op: "convert", charset, collation });
    } else if (ts.acceptAny("ALGORITHM", "LOCK")) {
      ts.optionalEquals();
      ts.next();
      out.push({ op: "noop" });
    } else if (ts.acceptAny("ENABLE", "DISABLE")) {
      ts.expectWords("KEYS");
      out.push({ op: "noop" });
    } else if (ts.acceptAny("FORCE")) out.push({ op: "noop" });
    else if (ts.acceptAny("WITH", "WITHOUT")) {
      ts.expectWords("VALIDATION");
      out.push({ op: "noop" });
    } else if (ts.acceptWords("ORDER", "BY")) {
      do {
        ts.identifier();
        ts.acceptAny("ASC", "DESC");
      } while (ts.acceptPunct(",") && !ts.isWord("ADD") && !ts.isWord("DROP"));
      out.push({ op: "noop" });
    } else if (ts.acceptAny("DISCARD", "IMPORT")) {
      ts.expectWords("TABLESPACE");
      out.push({ op: "noop" });
    } else if (ts.isWord("PARTITION") || ts.isWord("REMOVE")) {
      while (!ts.atEnd()) {
        if (ts.isPunct("(")) parenthesizedText(ts);
        else ts.next();
      }
      out.push({ op: "noop" });
    } else {
      const before = ts.pos;
      const options = parseTableOptions(ts);
      if (ts.pos === before) throw ts.error();
      out.push({ op: "options", options });
    }
  } while (ts.acceptPunct(","));
  if (!ts.atEnd()) throw ts.error();
  return out;
}
