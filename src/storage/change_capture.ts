/**
 * Row-level change capture on a database's write connection. Temporary triggers on every user
 * table report which rows a statement touched (and their values before) to a function of this
 * connection; when the transaction is done, `take` merges the reports per row and reads each
 * surviving row's final image from the database itself, so rows rewritten by our own triggers
 * (coercion, ON UPDATE CURRENT_TIMESTAMP) are captured as stored.
 *
 * Triggers and not SQLite's session extension: the session extension skips tables without a
 * declared primary key, and those must replicate too (their identity is the rowid).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { type RowChange, rowKey } from "../types/row_change.ts";
import type { SqlValue } from "../types/values.ts";
import { returnArrays } from "./statement_cache.ts";

const CAPTURE_FUNCTION = "__marmot_capture";
const TRIGGER_PREFIX = "__marmot_capture_";
const OP_INSERT = 0;
const OP_UPDATE = 1;
const OP_DELETE = 2;

/** The shape of a table as capture sees it. */
export interface TableShape {
  name: string;
  /** Stored columns in table order (generated columns are recomputed where applied). */
  columns: string[];
  /** Positions in `columns` of the primary key; empty: the rowid is the identity. */
  key: number[];
  /** Per key column: compared NOCASE (a MySQL _ci collation), so its identity folds case. */
  keyNoCase: boolean[];
  /** Reads the stored columns of one row by rowid. */
  read: StatementSync;
}

/** What the triggers reported, in order. */
interface Report {
  table: string;
  op: number;
  oldRowid: bigint | null;
  newRowid: bigint | null;
  /** Primary-key values of the new row as the statement wrote it (insert and update). */
  newKey: SqlValue[] | null;
  before: SqlValue[] | null;
}

/** What one transaction's statements reported (`bind`): transactions writing side by side in
 * one SQLite transaction (src/storage/write_epoch.ts) keep theirs apart. */
export type CaptureLog = Report[];

/** Per table, rows by rowid (null: no row there). */
export type RowImages = Map<string, Map<bigint, SqlValue[] | null>>;

/** One row's net change while merging: its values before the transaction (null: new). */
interface RowState {
  before: SqlValue[] | null;
  deleted: boolean;
}

/** Captures the row changes made on one connection. */
export class ChangeCapture {
  #db: DatabaseSync;
  #shapes = new Map<string, TableShape>();
  /** Per table, the statements `#rewrite` runs (prepared once per schema version). */
  #rewriters = new Map<string, { remove: StatementSync; insert: StatementSync }>();
  #installedVersion = -1;
  #reports: Report[] = [];
  #active = false;
  /** Rows of tables without a primary key that `changes` gave a cluster-wide rowid. */
  #rekeys: Array<{ shape: TableShape; from: bigint; to: bigint }> = [];

