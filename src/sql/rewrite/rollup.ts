/**
 * `GROUP BY g1, g2 WITH ROLLUP`, which SQLite lacks: one member per grouping level joined by
 * UNION ALL, each grouping by a shorter prefix of the list (the last by nothing), with the
 * rolled-up expressions written NULL in its select list and HAVING outside aggregates (as
 * MySQL shows them), and GROUPING(g) 1 where g is rolled up. The members carry each grouping
 * value and their level in hidden columns, so that without an ORDER BY the rows come in
 * MySQL's order: by g1, g2, ... with each super-aggregate row after the rows it sums up. An
 * ORDER BY names select items (by alias, position or the same expression) and sorts NULLs
 * first, as MySQL does.
 *
 *   SELECT c0, c1 FROM (SELECT g1 AS c0, SUM(v) AS c1, g1 AS g0, 0 AS lvl ... GROUP BY g1
 *     UNION ALL SELECT NULL, SUM(v), NULL, 1 ... GROUP BY NULL) ORDER BY lvl >= 1, g0
 */
import type { Emitter } from "../emit/emitter.ts";
import type { Expr, Limit, OrderItem, SelectCore, SelectItem } from "../parser/ast.ts";
import { unsupported } from "../translate_errors.ts";
import { owningTable } from "./column_owner.ts";
import { emitLimit } from "./limit.ts";
import { leafRefs } from "./table_lookup.ts";

/** The grouping expressions one level rolls up. */
export interface RollupLevel {
  isRolledUp(e: Expr): boolean;
}

/** One member of the rollup: `core` grouped by `groupBy`, its select list `items` followed by
 * the `hidden` columns. */
export interface RollupMember {
  groupBy: OrderItem[];
  level: RollupLevel;
  items: SelectItem[];
  hidden: (em: Emitter) => string;
}

const LEVEL = "__marmot_rollup_level";
const item = (i: number) => `__marmot_rollup_c${i}`;
const grouping = (i: number) => `__marmot_rollup_g${i}`;

/** The SELECT of `core` (which has WITH ROLLUP) with its ORDER BY and LIMIT. */
export function emitRollup(
  em: Emitter,
  core: SelectCore,
  orderBy: OrderItem[],
  limit: Limit | null,
  emitMember: (member: RollupMember) => string,
): string {
  const key = expressionKey(em, core);
  const groups = core.groupBy.map((g) => groupingExpr(em, core, g.e));
  const n = groups.length;
  const items: SelectItem[] = core.items.map((it, i) => ({
    ...it,
    alias: { name: item(i), lit: -1 },
  }));
  const members: string[] = [];
  for (let level = 0; level <= n; level++) {
    const rolled = new Set(groups.slice(n - level).map(key));
    const rollup: RollupLevel = { isRolledUp: (e) => rolled.has(key(e)) };
    // By the expressions themselves: the members' select items have names of their own.
    const kept = groups.slice(0, n - level).map((e): OrderItem => ({ e, desc: false }));
    members.push(emitMember({
      groupBy: kept.length > 0 ? kept : [{ e: { k: "null" }, desc: false }],
      level: rollup,
      items,
      hidden: (em) =>
        groups.map((g, i) => `, ${em.expr(g)} AS ${em.ident(grouping(i))}`).join("") +
        `, ${level} AS ${em.ident(LEVEL)}`,
    }));
  }
  const columns = core.items.map((_, i) => em.ident(item(i))).join(", ");
  const order = orderBy.length > 0
    ? orderBy.map((o) =>
      `${em.ident(item(selectItemOf(em, core, o.e, key)))}${o.desc ? " DESC" : ""}`
    )
    : groups.flatMap((_, i) => [`${em.ident(LEVEL)} >= ${n - i}`, em.ident(grouping(i))]);
  const tail = limit === null ? "" : ` ${emitLimit(em, limit)}`;
  return `SELECT ${columns} FROM (${members.join(" UNION ALL ")}) ORDER BY ${
    order.join(", ")
  }${tail}`;
}

/** GROUPING(g, ...) in a rollup level: a bit per argument, 1 where it is rolled up. */
export function emitGrouping(em: Emitter, args: Expr[]): string | null {
  const level = em.rollup;
  if (level === null) return null;
  return String(args.reduce((bits, a) => (bits << 1) | (level.isRolledUp(a) ? 1 : 0), 0));
}

/** A grouping item as the expression it stands for: `GROUP BY 2` the second select item, a
 * select alias that names no column of the FROM list that item's expression. */
function groupingExpr(em: Emitter, core: SelectCore, e: Expr): Expr {
  if (e.k === "lit" && em.isIntegerLiteral(e.lit)) {
    return core.items[Number(em.literalText(e.lit)) - 1]?.e ?? e;
  }
  if (e.k === "col" && e.parts.length === 1 && owningTable(em, e.parts, [core.from]) === null) {
    const name = e.parts[0]!.toLowerCase();
    const aliased = core.items.find((i) => i.alias?.name.toLowerCase() === name);
    if (aliased !== undefined) return aliased.e;
  }
  return e;
}

/** The select item (index) an ORDER BY item names. */
function selectItemOf(
  em: Emitter,
  core: SelectCore,
  e: Expr,
  key: (e: Expr) => string,
): number {
  if (e.k === "lit" && em.isIntegerLiteral(e.lit)) {
    const i = Number(em.literalText(e.lit)) - 1;
    if (i >= 0 && i < core.items.length) return i;
  }
  if (e.k === "col" && e.parts.length === 1) {
    const name = e.parts[0]!.toLowerCase();
    const i = core.items.findIndex((it) => it.alias?.name.toLowerCase() === name);
    if (i >= 0) return i;
  }
  const i = core.items.findIndex((it) => key(it.e) === key(e));
  if (i < 0) throw unsupported("ORDER BY with ROLLUP on an expression outside the select list");
  return i;
}

/** Expressions compared by shape: literals by their text, column names case-insensitively
 * (by the name alone when one table is read, so `t.g` and `g` are the same). */
function expressionKey(em: Emitter, core: SelectCore): (e: Expr) => string {
  const oneTable = leafRefs(core.from).length <= 1;
  return (e) =>
    JSON.stringify(e, (_, v) => {
      if (v === null || typeof v !== "object") return v;
      if (v.k === "lit") return { lit: em.literalText(v.lit) };
      if (v.k === "paren") return v.e;
      if (v.k === "col") {
        const parts = (v.parts as string[]).map((p) => p.toLowerCase());
        return { col: oneTable ? parts.slice(-1) : parts };
      }
      return v;
    });
}
