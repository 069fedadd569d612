/**
 * An explicit transaction of one session. Reads before the first write run on a snapshot
 * connection (REPEATABLE READ: one snapshot for the whole transaction); the first write joins
 * the database's write epoch (src/storage/write_epoch.ts), where transactions of several
 * sessions write side by side on the write connection, and later reads see the transaction's
 * own writes. A transaction may touch several databases; each has its own part, committed in
 * turn. Writes are captured and replicated at COMMIT as one transaction per database;
 * ROLLBACK undoes them here and sends nothing anywhere.
 *
 * Side by side is safe because a statement either names its rows before it runs (a point
 * write: the rows are claimed first, waiting for another transaction holding one as InnoDB
 * waits for a record lock) or runs only once its transaction is the epoch's one active
 * member (every other statement, reads on the write connection included).
 */
import type { CaptureLog } from "../storage/change_capture.ts";
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import { deadlockError, ER, isDeadlock, MysqlError } from "../types/errors.ts";
import type { PreparedWrite } from "../types/replicated_write.ts";
import type { Replicator } from "./replicator.ts";

/** Row changes a transaction may have made and still write side by side with others. */
const MAX_SHARED_ROWS = 1000;
/** Statements kept to run again after a deadlock (beyond: the deadlock reaches the client). */
const MAX_STEPS = 1000;
/** Deadlocks a transaction gets past by running its statements again, per statement. */
const MAX_REPLAYS = 3;
/** Around recording an in-place commit in the epoch's open transaction. */
const RECORD_SAVEPOINT = `"__marmot_record"`;
/** Opened when a transaction becomes the only active writer (see `#alone`). */
const ALONE_SAVEPOINT = `"__marmot_alone"`;

interface Part {
  db: Database;
  conn: Connection;
  writer: boolean;
  /** Capture positions of the part's savepoints (ROLLBACK TO forgets later rows). */
  savepoints: Map<string, number>;
  /** The id the write part claims its rows under (a write part only). */
  txnId: string | null;
  /** What the write part's statements changed (a write part only). */
  log: CaptureLog;
  /** The write part's statements, to run again after a deadlock; null once one was not a
   * point write (or too many ran). */
  steps: WriteStep[] | null;
  /** Capture position where the write part became the only active writer and opened
   * `ALONE_SAVEPOINT`, or null. */
  aloneMark: number | null;
}

/** A point write a transaction ran (see `Transaction.ran`). */
export interface WriteStep {
  keys: readonly string[];
  /** Runs the statement again on the write connection (capture bound); returns `told`. */
  run(): string;
  /** What the client was told (affected rows, insert id, info, warnings), as `run` gives it. */
  told: string;
}

/** The connections one session's open transaction uses. */
export class Transaction {
  #owner: object;
  #replicator: Replicator;
  #parts = new Map<string, Part>();
  /** The database whose write epoch this transaction waits to join, or null. */
  #joining: Database | null = null;

  constructor(owner: object, replicator: Replicator) {
    this.#owner = owner;
    this.#replicator = replicator;
  }

