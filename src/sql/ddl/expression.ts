/**
 * Token-level conversion of small MySQL expressions (DEFAULT (expr), CHECK (expr), generated
 * columns, and view bodies when no translator is wired in) into SQLite text: identifiers
 * re-quoted, strings re-escaped, `||`/`&&`/`<=>` rewritten. Anything richer goes through the
 * translator seam (`DdlContext.translateSelect` / `translateExpression`).
 */
import type { Token } from "./tokenizer.ts";
import { sqlIdent, sqlString } from "./mysql_type.ts";
import { MysqlError } from "../../types/errors.ts";

/** Converts tokens [from, to) to SQLite SQL text. */
export function tokensToSqlite(tokens: Token[], from = 0, to = tokens.length): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    switch (t.kind) {
      case "qident":
        parts.push(sqlIdent(t.text));
        break;
      case "string": {
        let s = t.text;
        // adjacent literals concatenate
        while (i + 1 < to && tokens[i + 1]!.kind === "string") s += tokens[++i]!.text;
        parts.push(sqlString(s));
        break;
      }
      case "hex":
        parts.push(`X'${t.text.length % 2 ? "0" + t.text : t.text}'`);
        break;
      case "bit":
        parts.push(t.text === "" ? "0" : BigInt("0b" + t.text).toString());
        break;
      case "ident":
        if (t.text.startsWith("_") && tokens[i + 1]?.kind === "string") break; // charset introducer
        parts.push(t.text);
        break;
      case "punct":
        parts.push(
          t.text === "||" ? "OR" : t.text === "&&" ? "AND" : t.text === "<=>" ? "IS" : t.text,
        );
        break;
      case "param":
      case "var":
        throw new MysqlError(
          1351,
          "View's SELECT contains a variable or parameter",
          "HY000",
        );
      default:
        parts.push(t.text);
    }
  }
  return _join(parts);
}

/** Joins parts with spaces except around punctuation that reads better tight. */
function _join(parts: string[]): string {
  let out = "";
  for (const p of parts) {
    if (out === "") out = p;
    else if (p === "," || p === ")" || p === "." || out.endsWith("(") || out.endsWith(".")) {
      out += p;
    } else if (p === "(" && /[A-Za-z0-9_"]$/.test(out)) out += p;
    else out += " " + p;
  }
  return out;
}
