/**
 * The participant side of two-phase commit (reference §4.4, §4.6), run by every node for
 * transactions other nodes coordinate. PREPARE takes the intents and keeps the row images in
 * memory; COMMIT applies them through the database's versioned applier (group commit); ABORT
 * forgets them. A prepared transaction whose coordinator never decides is dropped after the
 * heartbeat timeout, so no row stays locked.
 */
import type { Logger } from "../config/mod.ts";
import type { PeerRpc } from "../cluster/mod.ts";
import {
  type Changes,
  decodeChanges,
  decodeMessage,
  encodeMessage,
} from "../storage/committed_txn.ts";
import type { Database } from "../storage/database.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { rowVersions } from "../storage/versioned_apply.ts";
import { deadlockError, ER, lockWaitTimeoutError, MysqlError } from "../types/errors.ts";
import type { RowChange } from "../types/row_change.ts";
import { compareHlc, type Hlc, type HybridClock } from "../types/hlc.ts";
import type { IntentTable } from "./intents.ts";
import {
  ABORT,
  type AbortMessage,
  COMMIT,
  type CommitMessage,
  databaseKey,
  type DatabaseOp,
  ddlTableKeys,
  intentKeys,
  largeTransactionAllowanceMs,
  PREPARE,
  type PrepareMessage,
  type PrepareReply,
  rowTableKeys,
  STALE_READ,
  SYSTEM_SCOPE,
} from "./messages.ts";

export interface ParticipantOptions {
  registry: DatabaseRegistry;
  clock: HybridClock;
  intents: IntentTable;
  logger: Logger;
  /** How long PREPARE of DML waits for this node to reach the coordinator's schema. */
  schemaWaitMs: number;
  /** A prepared transaction without a decision for this long is aborted here. */
  heartbeatTimeoutMs: number;
  /** Prepared transactions kept at most (push back beyond). */
  maxPrepared: number;
}

/** The answer to COMMIT and ABORT, which carries nothing: encoded once. */
const DONE = encodeMessage({});

interface Prepared {
  message: PrepareMessage;
  changes: Changes;
  origin: number;
  /** When it was prepared here (`Date.now()`). */
  at: number;
}

/** Serves PREPARE / COMMIT / ABORT from coordinators. */
export class Participant {
  #options: ParticipantOptions;
  #prepared = new Map<string, Prepared>();
  #sweeper: ReturnType<typeof setInterval>;

