/** Parses one DDL statement into a `DdlStatement`. */
import type { DdlStatement, IndexSpec } from "./ast.ts";
import { syntaxError } from "./errors.ts";
import { parseAlterSpecs } from "./parse_alter.ts";
import {
  parseIndexTail,
  parseTableBody,
  parseTableOptions,
  skipPartitioning,
} from "./parse_table.ts";
import { type QualifiedName, TokenStream } from "./token_stream.ts";
import { tokenize } from "./tokenizer.ts";

/** Parses MySQL DDL text; throws MysqlError 1064 for anything it does not understand. */
export function parseDdl(sql: string): DdlStatement {
  const ts = new TokenStream(sql, tokenize(sql));
  if (ts.atEnd()) throw syntaxError(sql, sql.length);
  let stmt: DdlStatement;
  if (ts.acceptWords("CREATE")) stmt = _create(ts);
  else if (ts.acceptWords("ALTER")) stmt = _alter(ts);
  else if (ts.acceptWords("DROP")) stmt = _drop(ts);
  else if (ts.acceptWords("RENAME")) stmt = _rename(ts);
  else if (ts.acceptWords("TRUNCATE")) {
    ts.acceptWords("TABLE");
    stmt = { kind: "truncate", name: ts.qualifiedName() };
  } else throw ts.error();
  if (!ts.atEnd()) throw ts.error();
  return stmt;
}

function _names(ts: TokenStream): QualifiedName[] {
  const names: QualifiedName[] = [];
  do names.push(ts.qualifiedName()); while (ts.acceptPunct(","));
  return names;
}

