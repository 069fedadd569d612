/** Statement text as the server executes it: comments removed, executable comments
 * (`/*! ... *\/` up to the emulated version) unwrapped, tokens kept verbatim. */
import type { Token } from "../tokenizer.ts";

export function cleanedSql(sql: string, tokens: Token[]): string {
  let out = "";
  let prevEnd = -1;
  for (const tok of tokens) {
    if (tok.start === tok.end) continue;
    if (prevEnd >= 0 && tok.start > prevEnd) out += " ";
    out += sql.slice(tok.start, tok.end);
    prevEnd = tok.end;
  }
  return out;
}
