/**
 * Writes SELECT queries: WITH, compound members (SQLite allows neither parentheses nor
 * ORDER BY / LIMIT on a member, so such members become subqueries), select lists, FROM with
 * joins and derived tables (column lists through a WITH), ORDER BY and LIMIT.
 */
import type {
  Expr,
  Limit,
  OrderItem,
  Query,
  QueryBody,
  SelectCore,
  SelectItem,
  TableRef,
} from "../parser/ast.ts";
import {
  havingAliases,
  type HavingResolution,
  resolveHaving,
} from "../rewrite/having_without_group_by.ts";
import { emitLateral, enterLateralScope, lateralColumn } from "../rewrite/lateral.ts";
import { emitLimit } from "../rewrite/limit.ts";
import { resolveOrderBy } from "../rewrite/order_by_names.ts";
import { emitRollup, type RollupMember } from "../rewrite/rollup.ts";
import { collatedOrderKey } from "./collated_order.ts";
import type { Emitter } from "./emitter.ts";
import { emitWindow } from "./window_emitter.ts";

/** Writes a full query. */
export function emitQuery(em: Emitter, q: Query): string {
  em.depth++;
  // A subquery's names are its own: the outer HAVING's aliases and rollup level do not reach
  // into it.
  const outerAliases = em.havingAliases;
  const outerRollup = em.rollup;
  const outerAggregates = em.aggregateDepth;
  em.havingAliases = null;
  em.rollup = null;
  em.aggregateDepth = 0;
  try {
    let out = "";
    if (q.with !== null) {
      for (const c of q.with.ctes) em.cteNames.add(c.name.toLowerCase());
      const ctes = q.with.ctes.map((c) => {
        const cols = c.columns === null ? "" : `(${c.columns.map((n) => em.ident(n)).join(", ")})`;
        return `${em.ident(c.name)}${cols} AS (${emitQuery(em, c.q)})`;
      });
      out = `WITH ${q.with.recursive ? "RECURSIVE " : ""}${ctes.join(", ")} `;
    }
    return out + emitBody(em, q.body, q.orderBy, q.limit);
  } finally {
    em.depth--;
    em.havingAliases = outerAliases;
    em.rollup = outerRollup;
    em.aggregateDepth = outerAggregates;
  }
}

function emitBody(em: Emitter, body: QueryBody, orderBy: OrderItem[], limit: Limit | null): string {
  if (body.k === "core") return emitCore(em, body, orderBy, limit);
  if (body.k === "paren") {
    const inner = body.q;
    if (orderBy.length === 0 && limit === null) return emitQuery(em, inner);
    if (inner.orderBy.length === 0 && inner.limit === null) {
      return emitQuery(em, { ...inner, orderBy, limit });
    }
    return `SELECT * FROM (${emitQuery(em, inner)})${tail(em, orderBy, limit)}`;
  }
  const left = emitMember(em, body.left);
  const right = emitMember(em, body.right);
  return `${left} ${body.op} ${right}${tail(em, orderBy, limit)}`;
}

/** A compound member: a plain SELECT, or a subquery when it has ORDER BY, LIMIT or nesting. */
function emitMember(em: Emitter, body: QueryBody): string {
  if (body.k === "core") return emitCore(em, body, [], null);
  if (body.k === "setop") {
    return `${emitMember(em, body.left)} ${body.op} ${emitMember(em, body.right)}`;
  }
  const q = body.q;
  if (q.with === null && q.orderBy.length === 0 && q.limit === null && q.body.k === "core") {
    return emitCore(em, q.body, [], null);
  }
  return `SELECT * FROM (${emitQuery(em, q)})`;
}

function tail(
  em: Emitter,
  orderBy: OrderItem[],
  limit: Limit | null,
  from: TableRef[] = [],
): string {
  let out = "";
  if (orderBy.length > 0) out += ` ORDER BY ${emitOrderItems(em, orderBy, from)}`;
  if (limit !== null) out += ` ${emitLimit(em, limit)}`;
  return out;
}

/** One SELECT with its own ORDER BY / LIMIT. */
export function emitCore(
  em: Emitter,
  core: SelectCore,
  orderBy: OrderItem[],
  limit: Limit | null,
): string {
  const outerLaterals = enterLateralScope(em, core.from);
  em.fromScopes.push(core.from);
  try {
    return emitCoreInScope(em, core, orderBy, limit);
  } finally {
    em.fromScopes.pop();
    em.laterals = outerLaterals;
  }
}

function emitCoreInScope(
  em: Emitter,
  core: SelectCore,
  orderBy: OrderItem[],
  limit: Limit | null,
): string {
  if (core.rollup) {
    return emitRollup(
      em,
      core,
      orderBy,
      limit,
      (member) => emitGrouped(em, core, { groupBy: member.groupBy, filter: false }, member),
    );
  }
  const resolved = resolveHaving(core);
  return emitGrouped(em, core, resolved, null) +
    tail(em, resolveOrderBy(core, orderBy), limit, core.from);
}

