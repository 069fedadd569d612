/** The MySQL errors the translator raises: 1064 syntax errors and 1235 unsupported features. */
import { ER, MysqlError } from "../types/errors.ts";

const NEAR_LIMIT = 80;

/** MySQL's 1064 message, quoting the statement from `pos` on and giving its line number. */
export function syntaxError(sql: string, pos: number): MysqlError {
  const at = Math.max(0, Math.min(pos, sql.length));
  let line = 1;
  for (let i = 0; i < at; i++) if (sql.charCodeAt(i) === 10) line++;
  const near = sql.slice(at, at + NEAR_LIMIT);
  return new MysqlError(
    ER.PARSE_ERROR,
    "You have an error in your SQL syntax; check the manual that corresponds to your MySQL " +
      `server version for the right syntax to use near '${near}' at line ${line}`,
  );
}

/** MySQL's 1235 message for a feature this server does not implement. */
export function unsupported(feature: string): MysqlError {
  return new MysqlError(
    ER.NOT_SUPPORTED_YET,
    `This version of MySQL doesn't yet support '${feature}'`,
  );
}
