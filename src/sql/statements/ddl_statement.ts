/**
 * DDL is executed by the DDL module from MySQL text; the translator only classifies it and
 * names the tables it touches: CREATE [TEMPORARY] TABLE, ALTER TABLE, DROP [TEMPORARY] TABLE,
 * CREATE / DROP [UNIQUE|FULLTEXT|SPATIAL] INDEX, CREATE [OR REPLACE] / ALTER / DROP VIEW,
 * RENAME TABLE, TRUNCATE [TABLE].
 */
import type { TokenStream } from "../parser/token_stream.ts";
import type { Statement, TranslateContext } from "../statement.ts";
import { Tok } from "../tokenizer.ts";
import { cleanedSql } from "./cleaned_sql.ts";

export function translateDdl(ts: TokenStream, ctx: TranslateContext): Statement {
  const names = targets(ts);
  const database = names.find((n) => n.db !== null)?.db ?? ctx.database;
  const tables = [...new Set(names.map((n) => n.name.toLowerCase()))];
  return { kind: "ddl", sql: cleanedSql(ts.sql, ts.tokens), database, tables };
}

interface Name {
  db: string | null;
  name: string;
}

function targets(ts: TokenStream): Name[] {
  const verb = ts.kw();
  ts.next();
  if (verb === "TRUNCATE") {
    ts.acceptKw("TABLE");
    return [name(ts)];
  }
  if (verb === "RENAME") {
    ts.expectKw("TABLE");
    const out: Name[] = [];
    do {
      out.push(name(ts));
      ts.expectKw("TO");
      out.push(name(ts));
    } while (ts.acceptOp(","));
    return out;
  }
  // Skip modifiers up to the object keyword.
  while (!ts.atEnd() && !["TABLE", "INDEX", "VIEW"].includes(ts.kw())) ts.next();
  const object = ts.kw();
  ts.next();
  if (object === "INDEX") {
    while (!ts.atEnd() && !ts.isKw("ON")) ts.next();
    if (!ts.acceptKw("ON")) throw ts.fail();
    return [name(ts)];
  }
  if (verb === "CREATE") ts.acceptKws("IF", "NOT", "EXISTS");
  else ts.acceptKws("IF", "EXISTS");
  const out = [name(ts)];
  if (verb === "DROP") { while (ts.acceptOp(",")) out.push(name(ts)); }
  return out;
}

function name(ts: TokenStream): Name {
  const first = ts.next();
  if (first.type !== Tok.Word && first.type !== Tok.QuotedIdent) throw ts.fail(first);
  if (ts.isOp(".")) {
    ts.next();
    const second = ts.next();
    if (second.type !== Tok.Word && second.type !== Tok.QuotedIdent) throw ts.fail(second);
    return { db: first.text, name: second.text };
  }
  return { db: null, name: first.text };
}
