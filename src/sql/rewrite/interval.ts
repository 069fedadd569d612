/**
 * Date arithmetic: `d + INTERVAL n unit`, `INTERVAL n unit + d`, `d - INTERVAL n unit`,
 * DATE_ADD / DATE_SUB / ADDDATE / SUBDATE and TIMESTAMPADD become calls of the helpers
 * `mysql_date_add(date, amount, 'UNIT')`, `mysql_date_sub(...)` and
 * `mysql_timestampadd('UNIT', n, date)` (SQLite's date() rolls 2024-01-31 + 1 month forward to
 * March; MySQL clamps to February 29).
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";

type Interval = Extract<Expr, { k: "interval" }>;

/** `+` / `-` with an INTERVAL operand; null when neither operand is an interval. */
export function emitIntervalArithmetic(em: Emitter, op: string, l: Expr, r: Expr): string | null {
  if (l.k !== "interval" && r.k !== "interval") return null;
  if (op === "+" && r.k === "interval" && l.k !== "interval") {
    return dateCall(em, "mysql_date_add", l, r);
  }
  if (op === "+" && l.k === "interval" && r.k !== "interval") {
    return dateCall(em, "mysql_date_add", r, l);
  }
  if (op === "-" && r.k === "interval" && l.k !== "interval") {
    return dateCall(em, "mysql_date_sub", l, r);
  }
  throw unsupported(`INTERVAL with ${op}`);
}

/** DATE_ADD(d, INTERVAL n unit) and friends; ADDDATE/SUBDATE(d, n) add days. */
export function emitDateAddCall(em: Emitter, e: Extract<Expr, { k: "call" }>): string | null {
  let fn: string;
  switch (e.name) {
    case "DATE_ADD":
    case "ADDDATE":
      fn = "mysql_date_add";
      break;
    case "DATE_SUB":
    case "SUBDATE":
      fn = "mysql_date_sub";
      break;
    default:
      return null;
  }
  const [date, amount] = e.args;
  if (e.args.length !== 2 || date === undefined || amount === undefined) return null;
  if (amount.k === "interval") return dateCall(em, fn, date, amount);
  if (e.name === "ADDDATE" || e.name === "SUBDATE") {
    return `${fn}(${em.expr(date)}, ${em.expr(amount)}, 'DAY')`;
  }
  throw unsupported(`${e.name} without INTERVAL`);
}

function dateCall(em: Emitter, fn: string, date: Expr, interval: Interval): string {
  return `${fn}(${em.expr(date)}, ${em.expr(interval.amount)}, '${interval.unit}')`;
}

/** TIMESTAMPADD(unit, n, d). */
export function emitTimestampAdd(em: Emitter, unit: string, n: Expr, date: Expr): string {
  return `mysql_timestampadd('${unit}', ${em.expr(n)}, ${em.expr(date)})`;
}
