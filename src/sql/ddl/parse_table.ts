/** Parses CREATE TABLE bodies: keys, foreign keys, checks and table options. */
import type { CheckSpec, ForeignKeySpec, IndexSpec, OptionSpec, TableBody } from "./ast.ts";
import type { IndexDef } from "./model.ts";
import {
  parenthesizedText,
  parseColumnSpec,
  parseEnforced,
  parseKeyParts,
  parseReferentialActions,
} from "./parse_column.ts";
import { charsetName } from "./parse_type.ts";
import type { TokenStream } from "./token_stream.ts";

/** Index options after the key parts (COMMENT, USING, VISIBLE, ...). */
function _indexOptions(ts: TokenStream, spec: IndexSpec): void {
  for (;;) {
    if (ts.acceptWords("KEY_BLOCK_SIZE")) {
      ts.optionalEquals();
      ts.integer();
    } else if (ts.acceptWords("USING") || ts.acceptWords("TYPE")) {
      spec.using = ts.next().upper;
    } else if (ts.acceptWords("WITH", "PARSER")) ts.identifier();
    else if (ts.acceptWords("COMMENT")) spec.comment = ts.string();
    else if (ts.acceptWords("VISIBLE")) spec.visible = true;
    else if (ts.acceptWords("INVISIBLE")) spec.visible = false;
    else if (ts.acceptAny("ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE")) {
      ts.optionalEquals();
      ts.string();
    } else return;
  }
}

/**
 * Reads `[name] [USING x] (parts) [options]` after PRIMARY KEY / UNIQUE [KEY] / KEY /
 * FULLTEXT [KEY] ...
 */
export function parseIndexTail(
  ts: TokenStream,
  kind: IndexDef["kind"],
  constraintName: string | null,
): IndexSpec {
  const spec: IndexSpec = {
    name: null,
    constraintName,
    kind,
    columns: [],
    comment: "",
    using: null,
    visible: true,
  };
  if (!ts.isPunct("(") && !ts.isWord("USING") && !ts.isWord("TYPE")) {
    spec.name = ts.identifier();
  }
  if (ts.acceptWords("USING") || ts.acceptWords("TYPE")) spec.using = ts.next().upper;
  spec.columns = parseKeyParts(ts);
  _indexOptions(ts, spec);
  if (kind === "primary") spec.name = "PRIMARY";
  return spec;
}

/** `(cols) REFERENCES t (cols) [actions]` after FOREIGN KEY [name]. */
export function parseForeignKeyTail(
  ts: TokenStream,
  constraintName: string | null,
): ForeignKeySpec {
  let indexName: string | null = null;
  if (!ts.isPunct("(")) indexName = ts.identifier();
  const columns = parseKeyParts(ts).map((c) => c.name);
  ts.expectWords("REFERENCES");
  const ref = ts.qualifiedName();
  const refColumns = parseKeyParts(ts).map((c) => c.name);
  const { onDelete, onUpdate } = parseReferentialActions(ts);
  return {
    name: constraintName,
    indexName,
    columns,
    refTable: ref.name,
    refColumns,
    onDelete,
    onUpdate,
  };
}

/** `(expr) [[NOT] ENFORCED]` after CHECK. */
export function parseCheckTail(ts: TokenStream, name: string | null): CheckSpec {
  if (!ts.isPunct("(")) throw ts.error();
  const mysql = parenthesizedText(ts);
  return { name, mysql, enforced: parseEnforced(ts) };
}

/** One constraint/key element if the cursor is at one; returns false for a column. */
export function parseConstraintElement(ts: TokenStream, body: TableBody): boolean {
  let constraintName: string | null = null;
  if (ts.acceptWords("CONSTRAINT")) {
    if (
      !ts.isWord("PRIMARY") && !ts.isWord("UNIQUE") && !ts.isWord("FOREIGN") && !ts.isWord("CHECK")
    ) {
      constraintName = ts.identifier();
    }
    if (
      !ts.isWord("PRIMARY") && !ts.isWord("UNIQUE") && !ts.isWord("FOREIGN") && !ts.isWord("CHECK")
    ) {
      throw ts.error();
    }
  }
  if (ts.acceptWords("PRIMARY", "KEY")) {
    body.indexes.push(parseIndexTail(ts, "primary", constraintName));
  } else if (ts.acceptWords("UNIQUE")) {
    ts.acceptAny("INDEX", "KEY");
    body.indexes.push(parseIndexTail(ts, "unique", constraintName));
  } else if (ts.acceptWords("FOREIGN", "KEY")) {
    body.foreignKeys.push(parseForeignKeyTail(ts, constraintName));
  } else if (ts.acceptWords("CHECK")) {
    body.checks.push(parseCheckTail(ts, constraintName));
  } else if (ts.acceptAny("INDEX", "KEY")) {
    body.indexes.push(parseIndexTail(ts, "index", null));
  } else if (ts.acceptAny("FULLTEXT", "SPATIAL")) {
    const kind = ts.peek(-1)!.upper === "FULLTEXT" ? "fulltext" : "spatial";
    ts.acceptAny("INDEX", "KEY");
    body.indexes.push(parseIndexTail(ts, kind, null));
  } else return false;
  return true;
}

