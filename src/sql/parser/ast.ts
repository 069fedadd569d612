/**
 * The MySQL statement tree the parser builds and the emitter turns into SQLite SQL. It keeps
 * MySQL's meaning (operators, special function forms); every rewrite happens at emission.
 * Literals are referenced by slot (`lit`), never copied, so one tree serves every binding.
 */
import type { SessionRef } from "../statement.ts";

export type Expr =
  | { k: "lit"; lit: number }
  /** A constant string the parser made up (a unit or format name), emitted inline. */
  | { k: "const"; value: string }
  | { k: "null" }
  | { k: "bool"; value: boolean }
  | { k: "hex"; digits: string; bits: boolean }
  | { k: "col"; parts: string[] }
  | { k: "star"; parts: string[] }
  | { k: "ref"; ref: SessionRef }
  /** `@name := e`: sets the user variable as the row is evaluated, gives the value. */
  | { k: "assign"; name: string; e: Expr }
  | { k: "unary"; op: "-" | "+" | "~" | "!" | "NOT" | "BINARY"; e: Expr }
  | { k: "binary"; op: BinaryOp; l: Expr; r: Expr }
  | { k: "is"; e: Expr; not: boolean; what: "NULL" | "TRUE" | "FALSE" | "UNKNOWN" }
  | { k: "like"; e: Expr; not: boolean; pattern: Expr; escape: Expr | null }
  | { k: "regexp"; e: Expr; not: boolean; pattern: Expr }
  | { k: "in"; e: Expr; not: boolean; list: Expr[] | null; query: Query | null }
  | { k: "between"; e: Expr; not: boolean; lo: Expr; hi: Expr }
  | { k: "case"; operand: Expr | null; whens: Array<{ when: Expr; then: Expr }>; else: Expr | null }
  | { k: "call"; name: string; args: Expr[]; distinct: boolean; star: boolean; over: Window | null }
  | {
    k: "group_concat";
    distinct: boolean;
    args: Expr[];
    orderBy: OrderItem[];
    separator: Expr | null;
    over: Window | null;
  }
  | { k: "cast"; e: Expr; type: string }
  | { k: "convert_using"; e: Expr; charset: string }
  | { k: "collate"; e: Expr; collation: string }
  | { k: "interval"; amount: Expr; unit: string }
  | { k: "extract"; unit: string; e: Expr }
  | { k: "unit_call"; name: "TIMESTAMPDIFF" | "TIMESTAMPADD"; unit: string; a: Expr; b: Expr }
  | { k: "trim"; mode: "BOTH" | "LEADING" | "TRAILING"; remove: Expr | null; e: Expr }
  | { k: "match"; columns: Expr[]; against: Expr; booleanMode: boolean }
  | { k: "subquery"; q: Query }
  | { k: "exists"; q: Query }
  | { k: "row"; items: Expr[] }
  | { k: "paren"; e: Expr }
  | { k: "values_of"; column: string }
  | { k: "default" };

export type BinaryOp =
  | "OR"
  | "XOR"
  | "AND"
  | "="
  | "<=>"
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "|"
  | "&"
  | "<<"
  | ">>"
  | "+"
  | "-"
  | "*"
  | "/"
  | "DIV"
  | "MOD"
  | "^"
  | "->"
  | "->>"
  | "SOUNDS LIKE";

/** A window: `OVER name` or `OVER (...)`; the frame is kept as SQLite text. */
export interface Window {
  name: string | null;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  frame: string | null;
}

export interface OrderItem {
  e: Expr;
  desc: boolean;
}

/** `LIMIT count [OFFSET offset]`, with `LIMIT offset, count` already reordered. */
export interface Limit {
  count: Expr;
  offset: Expr | null;
}

/** A query expression: optional WITH, a body of SELECTs joined by set operators, then ORDER BY,
 * LIMIT, INTO and locking (stripped). */
export interface Query {
  with: { recursive: boolean; ctes: Cte[] } | null;
  body: QueryBody;
  orderBy: OrderItem[];
  limit: Limit | null;
  /** `INTO @a, @b`: user variable names. */
  into: string[] | null;
  /** FOR UPDATE / FOR SHARE / LOCK IN SHARE MODE was given (and stripped). */
  locking: boolean;
}

export interface Cte {
  name: string;
  columns: string[] | null;
  q: Query;
}

export type QueryBody =
  | SelectCore
  | { k: "setop"; op: string; left: QueryBody; right: QueryBody }
  | { k: "paren"; q: Query };

export interface SelectCore {
  k: "core";
  distinct: boolean;
  calcFoundRows: boolean;
  items: SelectItem[];
  from: TableRef[];
  where: Expr | null;
  groupBy: OrderItem[];
  /** `GROUP BY ... WITH ROLLUP`: super-aggregate rows follow each group. */
  rollup?: true;
  having: Expr | null;
  windows: Array<{ name: string; spec: Window }>;
  /** `INTO @a, @b` written inside this SELECT (before FROM). */
  into: string[] | null;
}

/** A SELECT with nothing in it: no items, FROM, WHERE, GROUP BY, HAVING, WINDOW or INTO. */
export function emptySelectCore(): SelectCore {
  return {
    k: "core",
    distinct: false,
    calcFoundRows: false,
    items: [],
    from: [],
    where: null,
    groupBy: [],
    having: null,
    windows: [],
    into: null,
  };
}

export interface SelectItem {
  e: Expr;
  /** Alias as given; `lit` is its literal slot when written as a string ('alias'). */
  alias: { name: string; lit: number } | null;
  /** Source span of the expression (for MySQL's column name). */
  start: number;
  end: number;
}

export type TableRef =
  | { k: "table"; db: string | null; name: string; alias: string | null }
  /** A derived table; `lateral` when written `LATERAL (...)` (it may name earlier tables). */
  | { k: "derived"; q: Query; alias: string; columns: string[] | null; lateral?: true }
  | {
    k: "join";
    kind: string;
    left: TableRef;
    right: TableRef;
    on: Expr | null;
    using: string[] | null;
  }
  | { k: "group"; refs: TableRef[] };

/** `col = expr` in SET and ON DUPLICATE KEY UPDATE; `col` keeps its qualifier parts. */
export interface Assignment {
  col: string[];
  value: Expr;
}

export interface InsertStmt {
  k: "insert";
  replace: boolean;
  ignore: boolean;
  table: { db: string | null; name: string };
  columns: string[] | null;
  source:
    | { k: "values"; rows: Expr[][] }
    | { k: "select"; q: Query }
    | { k: "set"; assignments: Assignment[] };
  rowAlias: { name: string; columns: string[] | null } | null;
  onDuplicate: Assignment[] | null;
}

export interface UpdateStmt {
  k: "update";
  ignore: boolean;
  refs: TableRef[];
  set: Assignment[];
  where: Expr | null;
  orderBy: OrderItem[];
  limit: Limit | null;
}

export interface DeleteStmt {
  k: "delete";
  ignore: boolean;
  /** Multi-table form: the tables rows are deleted from (names or aliases, with parts). */
  targets: string[][] | null;
  refs: TableRef[];
  where: Expr | null;
  orderBy: OrderItem[];
  limit: Limit | null;
}

export type DmlStmt = { k: "select"; q: Query } | InsertStmt | UpdateStmt | DeleteStmt;