  /** True when the transaction wrote to some database (is a member of its write epoch). */
  get wrote(): boolean {
    for (const p of this.#parts.values()) if (p.writer) return true;
    return false;
  }

  /** The connection reads of `db` use inside this transaction; on the write connection, once
   * this transaction is the only active writer (it would see the others' rows otherwise).
   * A `locking` read (FOR UPDATE / FOR SHARE) reads there too, as InnoDB's locking reads see
   * the latest committed rows and hold them: read on the snapshot, a read-modify-write of
   * two transactions lost one's update. */
  async readConnection(db: Database, locking = false): Promise<Connection> {
    if (locking) await this.prepareWrite(db, null);
    const part = this.#parts.get(db.name);
    if (part?.writer) {
      await this.#alone(part);
      return part.conn;
    }
    if (part !== undefined) return part.conn;
    const conn = await db.takeSnapshot();
    const raced = this.#parts.get(db.name);
    if (raced !== undefined) {
      db.releaseSnapshot(conn);
      return await this.readConnection(db);
    }
    conn.db.exec("BEGIN");
    this.#parts.set(db.name, {
      db,
      conn,
      writer: false,
      savepoints: new Map(),
      txnId: null,
      log: [],
      steps: null,
      aloneMark: null,
    });
    return conn;
  }

  /**
   * Readies `db`'s write connection for a statement that touches the rows of `keys` (null:
   * rows it does not name): joins the write epoch, then claims the keys (waiting while
   * another active transaction holds one) or waits to be the only active writer. 1213 on a
   * deadlock or a key held elsewhere, 1205 after the lock wait timeout. Then `writer`.
   */
  async prepareWrite(db: Database, keys: readonly string[] | null): Promise<void> {
    // Alone: a statement that does not name its rows, and any on a node with peers: a commit
    // there holds intents through two-phase commit and the apply that ends it waits for the
    // epoch, so members could only fail on them (3 nodes, 24 sysbench threads, write_only:
    // 7.5x the conflicts and 14% fewer TPS side by side).
    const alone = keys === null || !this.#replicator.commitsHere();
    let part = this.#parts.get(db.name);
    if (!part?.writer) {
      // The snapshot is not read again once the transaction writes: give it back before
      // waiting, so a checkpoint waiting for snapshots to end is not held up by this one.
      if (part !== undefined) {
        this.#parts.delete(db.name);
        db.releaseSnapshot(part.conn);
      }
      const txnId = this.#replicator.begin();
      const log: CaptureLog = [];
      await this.#join(db, txnId, log, alone);
      part = {
        db,
        conn: db.writer,
        writer: true,
        savepoints: new Map(),
        txnId,
        log,
        steps: [],
        aloneMark: null,
      };
      this.#parts.set(db.name, part);
    }
    // So is a transaction with many rows: another's COMMIT would set them all aside.
    if (alone || part.log.length > MAX_SHARED_ROWS) return await this.#alone(part);
    for (let attempt = 0;; attempt++) {
      try {
        if (attempt > 0) await this.#replay(part);
        return await this.#claim(part, keys);
      } catch (err) {
        if (!isDeadlock(err) || part.steps === null || attempt >= MAX_REPLAYS) throw err;
      }
    }
  }

  /** KILL: the statement's wait in a write epoch (to join, for a row, to be alone) fails now
   * with 1317, as InnoDB ends a lock wait; the transaction stays (KILL QUERY) or the closing
   * connection rolls it back, which frees its rows for the others. */
  interrupt(): void {
    for (const part of this.#parts.values()) if (part.writer) part.db.epoch.interrupt(this.#owner);
    this.#joining?.epoch.interrupt(this.#owner);
  }

  /** Notes the point write that just ran (`step`; null: a statement that was not one). */
  ran(db: Database, step: WriteStep | null): void {
    const part = this.#parts.get(db.name);
    if (part?.steps == null) return;
    if (step === null || part.steps.length >= MAX_STEPS) part.steps = null;
    else part.steps.push(step);
  }

  /** Joins `db`'s write epoch (see `WriteEpoch.join`), a KILL ending the wait. */
  async #join(db: Database, txnId: string, log: CaptureLog, alone: boolean): Promise<void> {
    this.#joining = db;
    try {
      await db.epoch.join(this.#owner, txnId, log, alone);
    } finally {
      this.#joining = null;
    }
  }

  /** Claims `keys`, waiting while another active transaction holds one. */
  async #claim(part: Part, keys: readonly string[]): Promise<void> {
    for (;;) {
      try {
        return this.#replicator.claim(part.txnId!, part.db.name, [...keys]);
      } catch (err) {
        const holder = this.#replicator.holderOf(err);
        if (holder === null) throw err;
        const released = this.#replicator.released(holder);
        if (!(await part.db.epoch.waitFor(this.#owner, holder, released))) throw err;
      }
    }
  }

  /**
   * Gets a transaction of point writes past a deadlock, as if it had waited: its rows are
   * undone and its claims released (the other transaction goes on), then its statements run
   * again in order. The client saw only their OK packets: when each one tells the same, the
   * transaction goes on unseen; otherwise 1213 reaches the client as before.
   */
  async #replay(part: Part, alone = false): Promise<void> {
    const { db } = part;
    const steps = part.steps!;
    this.#undo(part);
    this.#replicator.release(part.txnId!);
    // The transactions that waited for this one's claims go on first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      if (alone) {
        // It waited to be alone for one that waits for it: it joins again once alone.
        db.epoch.leave(this.#owner);
        await this.#join(db, part.txnId!, part.log, true);
      }
      for (const step of steps) {
        await this.#claim(part, step.keys);
        db.capture.bind(part.log);
        const mark = part.log.length;
        const told = step.run();
        this.claimSince(db, mark);
        if (told !== step.told) throw new Error("a statement told another result");
      }
    } catch (err) {
      // Whatever stopped it, the transaction is not what the client saw: it rolls back.
      if (!isDeadlock(err)) part.steps = null;
      throw deadlockError();
    }
  }

  /** The write connection of `db` (after `prepareWrite`), with change capture collecting
   * into this transaction's log: call right before the statement runs. */
  writer(db: Database): Connection {
    const part = this.#parts.get(db.name);
    if (!part?.writer) throw new Error(`Transaction: no write part for ${db.name}`);
    db.capture.bind(part.log);
    return part.conn;
  }

  /** The write connection of `db` if this transaction writes it. */
  writerFor(db: Database): Connection | undefined {
    const part = this.#parts.get(db.name);
    return part?.writer ? part.conn : undefined;
  }

  /** Waits until this transaction is the only active writer of every database it writes
   * (before statements that may read other transactions' rows). */
  async exclusive(): Promise<void> {
    for (const part of this.#parts.values()) if (part.writer) await this.#alone(part);
  }

  /**
   * Makes this transaction the only active writer of `part`'s database. Its later changes
   * (any table, foreign keys too) are undone by SQLite, to a savepoint: capture's `undo`
   * deletes each row and inserts it again, which a foreign key refuses (a parent row with
   * children) or cascades (ON DELETE CASCADE took the children with it).
   */
  async #alone(part: Part): Promise<void> {
    try {
      await part.db.epoch.exclusive(this.#owner);
    } catch (err) {
      // Two members waiting to be alone: one made of point writes steps back and runs them
      // again once alone (as if it had waited at its first write); any other gets the 1213.
      if (!isDeadlock(err) || part.steps === null || part.aloneMark !== null) throw err;
      await this.#replay(part, true);
    }
    part.steps = null;
    if (part.aloneMark !== null) return;
    part.conn.db.exec(`SAVEPOINT ${ALONE_SAVEPOINT}`);
    part.aloneMark = part.log.length;
  }

  /** Puts back every row the write part changed (its claims stay). */
  #undo(part: Part): void {
    const { db } = part;
    if (part.aloneMark !== null) {
      db.writer.db.exec(`ROLLBACK TO ${ALONE_SAVEPOINT}`);
      db.writer.db.exec(`RELEASE ${ALONE_SAVEPOINT}`);
      part.log.length = part.aloneMark;
      part.aloneMark = null;
    }
    db.capture.bind(part.log);
    db.capture.undo();
  }

  /**
   * Claims the rows a statement of this transaction changed since `mark` (1213 when another
   * transaction holds one: the caller rolls the transaction back, as MySQL does on deadlock).
   */
  claimSince(db: Database, mark: number): void {
    const part = this.#parts.get(db.name);
    if (part?.txnId == null) return;
    this.#replicator.claim(part.txnId, db.name, db.capture.keysSince(mark));
  }

  /** Notes a savepoint of the write part of `db` (where ROLLBACK TO returns capture). */
  savepoint(db: Database, name: string): void {
    const part = this.#parts.get(db.name);
    if (part?.writer) part.savepoints.set(name.toLowerCase(), part.log.length);
  }

  /** After ROLLBACK TO `name`: forgets the rows captured since the savepoint. */
  rolledBackTo(db: Database, name: string): void {
    const part = this.#parts.get(db.name);
    const mark = part?.savepoints.get(name.toLowerCase());
    if (part !== undefined && mark !== undefined) part.log.length = Math.min(part.log.length, mark);
  }

  /**
   * Commits every part (replicating its writes at `consistency`); on a failure the parts not
   * yet committed are rolled back and the error thrown.
   */
  async commit(consistency: string | null): Promise<void> {
    const parts = [...this.#parts.values()];
    this.#parts.clear();
    let failure: unknown = null;
    const committed: string[] = [];
    for (const part of parts) {
      if (failure !== null || !part.writer) {
        this.#finish(part);
        continue;
      }
      try {
        if (await this.#commitPart(part, consistency)) committed.push(part.db.name);
      } catch (err) {
        failure = committed.length === 0 ? err : _partlyCommitted(committed, part.db.name, err);
      }
    }
    if (failure !== null) throw failure;
  }

  /** Rolls back every part and releases locks and snapshots. */
  rollback(): void {
    for (const part of this.#parts.values()) this.#finish(part);
    this.#parts.clear();
  }

  /** Drops the part of a database that is being dropped. */
  forget(name: string): void {
    const part = this.#parts.get(name);
    if (part === undefined) return;
    this.#finish(part);
    this.#parts.delete(name);
  }

  /**
   * Commits a write part: in place, its commit recorded in the epoch's open transaction and
   * answered once that commits; or (other nodes take part) its rows undone here and committed
   * everywhere by two-phase commit.
   */
  async #commitPart(part: Part, consistency: string | null): Promise<boolean> {
    const { db } = part;
    const txnId = part.txnId!;
    db.capture.bind(part.log);
    let prepared: PreparedWrite;
    try {
      const rows = db.capture.take(() => this.#replicator.newRowid());
      if (rows.length === 0) {
        this.#replicator.release(txnId);
        db.epoch.leave(this.#owner);
        return false;
      }
      prepared = this.#replicator.prepare(db, { rows, ddl: [] }, consistency, txnId);
    } catch (err) {
      this.#finish(part);
      throw err;
    }
    if (prepared.inPlace) {
      try {
        // A savepoint: a failure leaves none of the record in the epoch's transaction.
        db.writer.db.exec(`SAVEPOINT ${RECORD_SAVEPOINT}`);
        try {
          db.capture.rekeyInPlace();
          prepared.recordInPlace();
        } catch (err) {
          db.writer.db.exec(`ROLLBACK TO ${RECORD_SAVEPOINT}`);
          throw err;
        } finally {
          db.writer.db.exec(`RELEASE ${RECORD_SAVEPOINT}`);
        }
      } catch (err) {
        this.#finish(part);
        throw err;
      } finally {
        prepared.finish(); // the epoch's other members may build on its rows now
      }
      db.noteWrite();
      await db.epoch.commit(this.#owner);
      return true;
    }
    try {
      this.#undo(part);
      db.epoch.leave(this.#owner);
      await prepared.replicate();
    } finally {
      prepared.finish();
    }
    return true;
  }

  /** Ends a part that does not commit: a write part's rows are undone and its claims go. */
  #finish(part: Part): void {
    if (!part.writer) return part.db.releaseSnapshot(part.conn);
    const { db } = part;
    try {
      if (db.writer.inTransaction) this.#undo(part);
    } finally {
      this.#replicator.release(part.txnId!);
      db.epoch.leave(this.#owner);
    }
  }
}

/**
 * A COMMIT whose later database failed after earlier ones committed: not the failure's own
 * 1213 or 1205, which a client retries, committing the earlier databases' writes twice.
 */
function _partlyCommitted(committed: string[], failed: string, err: unknown): MysqlError {
  const names = committed.map((n) => `'${n}'`).join(", ");
  return new MysqlError(
    ER.ERROR_DURING_COMMIT,
    `The transaction's writes to database ${names} are committed, those to '${failed}' ` +
      `are not: ${err instanceof Error ? err.message : String(err)}`,
  );
}