  constructor(rpc: PeerRpc, options: ParticipantOptions) {
    this.#options = options;
    rpc.handle(PREPARE, (body, from) => this.#prepare(decodeMessage(body), from));
    rpc.handle(COMMIT, (body) => this.#commit(decodeMessage(body)));
    rpc.handle(ABORT, (body) => this.#abort(decodeMessage(body)));
    this.#sweeper = setInterval(() => this.#expire(), 1000);
  }

  close(): void {
    clearInterval(this.#sweeper);
  }

  /** A transaction prepared here was applied from a peer's log (its COMMIT never came): it
   * is done, its intents go. */
  settled(txnId: string): void {
    if (!this.#prepared.delete(txnId)) return;
    this.#options.intents.release(txnId);
  }

  async #prepare(m: PrepareMessage, from: number): Promise<Uint8Array> {
    const { registry, clock, intents } = this.#options;
    clock.update(m.startTs);
    const changes = decodeChanges(m.changes);
    if (m.dbOp !== undefined) {
      intents.acquire(m.txnId, SYSTEM_SCOPE, [databaseKey(m.dbOp.name)], true);
      this.#prepared.set(m.txnId, { message: m, changes, origin: from, at: Date.now() });
      return encodeMessage({ appliedAt: clock.now() } satisfies PrepareReply);
    }
    if (!registry.has(m.database)) {
      throw new MysqlError(ER.BAD_DB, `Unknown database '${m.database}'`);
    }
    const db = registry.get(m.database);
    if (changes.ddl.length === 0) await this.#awaitSchema(m, () => db.replicatedSchemaVersion);
    if (this.#prepared.size >= this.#options.maxPrepared && !this.#prepared.has(m.txnId)) {
      throw new MysqlError(ER.LOCK_WAIT_TIMEOUT, "Too many transactions prepared on this node");
    }
    const keys = intentKeys(changes.rows, changes.ddl);
    intents.acquire(m.txnId, m.database, keys, true, rowTableKeys(changes.rows));
    try {
      if (changes.ddl.length > 0) {
        await this.#drainRowWrites(m.database, ddlTableKeys(changes.ddl), m.txnId);
      } else {
        checkColumns(db, changes.rows);
      }
      if (m.baseVersions !== undefined && newerHere(db, keys, m.baseVersions)) {
        throw deadlockError(`${STALE_READ}, node ${from}`);
      }
    } catch (err) {
      intents.release(m.txnId);
      throw err;
    }
    this.#prepared.set(m.txnId, { message: m, changes, origin: from, at: Date.now() });
    const reply: PrepareReply = { appliedAt: clock.now() };
    return encodeMessage(reply);
  }

  /** DDL waits for the row writes to its tables prepared here before it took them (1205
   * after `schemaWaitMs`, as MySQL's DDL waits for a metadata lock). */
  async #drainRowWrites(database: string, tables: string[], txnId: string): Promise<void> {
    const { intents, schemaWaitMs } = this.#options;
    if (!(await intents.drained(database, tables, txnId, schemaWaitMs))) {
      throw lockWaitTimeoutError();
    }
    // Aborted while it waited (its coordinator gave up): nothing to prepare.
    if (!intents.holds(txnId)) throw deadlockError(`transaction ${txnId} was aborted`);
  }

  async #awaitSchema(m: PrepareMessage, local: () => number): Promise<void> {
    const deadline = Date.now() + this.#options.schemaWaitMs;
    while (local() < m.schemaVersion) {
      if (Date.now() > deadline) {
        throw new MysqlError(
          ER.UNKNOWN_ERROR,
          `Schema of '${m.database}' here is at version ${local()}, the transaction needs ${m.schemaVersion}`,
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async #commit(m: CommitMessage): Promise<Uint8Array> {
    const { registry, clock, intents } = this.#options;
    clock.update(m.commitTs);
    const prepared = this.#prepared.get(m.txnId);
    if (prepared === undefined) {
      if (registry.has(m.database) && registry.get(m.database).applier.hasApplied(m.txnId)) {
        return DONE;
      }
      throw new MysqlError(ER.UNKNOWN_ERROR, `Transaction ${m.txnId} is not prepared here`);
    }
    const p = prepared.message;
    if (p.dbOp !== undefined) {
      this.#prepared.delete(m.txnId);
      intents.release(m.txnId);
      applyDatabaseOp(registry, p.dbOp);
      return DONE;
    }
    try {
      await registry.get(m.database).applyQueue.apply({
        txnId: p.txnId,
        commitTs: m.commitTs,
        origin: prepared.origin,
        ddl: prepared.changes.ddl,
        rows: prepared.changes.rows,
        encodedChanges: p.changes,
      });
    } catch (err) {
      this.#options.logger.error(
        { txnId: m.txnId, database: m.database, err: String(err) },
        "Could not apply a committed transaction; anti-entropy must repair this node",
      );
      throw err;
    } finally {
      this.#prepared.delete(m.txnId);
      intents.release(m.txnId);
    }
    return DONE;
  }

  #abort(m: AbortMessage): Uint8Array {
    this.#prepared.delete(m.txnId);
    this.#options.intents.release(m.txnId);
    return DONE;
  }

  #expire(): void {
    const now = Date.now();
    for (const txnId of this.#options.intents.stale(this.#options.heartbeatTimeoutMs)) {
      const prepared = this.#prepared.get(txnId);
      // A large transaction's coordinator is given as much longer to decide.
      const allowance = prepared === undefined ? 0 : largeTransactionAllowanceMs(
        prepared.message.changes.length,
        prepared.changes.rows.length,
      );
      if (
        prepared === undefined || now - prepared.at <= this.#options.heartbeatTimeoutMs + allowance
      ) {
        continue;
      }
      this.#options.logger.warn(
        { txnId },
        "Prepared transaction got no decision from its coordinator in time; aborted here",
      );
      this.#prepared.delete(txnId);
      this.#options.intents.release(txnId);
    }
  }
}

/**
 * True when this node holds a newer version of some row than the coordinator read: a write
 * it had not seen yet (it was behind, e.g. just restarted), whose value its statements did not
 * build on. Committed versions are enough: a transaction still committing holds its intents.
 */
function newerHere(
  db: Database,
  keys: readonly string[],
  bases: ReadonlyArray<Hlc | null>,
): boolean {
  const here = rowVersions(db.reader, keys);
  return here.some((version, i) => {
    if (version === null) return false;
    const base = bases[i] ?? null;
    return base === null || compareHlc(version, base) > 0;
  });
}

/**
 * 1213 when a row names a table or column this node does not have: its statements ran before
 * DDL that is applied here now (a column renamed or dropped, a table renamed), so the rows
 * could not be written after COMMIT. The client's retry runs them on the new definition.
 */
function checkColumns(db: Database, rows: readonly RowChange[]): void {
  let table = "";
  let known: ReadonlySet<string> | null = null;
  let checked: readonly string[] = [];
  for (const r of rows) {
    if (r.table !== table) {
      table = r.table;
      known = db.columnSet(table);
      if (known === null) {
        throw deadlockError(`table ${table} does not exist on this node: it was altered`);
      }
      checked = [];
    }
    if (_sameColumns(r.columns, checked)) continue;
    for (const c of r.columns) {
      if (!known!.has(c.toLowerCase())) {
        throw deadlockError(`table ${table} has no column ${c} on this node: it was altered`);
      }
    }
    checked = r.columns;
  }
}

function _sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** CREATE / DROP DATABASE as decided; an older generation than this node's is a no-op, and
 * a CREATE replaces a copy here that the cluster dropped without this node seeing it. */
export function applyDatabaseOp(registry: DatabaseRegistry, op: DatabaseOp): void {
  if (op.op === "create") registry.applyCreate(op.name, op.generation);
  else registry.drop(op.name, op.generation);
}