/** SELECT ... GROUP BY ... HAVING ... WINDOW of `core` (no ORDER BY or LIMIT); for a rollup
 * member, its level's select list and HAVING, and the hidden columns after the items. */
function emitGrouped(
  em: Emitter,
  core: SelectCore,
  { groupBy, filter }: HavingResolution,
  member: RollupMember | null,
): string {
  const atLevel = <T>(write: () => T): T => {
    em.rollup = member?.level ?? null;
    try {
      return write();
    } finally {
      em.rollup = null;
    }
  };
  let out = `SELECT ${core.distinct ? "DISTINCT " : ""}${
    atLevel(() => emitSelectList(em, member?.items ?? core.items) + (member?.hidden(em) ?? ""))
  }`;
  if (core.from.length > 0) out += ` FROM ${core.from.map((r) => emitTableRef(em, r)).join(", ")}`;
  // Emitted in text order: parameters are numbered as they are written.
  const where = core.where === null ? null : em.expr(core.where);
  const having = core.having === null ? null : atLevel(() => emitHaving(em, core));
  if (filter && having !== null) {
    out += where === null ? ` WHERE ${having}` : ` WHERE (${where}) AND (${having})`;
  } else if (where !== null) {
    out += ` WHERE ${where}`;
  }
  if (groupBy.length > 0) {
    out += ` GROUP BY ${groupBy.map((g) => em.expr(g.e)).join(", ")}`;
  }
  if (!filter && having !== null) out += ` HAVING ${having}`;
  if (core.windows.length > 0) {
    out += ` WINDOW ${
      core.windows.map((w) => `${em.ident(w.name)} AS ${emitWindow(em, w.spec)}`).join(", ")
    }`;
  }
  return out;
}

/** The HAVING condition, its bare names resolved against the select list first. */
function emitHaving(em: Emitter, core: SelectCore): string {
  const outer = em.havingAliases;
  em.havingAliases = havingAliases(core);
  try {
    return em.expr(core.having!);
  } finally {
    em.havingAliases = outer;
  }
}

function emitSelectList(em: Emitter, items: SelectItem[]): string {
  const mixedStar = items.length > 1 && items.some((i) => i.e.k === "star");
  return items.map((item) => {
    const text = em.expr(item.e);
    if (item.alias !== null) return `${text} AS ${em.ident(item.alias.name)}`;
    if (item.e.k === "col" && lateralColumn(em, item.e.parts) !== null) {
      return `${text} AS ${em.ident(item.e.parts[item.e.parts.length - 1]!)}`;
    }
    // Nested queries (derived tables, CTEs) and `*, expr` lists are named by SQLite: give
    // expressions the name MySQL would, when it does not depend on a literal's value.
    if ((em.depth > 1 || mixedStar) && needsName(item.e)) {
      const name = em.sourceName(item.start, item.end);
      if (name !== null) return `${text} AS ${em.ident(name)}`;
    }
    return text;
  }).join(", ");
}

function needsName(e: Expr): boolean {
  return e.k !== "col" && e.k !== "star";
}

/** `expr [DESC], ...`; text columns of a _ci collation of `from` sort by their folded key. */
export function emitOrderItems(em: Emitter, items: OrderItem[], from: TableRef[] = []): string {
  return items.map((i) =>
    `${collatedOrderKey(em, i.e, from, em.expr(i.e))}${i.desc ? " DESC" : ""}`
  ).join(", ");
}

/** Writes a FROM item. */
export function emitTableRef(em: Emitter, r: TableRef): string {
  switch (r.k) {
    case "table": {
      const name = em.tableName(r.db, r.name);
      return r.alias === null ? name : `${name} AS ${em.ident(r.alias)}`;
    }
    case "derived": {
      if (r.lateral) return emitLateral(em, r);
      if (r.columns === null) return `(${emitQuery(em, r.q)}) AS ${em.ident(r.alias)}`;
      // SQLite has no column list on a derived table; a CTE has one.
      const cols = r.columns.map((c) => em.ident(c)).join(", ");
      return `(WITH "__derived"(${cols}) AS (${emitQuery(em, r.q)}) SELECT * FROM "__derived") AS ${
        em.ident(r.alias)
      }`;
    }
    case "join": {
      const right = r.right.k === "join"
        ? `(${emitTableRef(em, r.right)})`
        : emitTableRef(em, r.right);
      let out = `${emitTableRef(em, r.left)} ${r.kind} ${right}`;
      if (r.on !== null) out += ` ON ${em.expr(r.on)}`;
      if (r.using !== null) out += ` USING (${r.using.map((c) => em.ident(c)).join(", ")})`;
      return out;
    }
    case "group":
      return `(${r.refs.map((x) => emitTableRef(em, x)).join(", ")})`;
  }
}
