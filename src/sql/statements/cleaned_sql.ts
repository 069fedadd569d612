/** Statement text as the server executes it: comments removed, executable comments
 * (`/*! ... *\/` up to the emulated version) unwrapped, a final `;` dropped, tokens kept
 * verbatim. */
import { Tok, type Token } from "../tokenizer.ts";

export function cleanedSql(sql: string, tokens: Token[]): string {
  let out = "";
  let prevEnd = -1;
  let last = tokens.length - 1;
  const trailing = (t: Token) => t.type === Tok.End || (t.type === Tok.Op && t.text === ";");
  while (last >= 0 && trailing(tokens[last]!)) last--;
  for (let i = 0; i <= last; i++) {
    const tok = tokens[i]!;
    if (prevEnd >= 0 && tok.start > prevEnd) out += " ";
    out += sql.slice(tok.start, tok.end);
    prevEnd = tok.end;
  }
  return out;
}
