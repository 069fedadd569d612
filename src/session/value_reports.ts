/**
 * What SQL functions report about the values a statement computes and writes: a division by
 * zero (1365), a NULL for a NOT NULL column (1048), and what storing a value in its column
 * lost (1264, 1406, 1366, 1265, 1292). MySQL's rules decide between a warning and the
 * statement's error: a write under a strict sql_mode fails, unless it is INSERT / UPDATE
 * IGNORE; a single-row INSERT refuses NULL in any mode.
 */
import type { Warning } from "../sql/ddl/mod.ts";
import type { StoreIssue } from "../sql/functions/mod.ts";
import type { Statement } from "../sql/statement.ts";
import { ER, MysqlError } from "../types/errors.ts";
import { writesIgnoring } from "./write_statement.ts";

/** Warnings kept per statement (MySQL's max_error_count default). */
const MAX_WARNINGS = 1024;

/** One session's reports for the statement it runs. */
export class ValueReports {
  #warnings: Warning[] = [];
  #strict = false;
  #ignoring = false;
  #divisionByZero = false;
  /** Per column, the issues reported in the statement (their row number). */
  #rows = new Map<string, number>();

  /** Starts the reports of `statement`, run under `sqlMode`. */
  begin(statement: Statement, sqlMode: string): void {
    this.#warnings = [];
    this.#rows.clear();
    const write = statement.kind === "write";
    this.#strict = write && /STRICT_(TRANS|ALL)_TABLES/.test(sqlMode);
    this.#ignoring = write && writesIgnoring(statement);
    this.#divisionByZero = sqlMode.includes("ERROR_FOR_DIVISION_BY_ZERO");
  }

  /** Ends the statement: SQL run later under its hooks (another session's, replication) is
   * never failed by its strict mode. */
  end(): void {
    this.#strict = false;
    this.#ignoring = false;
  }

  /** The running write is under a strict sql_mode. */
  get strict(): boolean {
    return this.#strict;
  }

  /** The warnings reported in the running statement. */
  get warnings(): Warning[] {
    return this.#warnings;
  }

  /** `/`, DIV or MOD divided by zero (warned only with ERROR_FOR_DIVISION_BY_ZERO). */
  divisionByZero(): void {
    if (this.#divisionByZero) this.#report(ER.DIVISION_BY_ZERO, "Division by 0", this.#strict);
  }

  /** A function's warning (an argument it could not read): never the statement's error. */
  warning(code: number, message: string): void {
    this.#report(code, message, false);
  }

  /** NULL for a NOT NULL column (the column's default is written instead). */
  nullIntoNotNull(column: string, singleRowInsert: boolean): void {
    const message = `Column '${column}' cannot be null`;
    this.#report(ER.BAD_NULL, message, this.#strict || singleRowInsert);
  }

  /** What writing a value to `column` lost. MySQL numbers the row; here it is the count of
   * the column's reports in the statement (exact for a single row). */
  storeIssue(issue: StoreIssue, column: string): void {
    const row = (this.#rows.get(column) ?? 0) + 1;
    if (this.#rows.size < MAX_WARNINGS) this.#rows.set(column, row);
    const at = `for column '${column}' at row ${row}`;
    const strict = this.#strict;
    switch (issue.kind) {
      case "range":
        return this.#report(ER.WARN_DATA_OUT_OF_RANGE, `Out of range value ${at}`, strict);
      case "too_long":
        // Refused as too long; let through (cut) as truncated.
        this.#fail(ER.DATA_TOO_LONG, `Data too long ${at}`, strict);
        return this.#report(ER.WARN_DATA_TRUNCATED, `Data truncated ${at}`, false);
      case "truncated":
        return this.#report(ER.WARN_DATA_TRUNCATED, `Data truncated ${at}`, strict);
      case "invalid": {
        const text = issue.text.length > 64 ? issue.text.slice(0, 64) : issue.text;
        const message = `Incorrect ${issue.type} value: '${text}' ${at}`;
        if (issue.type === "integer" || issue.type === "decimal") {
          return this.#report(ER.TRUNCATED_WRONG_VALUE_FOR_FIELD, message, strict);
        }
        // A date MySQL cannot read: refused in strict mode, else a zero date and a warning.
        this.#fail(ER.TRUNCATED_WRONG_VALUE, message, strict);
        return this.#report(ER.WARN_DATA_TRUNCATED, `Data truncated ${at}`, false);
      }
    }
  }

  /** Throws `code` when `fails` (not under IGNORE), else adds it as a warning. */
  #report(code: number, message: string, fails: boolean): void {
    this.#fail(code, message, fails);
    if (this.#warnings.length < MAX_WARNINGS) {
      this.#warnings.push({ level: "Warning", code, message });
    }
  }

  #fail(code: number, message: string, fails: boolean): void {
    if (fails && !this.#ignoring) throw new MysqlError(code, message);
  }
}
