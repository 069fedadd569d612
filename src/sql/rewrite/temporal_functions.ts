/**
 * Temporal keywords and functions SQLite reads differently: CURRENT_TIMESTAMP, LOCALTIME,
 * LOCALTIMESTAMP and NOW() are `now()`, CURRENT_DATE is `curdate()`, CURRENT_TIME is
 * `curtime()` (SQLite's keywords give UTC text; the functions helper gives the session's time
 * fixed per statement); EXTRACT(unit FROM d) is `mysql_extract('UNIT', d)` and
 * TIMESTAMPDIFF(unit, a, b) is `mysql_timestampdiff('UNIT', a, b)`.
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";

const TEMPORAL: Record<string, string> = {
  NOW: "now",
  CURRENT_TIMESTAMP: "now",
  LOCALTIME: "now",
  LOCALTIMESTAMP: "now",
  CURRENT_DATE: "curdate",
  CURDATE: "curdate",
  CURRENT_TIME: "curtime",
  CURTIME: "curtime",
  UTC_DATE: "utc_date",
  UTC_TIME: "utc_time",
  UTC_TIMESTAMP: "utc_timestamp",
};

/** The temporal keyword functions; null for other calls. */
export function emitTemporalCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  const fn = TEMPORAL[e.name];
  if (fn === undefined) return null;
  return `${fn}(${e.args.map((a) => em.expr(a)).join(", ")})`;
}

export function emitExtract(em: Emitter, unit: string, e: Expr): string {
  return `mysql_extract('${unit}', ${em.expr(e)})`;
}

export function emitTimestampDiff(em: Emitter, unit: string, a: Expr, b: Expr): string {
  return `mysql_timestampdiff('${unit}', ${em.expr(a)}, ${em.expr(b)})`;
}
