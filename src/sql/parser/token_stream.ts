/** A cursor over the tokens of one statement with the keyword and operator helpers the
 * recursive-descent parser needs. Every failure is MySQL error 1064 pointing at the token. */
import type { MysqlError } from "../../types/errors.ts";
import { Tok, type Token } from "../tokenizer.ts";
import { syntaxError } from "../translate_errors.ts";
import { RESERVED } from "./reserved_words.ts";

export class TokenStream {
  readonly sql: string;
  readonly tokens: Token[];
  /** Literal slots whose value decides the translation (aliases, ORDER BY positions, ...). */
  readonly structural = new Set<number>();
  /** Number of `?` placeholders seen, in order. */
  placeholders = 0;
  /** Whether `?` placeholders are allowed (COM_STMT_PREPARE). */
  readonly prepared: boolean;
  /** The statement changes session state as it runs (`@v := e`, LAST_INSERT_ID(e)): its
   * reads of that state must see each change, not a value bound at the start. */
  changesSessionState = false;
  pos = 0;

  constructor(sql: string, tokens: Token[], prepared: boolean) {
    this.sql = sql;
    this.tokens = tokens;
    this.prepared = prepared;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const tok = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return tok;
  }

  /** Upper-case keyword at `offset`, or "" when that token is not a bare word. */
  kw(offset = 0): string {
    const tok = this.peek(offset);
    if (tok.type !== Tok.Word) return "";
    return tok.upper ??= tok.text.toUpperCase();
  }

  isKw(word: string, offset = 0): boolean {
    return this.kw(offset) === word;
  }

  acceptKw(word: string): boolean {
    if (this.kw() !== word) return false;
    this.pos++;
    return true;
  }

  /** Accepts a sequence of keywords only when all of them follow. */
  acceptKws(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (this.kw(i) !== words[i]) return false;
    this.pos += words.length;
    return true;
  }

  expectKw(word: string): void {
    if (!this.acceptKw(word)) throw this.fail();
  }

  expectKws(...words: string[]): void {
    for (const word of words) this.expectKw(word);
  }

  isOp(op: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.type === Tok.Op && tok.text === op;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.fail();
  }

  atEnd(): boolean {
    const tok = this.peek();
    return tok.type === Tok.End || (tok.type === Tok.Op && tok.text === ";");
  }

  /** Fails unless only an optional `;` is left. */
  expectEnd(): void {
    this.acceptOp(";");
    if (this.peek().type !== Tok.End) throw this.fail();
  }

  /** A syntax error at the current (or given) token. */
  fail(tok: Token = this.peek()): MysqlError {
    return syntaxError(this.sql, tok.start);
  }

  /** True when the current token can be an identifier (not a reserved word). */
  isIdent(offset = 0): boolean {
    const tok = this.peek(offset);
    if (tok.type === Tok.QuotedIdent) return true;
    return tok.type === Tok.Word && !RESERVED.has(this.kw(offset));
  }

  /** An identifier: a quoted name or a non-reserved word. */
  ident(): string {
    if (!this.isIdent()) throw this.fail();
    return this.next().text;
  }

  /** A name after a `.` qualifier, where MySQL allows reserved words too. */
  nameAfterDot(): string {
    const tok = this.peek();
    if (tok.type !== Tok.Word && tok.type !== Tok.QuotedIdent) throw this.fail();
    return this.next().text;
  }

  /** `a[.b[.c]]` as parts. */
  qualifiedName(): string[] {
    const parts = [this.ident()];
    while (this.isOp(".") && this.peek(1).type !== Tok.Op) {
      this.pos++;
      parts.push(this.nameAfterDot());
    }
    return parts;
  }

  /** `(a, b, ...)` of identifiers. */
  identList(): string[] {
    this.expectOp("(");
    const names = [this.ident()];
    while (this.acceptOp(",")) names.push(this.ident());
    this.expectOp(")");
    return names;
  }

  /** Source text from token index `from` up to (not including) the current token. */
  textSince(from: number): string {
    const first = this.tokens[from]!;
    const last = this.tokens[Math.max(from, this.pos - 1)]!;
    return this.sql.slice(first.start, last.end);
  }
}