  constructor(db: DatabaseSync) {
    this.#db = db;
    // Rows that REPLACE (INSERT OR REPLACE, and our coercion triggers' UPDATE under it)
    // removes to make room fire DELETE triggers only with recursive triggers on; without it
    // such a row's removal would never reach the other nodes.
    db.exec("PRAGMA recursive_triggers = ON");
    db.function(
      CAPTURE_FUNCTION,
      { varargs: true, useBigIntArguments: true, deterministic: false },
      (...args: SqlValue[]) => {
        if (this.#active) this.#report(args);
        return null;
      },
    );
  }

  /** Installs the triggers for the schema as it is now (call when `version` moved). */
  install(version: number): void {
    if (version === this.#installedVersion) return;
    const db = this.#db;
    const old = db.prepare(
      "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
    ).all(TRIGGER_PREFIX.replaceAll("_", "\\_") + "%") as Array<{ name: string }>;
    // IF EXISTS: a trigger goes with its table, and the list may predate a DROP TABLE.
    for (const t of old) db.exec(`DROP TRIGGER IF EXISTS temp.${ident(t.name)}`);
    this.#shapes.clear();
    this.#rewriters.clear();
    for (const table of userTables(db)) {
      const shape = readShape(db, table);
      if (shape === null) continue;
      this.#shapes.set(table, shape);
      for (const { name, sql } of triggerSql(shape)) {
        // A trigger of the same name may have outlived the listing above (its table was
        // dropped and created again by another connection of the file): replace it.
        db.exec(`DROP TRIGGER IF EXISTS temp.${name}`);
        db.exec(sql);
      }
    }
    this.#installedVersion = version;
  }

  /** Starts collecting (a transaction began). */
  start(): void {
    this.#reports = [];
    this.#active = true;
  }

  /** Collects into `log` from now on (a statement of the transaction it belongs to runs). */
  bind(log: CaptureLog): void {
    this.#reports = log;
    this.#active = true;
  }

  /**
   * Puts back every row the bound log's statements changed as it was before them and empties
   * the log: the rollback of one transaction among others in the open SQLite transaction.
   * Each row goes back under its rowid; nobody else wrote those rows meanwhile (they were
   * claimed), and a new row's rowid is never handed out again (the tables written side by
   * side use AUTOINCREMENT ids or name their keys). Our capture does not see the undo.
   */
  undo(): void {
    const rows = this.#touched(this.#reports);
    this.#reports.length = 0;
    this.#rewrite(rows);
  }

  /**
   * Undoes the rows of `log` (another transaction's, which goes on) for a COMMIT that must not
   * hold them; returns their current images for `restore` after it.
   */
  setAside(log: CaptureLog): RowImages {
    const before = this.#touched(log);
    const now: RowImages = new Map();
    for (const [table, rows] of before) {
      const shape = this.#shapes.get(table);
      if (shape === undefined) continue;
      now.set(table, new Map([...rows.keys()].map((rowid) => [rowid, readRow(shape, rowid)])));
    }
    this.#rewrite(before);
    return now;
  }

  /** Writes rows set aside back as they were. */
  restore(rows: RowImages): void {
    this.#rewrite(rows);
  }

  /** Per table, every rowid `log` touched with the row it held first (null: none). */
  #touched(log: CaptureLog): RowImages {
    const rows: RowImages = new Map();
    const first = (table: string, rowid: bigint, image: SqlValue[] | null) => {
      let states = rows.get(table);
      if (states === undefined) rows.set(table, states = new Map());
      if (!states.has(rowid)) states.set(rowid, image);
    };
    for (const r of log) {
      if (r.oldRowid !== null) first(r.table, r.oldRowid, r.before);
      if (r.newRowid !== null) first(r.table, r.newRowid, null);
    }
    return rows;
  }

  /** Makes each rowid hold its image (null: no row), unseen by capture. */
  #rewrite(rows: RowImages): void {
    const active = this.#active;
    this.#active = false;
    try {
      for (const [table, states] of rows) {
        const shape = this.#shapes.get(table);
        if (shape === undefined) continue;
        const { remove, insert } = this.#rewriter(shape);
        // Every removal first: a row may move to a rowid another one leaves.
        for (const rowid of states.keys()) remove.run(rowid);
        for (const [rowid, image] of states) {
          if (image !== null) insert.run(rowid, ...(image as SQLInputValue[]));
        }
      }
    } finally {
      this.#active = active;
    }
  }