/** `DEFINER = user` as MySQL prints it: `user`@`host`. */
function _definer(ts: TokenStream): string {
  ts.optionalEquals();
  const t = ts.next();
  if (t.kind === "ident" && (t.upper === "CURRENT_USER")) {
    if (ts.acceptPunct("(")) ts.expectPunct(")");
    return "`root`@`%`";
  }
  const user = t.text;
  let host = "%";
  const at = ts.peek();
  if (at && at.kind === "var") {
    ts.next();
    host = at.text.slice(1).replace(/^['"`](.*)['"`]$/, "$1");
  }
  return `\`${user}\`@\`${host}\``;
}

function _create(ts: TokenStream): DdlStatement {
  const orReplace = ts.acceptWords("OR", "REPLACE");
  const clauses = _viewClauses(ts);
  if (ts.acceptWords("VIEW")) return _view(ts, orReplace, clauses);
  if (orReplace) throw ts.error();
  const temporary = ts.acceptWords("TEMPORARY");
  if (ts.acceptWords("TABLE")) return _createTable(ts, temporary);
  const kind = ts.acceptAny("UNIQUE", "FULLTEXT", "SPATIAL");
  if (ts.acceptWords("INDEX")) {
    const name = ts.identifier();
    let using: string | null = null;
    if (ts.acceptWords("USING") || ts.acceptWords("TYPE")) using = ts.next().upper;
    ts.expectWords("ON");
    const table = ts.qualifiedName();
    const spec: IndexSpec = parseIndexTail(
      ts,
      kind === "UNIQUE"
        ? "unique"
        : kind === "FULLTEXT"
        ? "fulltext"
        : kind === "SPATIAL"
        ? "spatial"
        : "index",
      null,
    );
    // parseIndexTail read no name because the key parts follow ON t directly
    while (ts.acceptAny("ALGORITHM", "LOCK")) {
      ts.optionalEquals();
      ts.next();
    }
    return { kind: "create_index", table, index: { ...spec, name, using: spec.using ?? using } };
  }
  throw ts.error();
}

function _createTable(ts: TokenStream, temporary: boolean): DdlStatement {
  const ifNotExists = ts.acceptWords("IF", "NOT", "EXISTS");
  const name = ts.qualifiedName();
  if (ts.acceptWords("LIKE")) {
    return {
      kind: "create_table",
      name,
      ifNotExists,
      temporary,
      like: ts.qualifiedName(),
      body: null,
      options: { extra: [] },
      select: null,
    };
  }
  if (ts.isPunct("(") && ts.isWord("LIKE", 1)) {
    ts.next();
    ts.next();
    const like = ts.qualifiedName();
    ts.expectPunct(")");
    return {
      kind: "create_table",
      name,
      ifNotExists,
      temporary,
      like,
      body: null,
      options: { extra: [] },
      select: null,
    };
  }
  let body = null;
  if (ts.isPunct("(") && !ts.isWord("SELECT", 1) && !ts.isWord("WITH", 1)) {
    body = parseTableBody(ts);
  }
  const options = parseTableOptions(ts);
  skipPartitioning(ts);
  let select: string | null = null;
  ts.acceptAny("IGNORE", "REPLACE");
  ts.acceptWords("AS");
  const first = ts.peek();
  if (
    first &&
    (ts.isWord("SELECT") || ts.isWord("WITH") || ts.isWord("VALUES") || ts.isWord("TABLE") ||
      ts.isPunct("("))
  ) {
    select = ts.sql.slice(first.start, ts.tokens[ts.tokens.length - 1]!.end);
    ts.pos = ts.tokens.length;
  }
  if (!body && select === null) throw ts.error();
  return { kind: "create_table", name, ifNotExists, temporary, like: null, body, options, select };
}

interface _ViewClauses {
  algorithm: string;
  definer: string;
  security: string;
}

/** [ALGORITHM = …] [DEFINER = …] [SQL SECURITY …], in any order, before VIEW. */
function _viewClauses(ts: TokenStream): _ViewClauses {
  const clauses: _ViewClauses = {
    algorithm: "UNDEFINED",
    definer: "`root`@`%`",
    security: "DEFINER",
  };
  for (;;) {
    if (ts.acceptWords("ALGORITHM")) {
      ts.optionalEquals();
      clauses.algorithm = ts.next().upper;
    } else if (ts.acceptWords("DEFINER")) clauses.definer = _definer(ts);
    else if (ts.acceptWords("SQL", "SECURITY")) clauses.security = ts.next().upper;
    else break;
  }
  return clauses;
}

function _view(ts: TokenStream, orReplace: boolean, clauses: _ViewClauses): DdlStatement {
  const name = ts.qualifiedName();
  let columns: string[] | null = null;
  if (ts.acceptPunct("(")) {
    columns = [];
    do columns.push(ts.identifier()); while (ts.acceptPunct(","));
    ts.expectPunct(")");
  }
  ts.expectWords("AS");
  const first = ts.peek();
  if (!first) throw ts.error();
  // WITH [CASCADED | LOCAL] CHECK OPTION at the end
  let end = ts.tokens.length;
  let checkOption: string | null = null;
  const tail = (i: number) => ts.tokens[end - i];
  if (end >= 3 && tail(1)!.upper === "OPTION" && tail(2)!.upper === "CHECK") {
    if (tail(3)!.upper === "WITH") {
      checkOption = "CASCADED";
      end -= 3;
    } else if (
      end >= 4 && (tail(3)!.upper === "CASCADED" || tail(3)!.upper === "LOCAL") &&
      tail(4)!.upper === "WITH"
    ) {
      checkOption = tail(3)!.upper;
      end -= 4;
    }
  }
  if (end <= ts.pos) throw ts.error();
  const select = ts.sql.slice(first.start, ts.tokens[end - 1]!.end);
  ts.pos = ts.tokens.length;
  return {
    kind: "create_view",
    orReplace,
    name,
    columns,
    select,
    algorithm: clauses.algorithm,
    definer: clauses.definer,
    security: clauses.security,
    checkOption,
  };
}

function _alter(ts: TokenStream): DdlStatement {
  ts.acceptAny("ONLINE", "OFFLINE");
  ts.acceptWords("IGNORE");
  if (ts.acceptWords("TABLE")) {
    const name = ts.qualifiedName();
    return { kind: "alter_table", name, specs: parseAlterSpecs(ts) };
  }
  // ALTER [ALGORITHM=…] [DEFINER=…] [SQL SECURITY …] VIEW behaves as CREATE OR REPLACE VIEW
  const clauses = _viewClauses(ts);
  ts.expectWords("VIEW");
  return _view(ts, true, clauses);
}

function _drop(ts: TokenStream): DdlStatement {
  const temporary = ts.acceptWords("TEMPORARY");
  if (ts.acceptAny("TABLE", "TABLES")) {
    const ifExists = ts.acceptWords("IF", "EXISTS");
    const names = _names(ts);
    ts.acceptAny("RESTRICT", "CASCADE");
    return { kind: "drop_table", names, ifExists, temporary };
  }
  if (temporary) throw ts.error();
  if (ts.acceptWords("VIEW")) {
    const ifExists = ts.acceptWords("IF", "EXISTS");
    const names = _names(ts);
    ts.acceptAny("RESTRICT", "CASCADE");
    return { kind: "drop_view", names, ifExists };
  }
  ts.acceptAny("ONLINE", "OFFLINE");
  if (ts.acceptWords("INDEX")) {
    const name = ts.identifier();
    ts.expectWords("ON");
    const table = ts.qualifiedName();
    while (ts.acceptAny("ALGORITHM", "LOCK")) {
      ts.optionalEquals();
      ts.next();
    }
    return { kind: "drop_index", table, name };
  }
  throw ts.error();
}

function _rename(ts: TokenStream): DdlStatement {
  if (!ts.acceptAny("TABLE", "TABLES")) throw ts.error();
  const pairs: Array<[QualifiedName, QualifiedName]> = [];
  do {
    const from = ts.qualifiedName();
    ts.expectWords("TO");
    pairs.push([from, ts.qualifiedName()]);
  } while (ts.acceptPunct(","));
  return { kind: "rename_table", pairs };
}
