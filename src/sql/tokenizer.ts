/**
 * MySQL lexer: turns one statement into tokens with MySQL's rules for quotes, escapes, comments
 * (`#`, `-- `, `/* *\/`, executable `/*! *\/`, optimizer hints) and literal forms. String and
 * number tokens are numbered in order (`lit`); those numbers are the literal slots of the
 * normalized statement (see normalizer.ts).
 */
import { decodeString } from "./string_literal.ts";
import { syntaxError } from "./translate_errors.ts";

export const Tok = {
  /** Bare word: keyword or identifier. */
  Word: 1,
  /** Backtick identifier (or double-quoted under ANSI_QUOTES). `text` is the unescaped name. */
  QuotedIdent: 2,
  /** String literal; `text` is the decoded value. */
  String: 3,
  /** Decimal number; `text` is as written. */
  Number: 4,
  /** Hexadecimal literal `x'..'` / `0x..`; `text` is the hex digits. */
  Hex: 5,
  /** Bit literal `b'..'` / `0b..`; `text` is the binary digits. */
  Bits: 6,
  /** Operator or punctuation; `text` is the operator. */
  Op: 7,
  /** `?` placeholder. */
  Param: 8,
  /** `@name`; `text` is the lower-case name. */
  UserVar: 9,
  /** `@@[scope.]name`; `text` is the lower-case name, `scope` the scope. */
  SysVar: 10,
  /** End of input. */
  End: 11,
} as const;
export type TokType = typeof Tok[keyof typeof Tok];

/** One token. `start`/`end` are offsets in the statement text. */
export interface Token {
  type: TokType;
  start: number;
  end: number;
  text: string;
  /** Literal slot of a String or Number token, -1 otherwise. */
  lit: number;
  /** Upper-case `text` of a Word, computed on demand by the parser. */
  upper?: string;
  /** SysVar scope. */
  scope?: "session" | "global";
  /** Charset introducer of a string or hex literal (`binary`, `utf8mb4`, `n` for N'..'). */
  introducer?: string;
}

export interface TokenizeOptions {
  /** Executable comments `/*!NNNNN ... *\/` run when NNNNN is at most this (e.g. 80032). */
  versionId: number;
  /** NO_BACKSLASH_ESCAPES off (MySQL default): backslash escapes in strings. */
  backslashEscapes?: boolean;
  /** ANSI_QUOTES: double quotes delimit identifiers, not strings. */
  ansiQuotes?: boolean;
}

// Character classes for ASCII; every code unit >= 0x80 counts as an identifier character.
const WORD = 1;
const DIGIT = 2;
const SPACE = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) CLASS[c] = WORD;
  if (/[0-9]/.test(ch)) CLASS[c] = WORD | DIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) CLASS[c] = SPACE;
}

