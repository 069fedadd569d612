/**
 * A MySQL lexer for DDL and SHOW statements: comments, executable comments (`/*!50100 … *\/`),
 * backtick identifiers, strings with backslash escapes, hex and bit literals. Offsets point
 * into the original text so callers can slice raw expression text (view bodies, defaults).
 */
import { syntaxError } from "./errors.ts";

export type TokenKind =
  | "ident" // unquoted word; `upper` holds its upper-case form for keyword tests
  | "qident" // `quoted identifier`
  | "string" // 'text' or "text"; `text` is the decoded value
  | "number" // numeric literal as written
  | "hex" // X'4142' or 0x4142; `text` is the hex digits
  | "bit" // b'0101' or 0b0101; `text` is the binary digits
  | "punct" // operators and punctuation
  | "param" // ?
  | "var"; // @name or @@name as written

/** One lexical token. */
export interface Token {
  kind: TokenKind;
  /** Decoded value (identifier name, string contents) or the literal text. */
  text: string;
  /** Upper-case `text` for ident tokens, "" otherwise. */
  upper: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** The MySQL version whose executable comments run (`/*!NNNNN` with NNNNN at or below it). */
const SERVER_VERSION_ID = 80032;

const MULTI_PUNCT = ["<=>", "->>", "<=", ">=", "<>", "!=", "||", "&&", ":=", "<<", ">>", "->"];

function _isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function _isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  "'": "'",
  '"': '"',
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
  "\\": "\\",
};

/** Splits MySQL text into tokens; throws MysqlError 1064 on an unterminated literal. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let inExecComment = false;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (_isSpace(c)) {
      i++;
      continue;
    }
    if (c === "#") {
      i = _skipLine(sql, i);
      continue;
    }
    if (c === "-" && sql[i + 1] === "-" && (i + 2 >= n || _isSpace(sql[i + 2]))) {
      i = _skipLine(sql, i);
      continue;
    }
    if (c === "*" && sql[i + 1] === "/" && inExecComment) {
      inExecComment = false;
      i += 2;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      if (sql[i + 2] === "!" && !inExecComment) {
        let j = i + 3;
        while (j < n && /[0-9]/.test(sql[j]!)) j++;
        const version = j > i + 3 ? Number(sql.slice(i + 3, j)) : 0;
        if (version <= SERVER_VERSION_ID) {
          inExecComment = true;
          i = j;
          continue;
        }
      }
      const close = sql.indexOf("*/", i + 2);
      if (close < 0) throw syntaxError(sql, i);
      i = close + 2;
      continue;
    }
    const start = i;
    if (c === "`") {
      let text = "";
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(sql, start);
        const d = sql[i]!;
        if (d === "`") {
          if (sql[i + 1] === "`") {
            text += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      out.push({ kind: "qident", text, upper: "", start, end: i });
      continue;
    }
    if (c === "'" || c === '"') {
      const [text, end] = _readString(sql, i);
      i = end;
      out.push({ kind: "string", text, upper: "", start, end: i });
      continue;
    }
    // X'..', B'..', N'..' prefixes
    if ((c === "x" || c === "X" || c === "b" || c === "B") && sql[i + 1] === "'") {
      const close = sql.indexOf("'", i + 2);
      if (close < 0) throw syntaxError(sql, i);
      const digits = sql.slice(i + 2, close);
      const isHex = c === "x" || c === "X";
      if (isHex ? !/^[0-9A-Fa-f]*$/.test(digits) : !/^[01]*$/.test(digits)) {
        throw syntaxError(sql, i);
      }
      i = close + 1;
      out.push({ kind: isHex ? "hex" : "bit", text: digits, upper: "", start, end: i });
      continue;
    }
    if ((c === "n" || c === "N") && sql[i + 1] === "'") {
      const [text, end] = _readString(sql, i + 1);
      i = end;
      out.push({ kind: "string", text, upper: "", start, end: i });
      continue;
    }
    if (c === "0" && (sql[i + 1] === "x" || sql[i + 1] === "b")) {
      const isHex = sql[i + 1] === "x";
      let j = i + 2;
      while (j < n && (isHex ? /[0-9A-Fa-f]/ : /[01]/).test(sql[j]!)) j++;
      if (j > i + 2 && (j >= n || !_isIdentChar(sql[j]!))) {
        out.push({
          kind: isHex ? "hex" : "bit",
          text: sql.slice(i + 2, j),
          upper: "",
          start,
          end: j,
        });
        i = j;
        continue;
      }
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(sql.slice(i));
      const len = m ? m[0].length : 1;
      // MySQL allows identifiers that start with digits (e.g. `1abc`): the identifier scan below
      // takes those (a digit is an identifier character).
      const digitIdent = i + len < n && _isIdentChar(sql[i + len]!) && !/[.]/.test(m?.[0] ?? "");
      if (!digitIdent) {
        out.push({ kind: "number", text: sql.slice(i, i + len), upper: "", start, end: i + len });
        i += len;
        continue;
      }
    }
    if (_isIdentChar(c)) {
      let j = i;
      while (j < n && _isIdentChar(sql[j]!)) j++;
      const text = sql.slice(i, j);
      out.push({ kind: "ident", text, upper: text.toUpperCase(), start, end: j });
      i = j;
      continue;
    }
    if (c === "@") {
      let j = i + 1;
      if (sql[j] === "@") j++;
      if (sql[j] === "'" || sql[j] === '"' || sql[j] === "`") {
        const q = sql[j]!;
        const close = sql.indexOf(q, j + 1);
        if (close < 0) throw syntaxError(sql, i);
        j = close + 1;
      } else {
        while (j < n && (_isIdentChar(sql[j]!) || sql[j] === ".")) j++;
      }
      out.push({
        kind: "var",
        text: sql.slice(i, j),
        upper: sql.slice(i, j).toUpperCase(),
        start,
        end: j,
      });
      i = j;
      continue;
    }
    if (c === "?") {
      out.push({ kind: "param", text: "?", upper: "", start, end: i + 1 });
      i++;
      continue;
    }
    const multi = MULTI_PUNCT.find((p) => sql.startsWith(p, i));
    const text = multi ?? c;
    out.push({ kind: "punct", text, upper: "", start, end: i + text.length });
    i += text.length;
  }
  return out;
}

function _skipLine(sql: string, i: number): number {
  const nl = sql.indexOf("\n", i);
  return nl < 0 ? sql.length : nl + 1;
}

function _readString(sql: string, start: number): [string, number] {
  const q = sql[start]!;
  let i = start + 1;
  let text = "";
  for (;;) {
    if (i >= sql.length) throw syntaxError(sql, start);
    const d = sql[i]!;
    if (d === "\\" && i + 1 < sql.length) {
      const e = sql[i + 1]!;
      // MySQL keeps the backslash before % and _ (they are LIKE escapes)
      text += ESCAPES[e] ?? (e === "%" || e === "_" ? "\\" + e : e);
      i += 2;
      continue;
    }
    if (d === q) {
      if (sql[i + 1] === q) {
        text += q;
        i += 2;
        continue;
      }
      return [text, i + 1];
    }
    text += d;
    i++;
  }
}
