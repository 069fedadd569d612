/**
 * The two-phase commit messages between nodes, sent as msgpack bodies over the peers'
 * batched streams (src/cluster). Row images travel once, with PREPARE, encoded as every node's
 * commit log stores them; COMMIT and ABORT carry only the decision.
 */
import type { Hlc } from "../types/hlc.ts";
import type { DdlChange, RowChange } from "../types/row_change.ts";

export const PREPARE = "prepare";

/** Extra time a transaction's PREPARE and COMMIT get for its size: 1 s per 5 MB of changes (a
 * 200 MB transaction took a peer ~6 s to take and ~5 s to apply) and 1 s per 20,000 rows (each
 * row applied is a version claim and a write: a 150,000-row INSERT of small rows took loaded
 * peers more than its 2 s for bytes). Participants wait as much longer before they give up on
 * a prepared transaction. */
export function largeTransactionAllowanceMs(bytes: number, rows: number): number {
  return Math.ceil(bytes / 5_000) + Math.ceil(rows / 20);
}
export const COMMIT = "commit";
export const ABORT = "abort";

export interface PrepareMessage {
  txnId: string;
  database: string;
  /** The coordinator's clock when it started the commit. */
  startTs: Hlc;
  /** The coordinator's replicated schema version: DML waits until this node has it. */
  schemaVersion: number;
  /** The rows and DDL (`encodeChanges`), kept as they are for the commit log. */
  changes: Uint8Array;
  /** CREATE / DROP DATABASE (then `database` is SYSTEM_SCOPE and the changes are empty). */
  dbOp?: DatabaseOp;
  /**
   * The version each intent key had on the coordinator when its statements read the rows, in
   * `intentKeys(rows, ddl)` order (null: none; always for the keys of DDL tables). A participant holding a newer one refuses
   * (1213): the coordinator's copy was stale, and committing would undo a newer write.
   */
  baseVersions?: Array<Hlc | null>;
}

/** A replicated CREATE or DROP DATABASE, newer than every earlier one of the name. */
export interface DatabaseOp {
  op: "create" | "drop";
  name: string;
  generation: number;
}

/** The intent scope of database operations. */
export const SYSTEM_SCOPE = "__marmot_system";

/** The intent key of a database name: two operations on one name conflict. */
export function databaseKey(name: string): string {
  return `\u0003db\u0000${name}`;
}

/** In a participant's 1213 when the coordinator read an older version of a row than it holds:
 * the coordinator is behind and should catch up before the client's retry. */
export const STALE_READ = "a row changed since the coordinator read it";

export interface PrepareReply {
  /** The participant's clock at PREPARE: the commit timestamp is chosen after it. */
  appliedAt: Hlc;
}

export interface CommitMessage {
  txnId: string;
  database: string;
  commitTs: Hlc;
}

export interface AbortMessage {
  txnId: string;
  database: string;
}

/** The intent keys of a transaction: its rows (old and new identities) and DDL tables. */
export function intentKeys(rows: readonly RowChange[], ddl: readonly DdlChange[]): string[] {
  const keys: string[] = [];
  for (const r of rows) {
    keys.push(r.key);
    if (r.oldKey !== undefined) keys.push(r.oldKey);
  }
  for (const d of ddl) for (const t of d.tables) keys.push(tableKey(t));
  return keys;
}

export const TABLE_KEY_PREFIX = "\u0002ddl\u0000";

/** The intent key of a table: DDL holds it exclusively, row writes shared (intents.ts). */
export function tableKey(table: string): string {
  return TABLE_KEY_PREFIX + table.toLowerCase();
}

/** The table keys a transaction's rows hold shared. */
export function rowTableKeys(rows: readonly RowChange[]): string[] {
  const keys = new Set<string>();
  let last = "";
  for (const r of rows) {
    if (r.table === last) continue;
    last = r.table;
    keys.add(tableKey(r.table));
  }
  return [...keys];
}

/** The table keys of a transaction's DDL. */
export function ddlTableKeys(ddl: readonly DdlChange[]): string[] {
  return ddl.flatMap((d) => d.tables.map(tableKey));
}