  #rewriter(shape: TableShape): { remove: StatementSync; insert: StatementSync } {
    let statements = this.#rewriters.get(shape.name);
    if (statements === undefined) {
      const target = `main.${ident(shape.name)}`;
      statements = {
        remove: this.#db.prepare(`DELETE FROM ${target} WHERE rowid = ?`),
        insert: this.#db.prepare(
          `INSERT INTO ${target} (rowid, ${shape.columns.map(ident).join(", ")}) ` +
            `VALUES (?${", ?".repeat(shape.columns.length)})`,
        ),
      };
      this.#rewriters.set(shape.name, statements);
    }
    return statements;
  }

  /** True while collecting. */
  get active(): boolean {
    return this.#active;
  }

  /** A position to roll back to when the statement that follows fails. */
  mark(): number {
    return this.#reports.length;
  }

  /** Forgets what was reported after `mark` (SQLite undid those changes). */
  rollbackTo(mark: number): void {
    this.#reports.length = Math.min(this.#reports.length, mark);
  }

  /** Stops collecting without producing changes (the transaction rolled back). */
  discard(): void {
    this.#reports = [];
    this.#active = false;
  }

  /**
   * The net row changes so far, read inside the still open transaction: per row one insert,
   * update or delete with full images; rows changed and changed back are left out. Rows of a
   * table without a primary key that are new get `newRowid()` as their identity, so rows
   * inserted on different nodes never share one.
   */
  changes(newRowid: () => bigint): RowChange[] {
    this.#rekeys = [];
    const byTable = new Map<string, Map<bigint, RowState>>();
    for (const r of this.#reports) {
      let rows = byTable.get(r.table);
      if (rows === undefined) byTable.set(r.table, rows = new Map());
      if (r.op === OP_INSERT) {
        const prior = rows.get(r.newRowid!);
        rows.set(r.newRowid!, { before: prior?.deleted ? prior.before : null, deleted: false });
      } else if (r.op === OP_UPDATE) {
        const state = rows.get(r.oldRowid!) ?? { before: r.before, deleted: false };
        if (r.newRowid !== r.oldRowid && this.#shapes.get(r.table)?.key.length) {
          // The rowid is the primary key (AUTO_INCREMENT): the row moves with its key and
          // stays one update whose oldKey names where it was.
          rows.delete(r.oldRowid!);
          rows.set(r.newRowid!, state);
        } else if (r.newRowid !== r.oldRowid) {
          rows.delete(r.oldRowid!);
          // The old rowid is gone: a row that existed before is deleted under its old id.
          if (state.before !== null) rows.set(r.oldRowid!, { before: state.before, deleted: true });
          rows.set(r.newRowid!, { before: null, deleted: false });
        } else {
          rows.set(r.oldRowid!, state);
        }
      } else {
        const state = rows.get(r.oldRowid!) ?? { before: r.before, deleted: false };
        rows.set(r.oldRowid!, { before: state.before, deleted: true });
      }
    }
    const out: RowChange[] = [];
    for (const [table, rows] of byTable) {
      const shape = this.#shapes.get(table);
      if (shape === undefined) continue;
      for (const [rowid, state] of rows) {
        const after = state.deleted ? null : readRow(shape, rowid);
        const change = rowChange(shape, rowid, state.before, after, newRowid);
        if (change === null) continue;
        if (change.rowid !== undefined && change.rowid !== rowid) {
          this.#rekeys.push({ shape, from: rowid, to: change.rowid });
        }
        out.push(change);
      }
    }
    return mergeByKey(out);
  }

  /**
   * The identities of the rows changed since `mark` (for intents taken as a statement of an
   * explicit transaction finishes): old and new keys; new rows of tables without a primary
   * key are left out (they get fresh cluster-wide ids, nobody else can want them). New keys
   * are the ones the triggers saw, not read back: a row that a later trigger changed again
   * names both keys, a superset of what `changes` will hold, which only claims more.
   */
  keysSince(mark: number): string[] {
    const keys = new Set<string>();
    for (let i = mark; i < this.#reports.length; i++) {
      const r = this.#reports[i]!;
      const shape = this.#shapes.get(r.table);
      if (shape === undefined) continue;
      if (shape.key.length === 0) {
        if (r.before !== null) keys.add(rowKey(shape.name, [r.oldRowid!]));
        if (r.op === OP_UPDATE) keys.add(rowKey(shape.name, [r.newRowid!]));
      } else {
        if (r.before !== null) keys.add(keyOfRow(shape, r.before));
        if (r.newKey !== null) keys.add(keyOfValues(shape, r.newKey));
      }
    }
    return [...keys];
  }

  /**
   * Gives the new rows of tables without a primary key, in the open transaction, the rowids
   * `changes` chose for them (when the transaction commits where it ran).
   */
  rekeyInPlace(): void {
    const active = this.#active;
    this.#active = false;
    try {
      for (const { shape, from, to } of this.#rekeys) {
        this.#db.prepare(`UPDATE main.${ident(shape.name)} SET rowid = ? WHERE rowid = ?`).run(
          to,
          from,
        );
      }
    } finally {
      this.#active = active;
      this.#rekeys = [];
    }
  }

  /** Stops collecting and returns the net changes (see `changes`). */
  take(newRowid: () => bigint): RowChange[] {
    const changes = this.changes(newRowid);
    this.discard();
    return changes;
  }

  /** Arguments (see `triggerSql`): table, op, old rowid, new rowid, the new row's key
   * values (insert and update), the old row's values (update and delete). */
  #report(args: SqlValue[]): void {
    const table = args[0] as string;
    const op = Number(args[1]);
    const shape = this.#shapes.get(table);
    if (shape === undefined) return;
    const keyEnd = op === OP_DELETE ? 4 : 4 + shape.key.length;
    this.#reports.push({
      table,
      op,
      oldRowid: op === OP_INSERT ? null : args[2] as bigint,
      newRowid: op === OP_DELETE ? null : args[3] as bigint,
      newKey: op === OP_DELETE ? null : args.slice(4, keyEnd).map(normalize),
      before: op === OP_INSERT
        ? null
        : args.slice(keyEnd, keyEnd + shape.columns.length).map(normalize),
    });
  }
}

