/**
 * SELECT SQL_CALC_FOUND_ROWS: the total the query would return without LIMIT comes back as an
 * extra last column, which the session strips and keeps for FOUND_ROWS().
 * - A plain SELECT (GROUP BY and HAVING included) gets `count(*) OVER ()`: window functions see
 *   every row (every group) before LIMIT.
 * - A SELECT DISTINCT would count rows before DISTINCT, so it gets a scalar subquery counting
 *   the query without ORDER BY / LIMIT (a constant column does not change DISTINCT).
 * - A UNION is wrapped: SELECT *, (count) FROM (union) ORDER BY ... LIMIT ...
 * The count query alone is also returned: when LIMIT skips every row there is no row to carry
 * the total, and the session runs it instead.
 */
import {
  emptySelectCore,
  type Expr,
  type Query,
  type QueryBody,
  type SelectCore,
  type SelectItem,
} from "../parser/ast.ts";

type Call = Extract<Expr, { k: "call" }>;

const COUNT_STAR: Call = {
  k: "call",
  name: "COUNT",
  args: [],
  distinct: false,
  star: true,
  over: null,
};

/** The first SELECT of a query body (the one SQL_CALC_FOUND_ROWS is written in). */
export function firstCore(body: QueryBody): SelectCore {
  if (body.k === "core") return body;
  if (body.k === "setop") return firstCore(body.left);
  return firstCore(body.q.body);
}

export function withFoundRows(q: Query): { main: Query; count: Query } {
  const unlimited: Query = { ...q, orderBy: [], limit: null, into: null };
  const count: Query = {
    with: null,
    body: {
      ...emptySelectCore(),
      items: [item(COUNT_STAR)],
      from: [{ k: "derived", q: unlimited, alias: "__found_rows", columns: null }],
    },
    orderBy: [],
    limit: null,
    into: null,
    locking: false,
  };
  const body = q.body;
  if (body.k === "core" && !body.distinct) {
    const window: Call = {
      ...COUNT_STAR,
      over: { name: null, partitionBy: [], orderBy: [], frame: null },
    };
    return { main: { ...q, body: { ...body, items: [...body.items, item(window)] } }, count };
  }
  const total: Expr = { k: "subquery", q: count };
  if (body.k === "core") {
    return { main: { ...q, body: { ...body, items: [...body.items, item(total)] } }, count };
  }
  const main: Query = {
    with: q.with,
    body: {
      ...emptySelectCore(),
      items: [item({ k: "star", parts: [] }), item(total)],
      from: [{ k: "derived", q: { ...unlimited, with: null }, alias: "__rows", columns: null }],
    },
    orderBy: q.orderBy,
    limit: q.limit,
    into: q.into,
    locking: false,
  };
  return { main, count };
}

function item(e: Expr): SelectItem {
  return { e, alias: null, start: 0, end: 0 };
}
