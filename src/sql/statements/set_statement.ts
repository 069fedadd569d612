/**
 * SET in all its forms: `@user = expr`, `@@[scope.]var = expr`, `[GLOBAL|SESSION|LOCAL|PERSIST]
 * var = expr` (the last scope keyword applies to the following variables, as in MySQL),
 * `NAMES cs [COLLATE c]`, `CHARACTER SET cs`, `CHARSET cs`, `[scope] TRANSACTION ...`.
 * Values become one-row, one-column SELECTs; a bare word (ON, OFF, TRADITIONAL) is a string
 * and DEFAULT resets the variable.
 */
import { parseExpr } from "../parser/expression_parser.ts";
import type { TokenStream } from "../parser/token_stream.ts";
import type { Assignment, Statement } from "../statement.ts";
import { Tok } from "../tokenizer.ts";
import type { ImmediateEmitter } from "./immediate.ts";

const SCOPES: Record<string, "session" | "global"> = {
  SESSION: "session",
  LOCAL: "session",
  GLOBAL: "global",
  PERSIST: "global",
  PERSIST_ONLY: "global",
};

const ISOLATION_LEVELS = [
  ["REPEATABLE", "READ"],
  ["READ", "COMMITTED"],
  ["READ", "UNCOMMITTED"],
  ["SERIALIZABLE"],
];

export function translateSet(ts: TokenStream, out: ImmediateEmitter): Statement {
  ts.expectKw("SET");
  const assignments: Assignment[] = [];
  let scope: "session" | "global" = "session";
  do {
    const kw = ts.kw();
    const scoped = SCOPES[kw];
    if (kw === "NAMES") {
      ts.next();
      assignments.push(names(ts));
    } else if (kw === "CHARSET" || (kw === "CHARACTER" && ts.isKw("SET", 1))) {
      ts.pos += kw === "CHARSET" ? 1 : 2;
      const charset = charsetName(ts);
      assignments.push({ target: "names", charset, collation: null });
    } else if (kw === "TRANSACTION" || (scoped !== undefined && ts.isKw("TRANSACTION", 1))) {
      ts.pos += kw === "TRANSACTION" ? 1 : 2;
      assignments.push(transaction(ts));
    } else {
      const tok = ts.peek();
      if (tok.type === Tok.UserVar) {
        ts.next();
        if (!ts.acceptOp("=")) ts.expectOp(":=");
        const value = out.statement(`SELECT ${out.em.expr(parseExpr(ts))}`);
        assignments.push({ target: "user", name: tok.text, value });
        continue;
      }
      let name: string;
      let varScope = scope;
      if (tok.type === Tok.SysVar) {
        ts.next();
        name = tok.text;
        varScope = tok.scope ?? "session";
      } else {
        if (scoped !== undefined) {
          ts.next();
          scope = scoped;
          varScope = scoped;
        }
        name = variableName(ts);
      }
      if (!ts.acceptOp("=")) ts.expectOp(":=");
      assignments.push(systemAssignment(ts, out, name, varScope));
    }
  } while (ts.acceptOp(","));
  ts.expectEnd();
  return { kind: "set", assignments };
}

function variableName(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent) throw ts.fail(tok);
  let name = tok.text;
  while (ts.isOp(".") && ts.peek(1).type === Tok.Word) {
    ts.next();
    name += `.${ts.next().text}`;
  }
  return name.toLowerCase();
}

function systemAssignment(
  ts: TokenStream,
  out: ImmediateEmitter,
  name: string,
  scope: "session" | "global",
): Assignment {
  const tok = ts.peek();
  const single = ts.peek(1);
  const alone = single.type === Tok.End ||
    (single.type === Tok.Op && (single.text === "," || single.text === ";"));
  if (tok.type === Tok.Word && alone) {
    const isDefault = ts.kw() === "DEFAULT";
    ts.next();
    if (isDefault) {
      return {
        target: "system",
        scope,
        name,
        value: out.statement("SELECT NULL"),
        toDefault: true,
      };
    }
    // SET autocommit = ON, sql_mode = TRADITIONAL: a bare word is the string value.
    const word = tok.text.replaceAll("'", "''");
    return { target: "system", scope, name, value: out.statement(`SELECT '${word}'`) };
  }
  const value = out.statement(`SELECT ${out.em.expr(parseExpr(ts))}`);
  return { target: "system", scope, name, value };
}

function charsetName(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Word && tok.type !== Tok.String && tok.type !== Tok.QuotedIdent) {
    throw ts.fail(tok);
  }
  return tok.text.toLowerCase();
}

function names(ts: TokenStream): Assignment {
  if (ts.acceptKw("DEFAULT")) return { target: "names", charset: "utf8mb4", collation: null };
  const charset = charsetName(ts);
  const collation = ts.acceptKw("COLLATE") ? charsetName(ts) : null;
  return { target: "names", charset, collation };
}

function transaction(ts: TokenStream): Assignment {
  let isolation: string | null = null;
  let readOnly: boolean | null = null;
  do {
    if (ts.acceptKws("ISOLATION", "LEVEL")) {
      const level = ISOLATION_LEVELS.find((words) => ts.acceptKws(...words));
      if (level === undefined) throw ts.fail();
      isolation = level.join("-");
    } else if (ts.acceptKws("READ", "ONLY")) {
      readOnly = true;
    } else if (ts.acceptKws("READ", "WRITE")) {
      readOnly = false;
    } else {
      throw ts.fail();
    }
  } while (ts.isOp(",") && (ts.isKw("ISOLATION", 1) || ts.isKw("READ", 1)) && ts.acceptOp(","));
  return { target: "transaction", isolation, readOnly };
}
