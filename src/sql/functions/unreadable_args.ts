/**
 * MySQL's warning for a temporal argument it cannot read: the function gives NULL and warns
 * 1292 `Incorrect datetime value: '2024-02-30'` (`time` for a TIME argument). The arguments
 * are read again only when the function returned NULL, so a readable call costs nothing more.
 */
import { ER } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { type SqlFunction, type Warn, withArityOf } from "./define.ts";
import { parseDateTime, parseTime } from "./temporal.ts";
import { toText } from "./values.ts";

/** What the wrapped function reads its temporal arguments as. */
export type TemporalKind = "datetime" | "time";

/** `fn`, warning when it returns NULL for a non-NULL argument at `positions` that does not
 * read as a `kind` (the first such argument). */
export function warningOnUnreadable(
  fn: SqlFunction,
  warn: Warn,
  kind: TemporalKind = "datetime",
  positions: readonly number[] = [0],
): SqlFunction {
  const parse = kind === "time" ? parseTime : parseDateTime;
  const wrapped = (...args: SqlValue[]): SqlValue => {
    const result = fn(...args);
    if (result !== null) return result;
    for (const i of positions) {
      const v = args[i];
      if (v === undefined || v === null || parse(v) !== null) continue;
      warn(ER.TRUNCATED_WRONG_VALUE, `Incorrect ${kind} value: '${toText(v)}'`);
      break;
    }
    return null;
  };
  return withArityOf(wrapped, fn);
}
