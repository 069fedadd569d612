/**
 * Splits COM_QUERY text into statements on top-level semicolons. Quotes, backticks and comments
 * are skipped with MySQL's rules; an unterminated quote or comment ends the text (the
 * translator then reports the syntax error for that statement).
 */

/** Returns the statements of `sql`, trimmed, without the empty ones (only spaces or comments). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  const n = sql.length;
  let start = 0;
  let hasContent = false;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 59 /* ; */) {
      if (hasContent) out.push(sql.slice(start, i).trim());
      start = i + 1;
      hasContent = false;
      i++;
    } else if (c === 39 || c === 34 || c === 96) {
      hasContent = true;
      i = skipQuoted(sql, i, c);
    } else if (
      c === 35 /* # */ || (c === 45 && sql.charCodeAt(i + 1) === 45 && isCommentDash(sql, i))
    ) {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      // An executable comment `/*! ... */` is statement content; other comments are not.
      if (sql.charCodeAt(i + 2) === 33) hasContent = true;
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
    } else {
      if (c > 32) hasContent = true;
      i++;
    }
  }
  if (hasContent) out.push(sql.slice(start).trim());
  return out;
}

function isCommentDash(sql: string, i: number): boolean {
  const after = sql.charCodeAt(i + 2);
  return Number.isNaN(after) || after <= 32;
}

/** Offset after the closing quote (or the end of the text when unterminated). */
function skipQuoted(sql: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (c === 92 /* \ */ && quote !== 96) {
      i += 2;
    } else if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}