/** Rowid-keyed states become key-identified changes; `null` when nothing changed. */
function rowChange(
  shape: TableShape,
  rowid: bigint,
  before: SqlValue[] | null,
  after: SqlValue[] | null,
  newRowid: () => bigint,
): RowChange | null {
  const columns = shape.columns;
  if (before === null && after === null) return null;
  if (shape.key.length === 0) {
    // Identity is the rowid; a new row gets a cluster-wide one.
    const id = before === null ? newRowid() : rowid;
    const key = rowKey(shape.name, [id]);
    if (after === null) {
      return { table: shape.name, op: "delete", key, columns, rowid: id, before, after };
    }
    if (before === null) {
      return { table: shape.name, op: "insert", key, columns, rowid: id, before, after };
    }
    if (sameRow(before, after)) return null;
    return { table: shape.name, op: "update", key, columns, rowid: id, before, after };
  }
  const keyOf = (row: SqlValue[]) => keyOfRow(shape, row);
  if (after === null) {
    return { table: shape.name, op: "delete", key: keyOf(before!), columns, before, after };
  }
  if (before === null) {
    return { table: shape.name, op: "insert", key: keyOf(after), columns, before, after };
  }
  if (sameRow(before, after)) return null;
  const key = keyOf(after);
  const oldKey = keyOf(before);
  return {
    table: shape.name,
    op: "update",
    key,
    ...(oldKey !== key ? { oldKey } : {}),
    columns,
    before,
    after,
  };
}

/**
 * The identity of a row of a table with a primary key. Text compared NOCASE is one row
 * whatever its ASCII case (what SQLite's unique key says, and what NOCASE folds), so two
 * spellings written concurrently conflict and converge like one row.
 */
function keyOfRow(shape: TableShape, row: SqlValue[]): string {
  return keyOfValues(shape, shape.key.map((i) => row[i]!));
}

/** The identity from the primary-key values alone (in key order). */
function keyOfValues(shape: TableShape, values: SqlValue[]): string {
  return rowKey(
    shape.name,
    values.map((v, n) =>
      shape.keyNoCase[n] && typeof v === "string" ? v.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : v
    ),
  );
}

/**
 * A row deleted and another inserted with the same key (REPLACE, DELETE then INSERT) is one
 * update of that key; output is sorted by key so every node sees the same order.
 */
function mergeByKey(changes: RowChange[]): RowChange[] {
  const byKey = new Map<string, RowChange>();
  const out: RowChange[] = [];
  for (const c of changes) {
    const prior = byKey.get(c.key);
    if (prior === undefined) {
      byKey.set(c.key, c);
      continue;
    }
    const del = prior.op === "delete" ? prior : c.op === "delete" ? c : null;
    const ins = prior.op === "insert" ? prior : c.op === "insert" ? c : null;
    if (del !== null && ins !== null) {
      byKey.set(c.key, { ...ins, op: "update", before: del.before });
    } else {
      // A key deleted and taken by a row whose key changed to it: both stay (the applier
      // makes every removal before any write).
      out.push(c);
    }
  }
  // A loop, not push(...): spreading hundreds of thousands of rows overflows the stack.
  for (const c of byKey.values()) out.push(c);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function sameRow(a: SqlValue[], b: SqlValue[]): boolean {
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i]!, b[i]!)) return false;
  return true;
}

