/**
 * Transaction control (START TRANSACTION, BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE
 * SAVEPOINT, ROLLBACK TO), USE, CREATE / DROP DATABASE: parsed here, executed by the session.
 * KILL. COMMIT/ROLLBACK ... AND CHAIN / RELEASE are accepted; their chaining is not emulated.
 */
import { parseExpr } from "../parser/expression_parser.ts";
import type { TokenStream } from "../parser/token_stream.ts";
import type { Statement } from "../statement.ts";
import { Tok } from "../tokenizer.ts";
import type { ImmediateEmitter } from "./immediate.ts";

/** START TRANSACTION [READ ONLY | READ WRITE | WITH CONSISTENT SNAPSHOT], ... / BEGIN [WORK]. */
export function translateBegin(ts: TokenStream): Statement {
  let readOnly = false;
  if (ts.acceptKw("BEGIN")) {
    ts.acceptKw("WORK");
  } else {
    ts.expectKws("START", "TRANSACTION");
    if (!ts.atEnd()) {
      do {
        if (ts.acceptKws("READ", "ONLY")) readOnly = true;
        else if (ts.acceptKws("READ", "WRITE")) readOnly = false;
        else ts.expectKws("WITH", "CONSISTENT", "SNAPSHOT");
      } while (ts.acceptOp(","));
    }
  }
  ts.expectEnd();
  return { kind: "begin", readOnly };
}

/** COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]. */
export function translateCommit(ts: TokenStream): Statement {
  ts.expectKw("COMMIT");
  completionTail(ts);
  return { kind: "commit" };
}

/** ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE] / ROLLBACK [WORK] TO [SAVEPOINT] name. */
export function translateRollback(ts: TokenStream): Statement {
  ts.expectKw("ROLLBACK");
  ts.acceptKw("WORK");
  if (ts.acceptKw("TO")) {
    ts.acceptKw("SAVEPOINT");
    const name = savepointName(ts);
    ts.expectEnd();
    return { kind: "rollback_to_savepoint", name };
  }
  completionTail(ts);
  return { kind: "rollback" };
}

function completionTail(ts: TokenStream): void {
  ts.acceptKw("WORK");
  if (ts.acceptKw("AND")) {
    ts.acceptKw("NO");
    ts.expectKw("CHAIN");
  }
  if (!ts.acceptKws("NO", "RELEASE")) ts.acceptKw("RELEASE");
  ts.expectEnd();
}

export function translateSavepoint(ts: TokenStream): Statement {
  ts.expectKw("SAVEPOINT");
  const name = savepointName(ts);
  ts.expectEnd();
  return { kind: "savepoint", name };
}

export function translateRelease(ts: TokenStream): Statement {
  ts.expectKws("RELEASE", "SAVEPOINT");
  const name = savepointName(ts);
  ts.expectEnd();
  return { kind: "release_savepoint", name };
}

function savepointName(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent) throw ts.fail(tok);
  return tok.text;
}

/** KILL [CONNECTION | QUERY] expr (a number, `CONNECTION_ID()`, `@id`, ...). */
export function translateKill(ts: TokenStream, out: ImmediateEmitter): Statement {
  ts.expectKw("KILL");
  const queryOnly = ts.acceptKw("QUERY");
  if (!queryOnly) ts.acceptKw("CONNECTION");
  const id = parseExpr(ts);
  ts.expectEnd();
  return { kind: "kill", connectionId: out.statement(`SELECT ${out.em.expr(id)}`), queryOnly };
}

/** PREPARE name FROM 'text' | @var (SQL-level prepared statements). */
export function translateSqlPrepare(ts: TokenStream): Statement {
  ts.expectKw("PREPARE");
  const name = statementName(ts);
  ts.expectKw("FROM");
  const tok = ts.next();
  let source: { text: string } | { variable: string };
  if (tok.type === Tok.String) source = { text: tok.text };
  else if (tok.type === Tok.UserVar) source = { variable: tok.text };
  else throw ts.fail(tok);
  ts.expectEnd();
  return { kind: "sql_prepare", name, source };
}

/** EXECUTE name [USING @a, ...]. */
export function translateSqlExecute(ts: TokenStream): Statement {
  ts.expectKw("EXECUTE");
  const name = statementName(ts);
  const using: string[] = [];
  if (ts.acceptKw("USING")) {
    do {
      const tok = ts.next();
      if (tok.type !== Tok.UserVar) throw ts.fail(tok);
      using.push(tok.text);
    } while (ts.acceptOp(","));
  }
  ts.expectEnd();
  return { kind: "sql_execute", name, using };
}

/** DEALLOCATE PREPARE name / DROP PREPARE name. */
export function translateSqlDeallocate(ts: TokenStream): Statement {
  if (!ts.acceptKw("DEALLOCATE")) ts.expectKw("DROP");
  ts.expectKw("PREPARE");
  const name = statementName(ts);
  ts.expectEnd();
  return { kind: "sql_deallocate", name };
}

/** A prepared statement's name: case-insensitive, as MySQL compares them. */
function statementName(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent) throw ts.fail(tok);
  return tok.text.toLowerCase();
}

/** USE db */
export function translateUse(ts: TokenStream): Statement {
  ts.expectKw("USE");
  const database = databaseName(ts);
  ts.expectEnd();
  return { kind: "use", database };
}

/** CREATE {DATABASE|SCHEMA} [IF NOT EXISTS] name [[DEFAULT] CHARACTER SET ... COLLATE ...]. */
export function translateCreateDatabase(ts: TokenStream): Statement {
  ts.expectKw("CREATE");
  if (!ts.acceptKw("DATABASE")) ts.expectKw("SCHEMA");
  const ifNotExists = ts.acceptKws("IF", "NOT", "EXISTS");
  const name = databaseName(ts);
  // Character set, collation and encryption options change nothing here.
  while (!ts.atEnd()) ts.next();
  ts.expectEnd();
  return { kind: "create_database", name, ifNotExists };
}

/** DROP {DATABASE|SCHEMA} [IF EXISTS] name. */
export function translateDropDatabase(ts: TokenStream): Statement {
  ts.expectKw("DROP");
  if (!ts.acceptKw("DATABASE")) ts.expectKw("SCHEMA");
  const ifExists = ts.acceptKws("IF", "EXISTS");
  const name = databaseName(ts);
  ts.expectEnd();
  return { kind: "drop_database", name, ifExists };
}

function databaseName(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent && tok.type !== Tok.String) {
    throw ts.fail(tok);
  }
  return tok.text;
}