function isWord(c: number): boolean {
  return c >= 128 || (c >= 0 && (CLASS[c]! & WORD) !== 0);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Single-character operators by character code (shared strings, no allocation). */
const OPS1_TEXT: Array<string | undefined> = [];
for (const ch of "(),.;=<>|&^~!+-*/%{}:") OPS1_TEXT[ch.charCodeAt(0)] = ch;

/** Charsets accepted as `_charset'...'` introducers. */
const INTRODUCERS = new Set([
  "_utf8mb4",
  "_utf8mb3",
  "_utf8",
  "_binary",
  "_latin1",
  "_ascii",
  "_ucs2",
  "_utf16",
  "_utf16le",
  "_utf32",
  "_cp1250",
  "_cp1251",
  "_cp1252",
  "_big5",
  "_gbk",
  "_gb2312",
  "_sjis",
  "_euckr",
  "_ujis",
  "_greek",
  "_hebrew",
  "_koi8r",
  "_latin2",
  "_latin5",
  "_latin7",
]);

/** Tokenizes one MySQL statement; throws MysqlError 1064 on an unterminated quote or comment. */
export function tokenize(sql: string, options: TokenizeOptions): Token[] {
  return new Lexer(sql, options).run();
}

class Lexer {
  readonly #sql: string;
  readonly #opts: TokenizeOptions;
  readonly #tokens: Token[] = [];
  #pos = 0;
  #lit = 0;
  #inExecutable = false;

  constructor(sql: string, opts: TokenizeOptions) {
    this.#sql = sql;
    this.#opts = opts;
  }

  run(): Token[] {
    const sql = this.#sql;
    const n = sql.length;
    while (true) {
      this.#skipSpaceAndComments();
      if (this.#pos >= n) break;
      this.#scanToken();
    }
    this.#tokens.push({ type: Tok.End, start: n, end: n, text: "", lit: -1 });
    return this.#tokens;
  }

  #push(type: TokType, start: number, end: number, text: string): Token {
    const tok: Token = { type, start, end, text, lit: -1 };
    if (type === Tok.String || type === Tok.Number) tok.lit = this.#lit++;
    this.#tokens.push(tok);
    return tok;
  }

  #skipSpaceAndComments(): void {
    const sql = this.#sql;
    const n = sql.length;
    while (this.#pos < n) {
      const c = sql.charCodeAt(this.#pos);
      if (c < 128 && (CLASS[c]! & SPACE) !== 0) {
        this.#pos++;
      } else if (c === 35 /* # */) {
        this.#skipLine();
      } else if (c === 45 /* - */ && sql.charCodeAt(this.#pos + 1) === 45) {
        const after = sql.charCodeAt(this.#pos + 2);
        // MySQL: `--` starts a comment only before whitespace, a control character or the end.
        if (Number.isNaN(after) || after <= 32) this.#skipLine();
        else return;
      } else if (c === 47 /* / */ && sql.charCodeAt(this.#pos + 1) === 42 /* * */) {
        this.#comment();
      } else if (c === 42 /* * */ && this.#inExecutable && sql.charCodeAt(this.#pos + 1) === 47) {
        this.#inExecutable = false;
        this.#pos += 2;
      } else {
        return;
      }
    }
  }

  #skipLine(): void {
    const nl = this.#sql.indexOf("\n", this.#pos);
    this.#pos = nl < 0 ? this.#sql.length : nl + 1;
  }

  #comment(): void {
    const sql = this.#sql;
    const start = this.#pos;
    const marker = sql.charCodeAt(start + 2);
    const close = sql.indexOf("*/", start + 2);
    if (close < 0) throw syntaxError(sql, start);
    if (marker === 33 /* ! */ && !this.#inExecutable) {
      let p = start + 3;
      while (p < sql.length && isDigit(sql.charCodeAt(p))) p++;
      const digits = p - (start + 3);
      const version = digits >= 5 ? Number(sql.slice(start + 3, p)) : 0;
      if (version <= this.#opts.versionId) {
        // The content is ordinary SQL; the closing `*/` is skipped when reached.
        this.#inExecutable = true;
        this.#pos = p;
        return;
      }
    }
    // Plain comments, optimizer hints `/*+ */`, MariaDB-only `/*M! */`, newer-version content.
    this.#pos = close + 2;
  }

  #scanToken(): void {
    const sql = this.#sql;
    const start = this.#pos;
    const c = sql.charCodeAt(start);
    if (c === 39 /* ' */ || (c === 34 /* " */ && !this.#opts.ansiQuotes)) {
      this.#string(start, start, undefined);
      return;
    }
    if (c === 96 /* ` */ || c === 34) {
      const end = this.#quoted(start, String.fromCharCode(c));
      this.#push(Tok.QuotedIdent, start, end, unescapeQuoted(sql.slice(start + 1, end - 1), c));
      return;
    }
    if (
      isDigit(c) || (c === 46 /* . */ && isDigit(sql.charCodeAt(start + 1)) && !this.#afterName())
    ) {
      if (this.#afterDot()) this.#word(start);
      else this.#number(start);
      return;
    }
    if (isWord(c)) {
      this.#word(start);
      return;
    }
    if (c === 63 /* ? */) {
      this.#pos++;
      this.#push(Tok.Param, start, start + 1, "?");
      return;
    }
    if (c === 64 /* @ */) {
      this.#variable(start);
      return;
    }
    if (c === 0) throw syntaxError(sql, start);
    this.#operator(start);
  }

  /** A `.` right after a name or closing quote is a qualifier separator, not a decimal point. */
  #afterName(): boolean {
    const prev = this.#sql.charCodeAt(this.#pos - 1);
    return this.#pos > 0 && (isWord(prev) || prev === 96 || prev === 34);
  }

  /** Right after `name.` a digit starts an identifier (`t.1col`), not a number. */
  #afterDot(): boolean {
    const last = this.#tokens[this.#tokens.length - 1];
    return last !== undefined && last.type === Tok.Op && last.text === "." &&
      last.end === this.#pos;
  }

  #string(tokenStart: number, quoteAt: number, introducer: string | undefined): void {
    const sql = this.#sql;
    const quote = sql.charCodeAt(quoteAt);
    const escapes = this.#opts.backslashEscapes !== false;
    let p = quoteAt + 1;
    let plain = true;
    while (true) {
      if (p >= sql.length) throw syntaxError(sql, quoteAt);
      const ch = sql.charCodeAt(p);
      if (ch === 92 /* \ */ && escapes) {
        plain = false;
        p += 2;
      } else if (ch === quote) {
        if (sql.charCodeAt(p + 1) === quote) {
          plain = false;
          p += 2;
        } else {
          break;
        }
      } else {
        p++;
      }
    }
    const raw = sql.slice(quoteAt + 1, p);
    const value = plain ? raw : decodeString(raw, quote, escapes);
    this.#pos = p + 1;
    const prev = this.#tokens[this.#tokens.length - 1];
    if (introducer === undefined && prev !== undefined && prev.type === Tok.String) {
      // Adjacent literals are one string: 'a' 'b' is 'ab'.
      prev.text += value;
      prev.end = this.#pos;
      return;
    }
    const tok = this.#push(Tok.String, tokenStart, this.#pos, value);
    if (introducer !== undefined) tok.introducer = introducer;
  }

  /** Scans a quoted identifier or name; returns the offset after the closing quote. */
  #quoted(start: number, quote: string): number {
    const sql = this.#sql;
    let p = start + 1;
    while (true) {
      const close = sql.indexOf(quote, p);
      if (close < 0) throw syntaxError(sql, start);
      if (sql[close + 1] === quote) {
        p = close + 2;
        continue;
      }
      this.#pos = close + 1;
      return close + 1;
    }
  }

  #number(start: number): void {
    const sql = this.#sql;
    const n = sql.length;
    const c1 = sql.charCodeAt(start + 1);
    if (sql.charCodeAt(start) === 48 && (c1 === 120 || c1 === 98) /* 0x 0b */) {
      let p = start + 2;
      const hex = c1 === 120;
      while (p < n && (hex ? isHexDigit(sql.charCodeAt(p)) : isBinDigit(sql.charCodeAt(p)))) p++;
      if (p > start + 2 && !isWord(sql.charCodeAt(p))) {
        this.#pos = p;
        this.#push(hex ? Tok.Hex : Tok.Bits, start, p, sql.slice(start + 2, p));
        return;
      }
      this.#word(start);
      return;
    }
    let p = start;
    while (p < n && isDigit(sql.charCodeAt(p))) p++;
    if (sql.charCodeAt(p) === 46 /* . */) {
      p++;
      while (p < n && isDigit(sql.charCodeAt(p))) p++;
    }
    const e = sql.charCodeAt(p);
    if (e === 101 || e === 69) {
      let q = p + 1;
      const sign = sql.charCodeAt(q);
      if (sign === 43 || sign === 45) q++;
      if (isDigit(sql.charCodeAt(q))) {
        while (q < n && isDigit(sql.charCodeAt(q))) q++;
        p = q;
      }
    }
    if (p < n && isWord(sql.charCodeAt(p)) && sql.charCodeAt(start) !== 46) {
      // `123abc` and `1e5x` are identifiers in MySQL.
      this.#word(start);
      return;
    }
    this.#pos = p;
    this.#push(Tok.Number, start, p, sql.slice(start, p));
  }

  #word(start: number): void {
    const sql = this.#sql;
    let p = start;
    while (p < sql.length && isWord(sql.charCodeAt(p))) p++;
    const word = sql.slice(start, p);
    const next = sql.charCodeAt(p);
    if (next === 39 /* ' */ && word.length === 1) {
      const w = word.toLowerCase();
      if (w === "x" || w === "b") {
        const close = sql.indexOf("'", p + 1);
        if (close < 0) throw syntaxError(sql, start);
        const digits = sql.slice(p + 1, close);
        const ok = w === "x"
          ? /^[0-9a-fA-F]*$/.test(digits) && digits.length % 2 === 0
          : /^[01]*$/.test(digits);
        if (!ok) throw syntaxError(sql, start);
        this.#pos = close + 1;
        this.#push(w === "x" ? Tok.Hex : Tok.Bits, start, close + 1, digits);
        return;
      }
      if (w === "n") {
        this.#string(start, p, "n");
        return;
      }
    }
    if (word.charCodeAt(0) === 95 /* _ */ && INTRODUCERS.has(word.toLowerCase())) {
      let q = p;
      while (
        q < sql.length && sql.charCodeAt(q) < 128 && (CLASS[sql.charCodeAt(q)]! & SPACE) !== 0
      ) q++;
      const qc = sql.charCodeAt(q);
      const charset = word.slice(1).toLowerCase();
      if (qc === 39 || (qc === 34 && !this.#opts.ansiQuotes)) {
        this.#string(start, q, charset);
        return;
      }
      if (qc === 48 || qc === 120 || qc === 88 || qc === 98 || qc === 66) {
        // `_binary 0x41`, `_utf8mb4 x'41'`: the introducer only tags the literal.
        this.#pos = q;
        const before = this.#tokens.length;
        this.#scanToken();
        const tok = this.#tokens[before];
        if (tok !== undefined && (tok.type === Tok.Hex || tok.type === Tok.Bits)) {
          tok.start = start;
          tok.introducer = charset;
          return;
        }
        this.#tokens.length = before;
        this.#pos = p;
      }
    }
    this.#pos = p;
    this.#push(Tok.Word, start, p, word);
  }

  #variable(start: number): void {
    const sql = this.#sql;
    if (sql.charCodeAt(start + 1) === 64 /* @@ */) {
      let p = start + 2;
      let scope: "session" | "global" = "session";
      const scopeMatch = /^(global|session|local|persist_only|persist)\./i.exec(
        sql.slice(p, p + 13),
      );
      if (scopeMatch !== null) {
        const s = scopeMatch[1]!.toLowerCase();
        scope = s === "global" || s.startsWith("persist") ? "global" : "session";
        p += scopeMatch[0].length;
      }
      let name: string;
      if (sql.charCodeAt(p) === 96) {
        const end = this.#quoted(p, "`");
        name = unescapeQuoted(sql.slice(p + 1, end - 1), 96);
        p = end;
      } else {
        const begin = p;
        while (p < sql.length && (isWord(sql.charCodeAt(p)) || sql.charCodeAt(p) === 46)) p++;
        name = sql.slice(begin, p);
      }
      if (name === "") throw syntaxError(sql, start);
      this.#pos = p;
      const tok = this.#push(Tok.SysVar, start, p, name.toLowerCase());
      tok.scope = scope;
      return;
    }
    const q = sql.charCodeAt(start + 1);
    if (q === 39 || q === 34 || q === 96) {
      const end = this.#quoted(start + 1, String.fromCharCode(q));
      const name = q === 96
        ? unescapeQuoted(sql.slice(start + 2, end - 1), q)
        : decodeString(sql.slice(start + 2, end - 1), q, this.#opts.backslashEscapes !== false);
      this.#push(Tok.UserVar, start, end, name.toLowerCase());
      return;
    }
    let p = start + 1;
    while (p < sql.length && (isWord(sql.charCodeAt(p)) || sql.charCodeAt(p) === 46)) p++;
    if (p === start + 1) throw syntaxError(sql, start);
    this.#pos = p;
    this.#push(Tok.UserVar, start, p, sql.slice(start + 1, p).toLowerCase());
  }

  #operator(start: number): void {
    const sql = this.#sql;
    const c = sql.charCodeAt(start);
    const c1 = sql.charCodeAt(start + 1);
    let len = 1;
    switch (c) {
      case 60: // <
        if (c1 === 61 && sql.charCodeAt(start + 2) === 62) len = 3; // <=>
        else if (c1 === 61 || c1 === 62 || c1 === 60) len = 2; // <= <> <<
        break;
      case 62: // >
        if (c1 === 61 || c1 === 62) len = 2; // >= >>
        break;
      case 33: // !
        if (c1 === 61) len = 2; // !=
        break;
      case 124: // |
        if (c1 === 124) len = 2;
        break;
      case 38: // &
        if (c1 === 38) len = 2;
        break;
      case 58: // :
        if (c1 === 61) len = 2; // :=
        break;
      case 45: // -
        if (c1 === 62) len = sql.charCodeAt(start + 2) === 62 ? 3 : 2; // -> ->>
        break;
    }
    const op = len === 1 ? OPS1_TEXT[c] : sql.slice(start, start + len);
    if (op === undefined) throw syntaxError(sql, start);
    this.#pos = start + len;
    this.#push(Tok.Op, start, start + len, op);
  }
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function isBinDigit(c: number): boolean {
  return c === 48 || c === 49;
}

function unescapeQuoted(body: string, quote: number): string {
  const q = String.fromCharCode(quote);
  return body.includes(q) ? body.replaceAll(q + q, q) : body;
}
