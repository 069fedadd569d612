/** Decoding of MySQL string literal bodies (backslash escapes, doubled quotes). */

/** The characters a backslash escape stands for, in string literals and in LOAD DATA files
 * alike; after a backslash any other character stands for itself. */
export const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  "b": "\b",
  "n": "\n",
  "r": "\r",
  "t": "\t",
  "Z": "\x1a",
};

const ESCAPES: Record<string, string> = {
  ...BACKSLASH_ESCAPES,
  // MySQL keeps the backslash before % and _ so that LIKE patterns still see it.
  "%": "\\%",
  "_": "\\_",
};

/**
 * Decodes the text between the quotes of a MySQL string literal: `\n`, `\t`, `\0`, `\Z`, `\\`,
 * `\'`, `\"` and a doubled quote; `\%` and `\_` keep their backslash; `\x` for any other x is x.
 */
export function decodeString(body: string, quote: number, backslashEscapes: boolean): string {
  const q = String.fromCharCode(quote);
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === "\\" && backslashEscapes && i + 1 < body.length) {
      const next = body[i + 1]!;
      out += ESCAPES[next] ?? next;
      i += 2;
    } else if (ch === q && body[i + 1] === q) {
      out += q;
      i += 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Quotes a value as a SQLite string literal; NUL bytes need a blob cast (SQLite text stops there). */
export function sqliteStringLiteral(value: string): string {
  if (value.includes("\0")) {
    const hex = Array.from(new TextEncoder().encode(value), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    return `CAST(x'${hex}' AS TEXT)`;
  }
  return `'${value.replaceAll("'", "''")}'`;
}