/** `( element, ... )` of CREATE TABLE. */
export function parseTableBody(ts: TokenStream): TableBody {
  const body: TableBody = { columns: [], indexes: [], foreignKeys: [], checks: [] };
  ts.expectPunct("(");
  do {
    if (!parseConstraintElement(ts, body)) body.columns.push(parseColumnSpec(ts));
  } while (ts.acceptPunct(","));
  ts.expectPunct(")");
  return body;
}

const ENGINES: Record<string, string> = {
  INNODB: "InnoDB",
  MYISAM: "MyISAM",
  MEMORY: "MEMORY",
  HEAP: "MEMORY",
  CSV: "CSV",
  ARCHIVE: "ARCHIVE",
  BLACKHOLE: "BLACKHOLE",
  MRG_MYISAM: "MRG_MYISAM",
  FEDERATED: "FEDERATED",
  ARIA: "InnoDB",
};

/** Table options (`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ...`) until something else. */
export function parseTableOptions(ts: TokenStream): OptionSpec {
  const opts: OptionSpec = { extra: [] };
  for (;;) {
    const start = ts.pos;
    ts.acceptPunct(",");
    ts.acceptWords("DEFAULT");
    if (ts.acceptWords("ENGINE") || ts.acceptWords("TYPE")) {
      ts.optionalEquals();
      const e = ts.next();
      opts.engine = ENGINES[e.text.toUpperCase()] ?? "InnoDB";
    } else if (ts.acceptWords("AUTO_INCREMENT")) {
      ts.optionalEquals();
      opts.autoIncrement = ts.integer();
    } else if (ts.acceptWords("CHARACTER", "SET") || ts.acceptWords("CHARSET")) {
      ts.optionalEquals();
      opts.charset = charsetName(ts);
    } else if (ts.acceptWords("COLLATE")) {
      ts.optionalEquals();
      opts.collation = charsetName(ts);
    } else if (ts.acceptWords("COMMENT")) {
      ts.optionalEquals();
      opts.comment = ts.string();
    } else if (ts.acceptWords("ROW_FORMAT")) {
      ts.optionalEquals();
      opts.rowFormat = ts.next().text.toUpperCase();
    } else if (
      ts.acceptAny(
        "AVG_ROW_LENGTH",
        "CHECKSUM",
        "DELAY_KEY_WRITE",
        "KEY_BLOCK_SIZE",
        "MAX_ROWS",
        "MIN_ROWS",
        "PACK_KEYS",
        "STATS_AUTO_RECALC",
        "STATS_PERSISTENT",
        "STATS_SAMPLE_PAGES",
        "INSERT_METHOD",
        "COMPRESSION",
        "CONNECTION",
        "ENCRYPTION",
        "PASSWORD",
        "ENGINE_ATTRIBUTE",
        "SECONDARY_ENGINE_ATTRIBUTE",
        "PAGE_CHECKSUM",
        "TRANSACTIONAL",
      )
    ) {
      const name = ts.peek(-1)!.upper;
      ts.optionalEquals();
      const v = ts.next();
      if (name === "KEY_BLOCK_SIZE" || name === "MAX_ROWS" || name === "MIN_ROWS") {
        opts.extra.push(`${name}=${v.text}`);
      }
    } else if (ts.acceptAny("DATA", "INDEX")) {
      ts.expectWords("DIRECTORY");
      ts.optionalEquals();
      ts.string();
    } else if (ts.acceptWords("TABLESPACE")) {
      ts.identifier();
      if (ts.acceptWords("STORAGE")) ts.next();
    } else if (ts.acceptWords("UNION")) {
      ts.optionalEquals();
      parenthesizedText(ts);
    } else {
      ts.pos = start;
      return opts;
    }
  }
}

/** Skips `PARTITION BY …` (partitioning is accepted and ignored). */
export function skipPartitioning(ts: TokenStream): void {
  if (!ts.isWord("PARTITION") || !ts.isWord("BY", 1)) return;
  while (
    !ts.atEnd() && !ts.isWord("AS") && !ts.isWord("SELECT") && !ts.isWord("IGNORE") &&
    !ts.isWord("REPLACE")
  ) {
    if (ts.isPunct("(")) ts.pos = ts.matchingParen() + 1;
    else ts.next();
  }
}