function sameValue(a: SqlValue, b: SqlValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b && typeof a === typeof b;
}

/** Integers arrive as bigint; blobs may arrive as Node buffers. */
function normalize(v: SqlValue): SqlValue {
  return v instanceof Uint8Array && v.constructor !== Uint8Array ? new Uint8Array(v) : v;
}

function readRow(shape: TableShape, rowid: bigint): SqlValue[] | null {
  const row = shape.read.get(rowid) as unknown as SqlValue[] | undefined;
  return row === undefined ? null : row.map(normalize);
}

/** User tables: everything but SQLite's and ours. */
export function userTables(db: DatabaseSync): string[] {
  return (db.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
      "AND name NOT LIKE '\\_\\_marmot%' ESCAPE '\\' ORDER BY name",
  ).all() as Array<{ name: string }>).map((r) => r.name);
}

export function readShape(db: DatabaseSync, table: string): TableShape | null {
  // Only ordinary rowid tables carry the capture triggers: a file adopted from elsewhere
  // may hold WITHOUT ROWID or virtual tables, which must not stop writes to the others.
  const kind = db.prepare("SELECT type, wr FROM pragma_table_list(?) WHERE schema = 'main'")
    .get(table) as { type: string; wr: number } | undefined;
  if (kind === undefined || kind.type !== "table" || kind.wr !== 0) return null;
  const info = db.prepare("SELECT name, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid")
    .all(table) as Array<{ name: string; pk: number; hidden: number }>;
  const stored = info.filter((c) => c.hidden === 0);
  if (stored.length === 0) return null;
  const columns = stored.map((c) => c.name);
  const key = stored.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
    .map((c) => columns.indexOf(c.name));
  const noCase = new Set(
    (db.prepare(
      "SELECT x.name FROM pragma_index_list(?1) AS l, pragma_index_xinfo(l.name) AS x " +
        "WHERE l.origin = 'pk' AND x.key = 1 AND x.coll = 'NOCASE' COLLATE NOCASE",
    ).all(table) as Array<{ name: string }>).map((r) => r.name),
  );
  const read = db.prepare(
    `SELECT ${columns.map(ident).join(", ")} FROM main.${ident(table)} WHERE rowid = ?`,
  );
  returnArrays(read);
  read.setReadBigInts(true);
  return { name: table, columns, key, keyNoCase: key.map((i) => noCase.has(columns[i]!)), read };
}

function triggerSql(shape: TableShape): Array<{ name: string; sql: string }> {
  const table = `main.${ident(shape.name)}`;
  const name = (op: string) => ident(`${TRIGGER_PREFIX}${shape.name}__${op}`);
  const lit = `'${shape.name.replaceAll("'", "''")}'`;
  const olds = shape.columns.map((c) => `OLD.${ident(c)}`).join(", ");
  const newKey = shape.key.map((i) => `, NEW.${ident(shape.columns[i]!)}`).join("");
  const trigger = (op: string, event: string, body: string) => ({
    name: name(op),
    sql: `CREATE TEMP TRIGGER ${name(op)} AFTER ${event} ON ${table} BEGIN ${body}; END`,
  });
  return [
    trigger(
      "ins",
      "INSERT",
      `SELECT ${CAPTURE_FUNCTION}(${lit}, ${OP_INSERT}, NULL, NEW.rowid${newKey})`,
    ),
    trigger(
      "upd",
      "UPDATE",
      `SELECT ${CAPTURE_FUNCTION}(${lit}, ${OP_UPDATE}, OLD.rowid, NEW.rowid${newKey}, ${olds})`,
    ),
    trigger(
      "del",
      "DELETE",
      `SELECT ${CAPTURE_FUNCTION}(${lit}, ${OP_DELETE}, OLD.rowid, NULL, ${olds})`,
    ),
  ];
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
