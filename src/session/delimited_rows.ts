/**
 * Splits LOAD DATA input into rows of fields as MySQL reads it: fields end at FIELDS TERMINATED
 * BY, rows at LINES TERMINATED BY (both any length), a field may be enclosed in ENCLOSED BY
 * (a doubled enclosure character stands for itself, terminators inside are text), ESCAPED BY
 * introduces \0 \b \n \r \t \Z and makes any other character literal, and an unenclosed `\N`
 * is NULL. A row is skipped up to LINES STARTING BY, and a row without that prefix is skipped.
 * Text arrives in chunks; the parser keeps its place between them, so memory stays bounded by
 * one row whatever the file's size.
 */
import type { LoadData } from "../sql/statement.ts";
import { BACKSLASH_ESCAPES } from "../sql/string_literal.ts";

/** One field: its text, or null for `\N`. */
export type Field = string | null;

export class DelimitedRows {
  readonly #f: LoadData;
  /** Characters that may still begin a terminator, an escape or a doubled enclosure. */
  readonly #keep: number;
  #text = "";
  #row: Field[] = [];
  #field = "";
  /** The field so far is `\N` (NULL) unless more follows. */
  #null = false;
  #enclosed = false;
  /** The current field was enclosed and its closing enclosure seen. */
  #closed = false;
  /** At the start of a row, before its STARTING BY prefix was found. */
  #rowStart = true;
  /** The row has any content (an empty last line is not a row). */
  #started = false;
  #skipLines: number;

  constructor(format: LoadData) {
    this.#f = format;
    this.#keep = Math.max(
      format.fieldsTerminatedBy.length,
      format.linesTerminatedBy.length,
      format.linesStartingBy.length,
      2,
    );
    this.#skipLines = format.ignoreLines;
  }

  /** The rows completed by `text` (the last characters may wait for the next chunk). */
  push(text: string): Field[][] {
    this.#text += text;
    return this.#parse(this.#text.length - this.#keep);
  }

  /** The rows left once the input ended. */
  end(): Field[][] {
    const rows = this.#parse(this.#text.length);
    if (this.#started) this.#endRow(rows);
    return rows;
  }

  #parse(limit: number): Field[][] {
    const f = this.#f;
    const t = this.#text;
    const rows: Field[][] = [];
    let i = 0;
    while (i < limit) {
      if (this.#rowStart && f.linesStartingBy !== "") {
        const at = t.indexOf(f.linesStartingBy, i);
        const lineEnd = t.indexOf(f.linesTerminatedBy, i);
        if (at >= 0 && (lineEnd < 0 || at < lineEnd)) {
          i = at + f.linesStartingBy.length;
          this.#rowStart = false;
          continue;
        }
        // No prefix before the line ends: the line is skipped (or wait for more text).
        if (lineEnd < 0 || lineEnd >= limit) {
          i = Math.max(i, limit - f.linesStartingBy.length);
          break;
        }
        i = lineEnd + f.linesTerminatedBy.length;
        continue;
      }
      this.#rowStart = false;
      const c = t[i]!;
      if (
        !this.#enclosed && !this.#closed && this.#field === "" && !this.#null &&
        f.enclosedBy !== "" && c === f.enclosedBy
      ) {
        this.#enclosed = true;
        this.#started = true;
        i++;
        continue;
      }
      if (c === f.escapedBy && f.escapedBy !== "" && i + 1 < t.length) {
        const next = t[i + 1]!;
        if (next === "N" && !this.#enclosed && this.#field === "" && !this.#closed) {
          this.#null = true;
        } else {
          this.#append(BACKSLASH_ESCAPES[next] ?? next);
        }
        this.#started = true;
        i += 2;
        continue;
      }
      if (this.#enclosed) {
        if (c === f.enclosedBy) {
          if (t[i + 1] === f.enclosedBy) {
            this.#append(c);
            i += 2;
          } else {
            this.#enclosed = false;
            this.#closed = true;
            i++;
          }
          continue;
        }
        this.#append(c);
        i++;
        continue;
      }
      if (f.fieldsTerminatedBy !== "" && t.startsWith(f.fieldsTerminatedBy, i)) {
        this.#endField();
        this.#started = true;
        i += f.fieldsTerminatedBy.length;
        continue;
      }
      if (t.startsWith(f.linesTerminatedBy, i)) {
        if (this.#started || this.#field !== "") this.#endRow(rows);
        else this.#resetRow();
        i += f.linesTerminatedBy.length;
        continue;
      }
      this.#append(c);
      this.#started = true;
      i++;
    }
    this.#text = t.slice(Math.min(i, t.length));
    return rows;
  }

  #append(text: string): void {
    this.#null = false;
    this.#field += text;
  }

  #endField(): void {
    this.#row.push(this.#null ? null : this.#field);
    this.#field = "";
    this.#null = false;
    this.#closed = false;
  }

  #endRow(rows: Field[][]): void {
    this.#endField();
    if (this.#skipLines > 0) this.#skipLines--;
    else rows.push(this.#row);
    this.#resetRow();
  }

  #resetRow(): void {
    this.#row = [];
    this.#field = "";
    this.#null = false;
    this.#enclosed = false;
    this.#closed = false;
    this.#rowStart = true;
    this.#started = false;
  }
}
