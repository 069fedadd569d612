/** A cursor over tokens with the small helpers a recursive-descent DDL parser needs. */
import { syntaxError } from "./errors.ts";
import type { Token } from "./tokenizer.ts";
import type { MysqlError } from "../../types/errors.ts";

/** A schema-qualified name as written: `db.t` or `t`. */
export interface QualifiedName {
  db: string | null;
  name: string;
}

/** Cursor over the tokens of one statement. */
export class TokenStream {
  readonly sql: string;
  readonly tokens: Token[];
  pos = 0;

  constructor(sql: string, tokens: Token[]) {
    this.sql = sql;
    // A trailing `;` ends the statement.
    let end = tokens.length;
    while (end > 0 && tokens[end - 1]!.kind === "punct" && tokens[end - 1]!.text === ";") end--;
    this.tokens = tokens.slice(0, end);
  }

  /** The token at `offset` from the cursor, or undefined past the end. */
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (!t) throw this.error();
    this.pos++;
    return t;
  }

  /** True when the token at `offset` is the unquoted keyword `word`. */
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === "ident" && t.upper === word;
  }

  /** True when the token at `offset` is the punctuation `p`. */
  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === "punct" && t.text === p;
  }

  /** Consumes the keyword sequence if present. */
  acceptWords(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isWord(words[i]!, i)) return false;
    this.pos += words.length;
    return true;
  }

  /** Consumes one of the keywords and returns it (upper-case), or null. */
  acceptAny(...words: string[]): string | null {
    const t = this.peek();
    if (t && t.kind === "ident" && words.includes(t.upper)) {
      this.pos++;
      return t.upper;
    }
    return null;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw this.error();
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw this.error();
  }

  /** An identifier (quoted, or unquoted and not a reserved word that cannot start one). */
  identifier(): string {
    const t = this.peek();
    if (t && (t.kind === "qident" || (t.kind === "ident" && !RESERVED.has(t.upper)))) {
      this.pos++;
      return t.text;
    }
    // MySQL accepts 'single-quoted' names in a few places (column lists of keys); so do we
    if (t && t.kind === "string" && this.allowStringNames) {
      this.pos++;
      return t.text;
    }
    throw this.error();
  }

  allowStringNames = false;

  /** `name` or `db.name`. */
  qualifiedName(): QualifiedName {
    const first = this.identifier();
    if (this.isPunct(".")) {
      this.pos++;
      return { db: first, name: this.identifier() };
    }
    return { db: null, name: first };
  }

  /** A string literal, with adjacent literals concatenated as MySQL does. */
  string(): string {
    const t = this.peek();
    if (!t || t.kind !== "string") throw this.error();
    this.pos++;
    let s = t.text;
    while (this.peek()?.kind === "string") s += this.next().text;
    return s;
  }

  /** A non-negative integer literal. */
  integer(): number {
    const t = this.peek();
    if (!t || t.kind !== "number" || !/^\d+$/.test(t.text)) throw this.error();
    this.pos++;
    return Number(t.text);
  }

  /** Skips `= ` when present (table options allow it). */
  optionalEquals(): void {
    this.acceptPunct("=");
  }

  /** Index of the token closing the parenthesis that opens at the cursor. */
  matchingParen(): number {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== "punct") continue;
      if (t.text === "(") depth++;
      else if (t.text === ")") {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw this.error();
  }

  /** 1064 at the current token (or the end of the text). */
  error(): MysqlError {
    const t = this.peek();
    return syntaxError(this.sql, t ? t.start : this.sql.length);
  }
}

/** Words that cannot be unquoted identifiers in the places our grammar reads names. */
const RESERVED = new Set([
  "ADD",
  "ALTER",
  "AND",
  "AS",
  "ASC",
  "BY",
  "CHANGE",
  "CHECK",
  "COLLATE",
  "COLUMN",
  "CONSTRAINT",
  "CREATE",
  "DEFAULT",
  "DELETE",
  "DESC",
  "DROP",
  "FOREIGN",
  "FROM",
  "FULLTEXT",
  "IF",
  "IN",
  "INDEX",
  "KEY",
  "LIKE",
  "MODIFY",
  "NOT",
  "NULL",
  "ON",
  "OR",
  "PRIMARY",
  "REFERENCES",
  "RENAME",
  "SELECT",
  "SET",
  "SPATIAL",
  "TABLE",
  "TO",
  "UNIQUE",
  "UPDATE",
  "USING",
  "WHERE",
  "WITH",
]);
