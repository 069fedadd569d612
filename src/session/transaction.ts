/**
 * An explicit transaction of one session. Reads before the first write run on a snapshot
 * connection (REPEATABLE READ: one snapshot for the whole transaction); the first write moves
 * the transaction to the database's write connection under its write lock, where later reads
 * see the transaction's own writes. A transaction may touch several databases; each has its
 * own part, committed in turn. Writes are captured and replicated at COMMIT as one
 * transaction per database; ROLLBACK sends nothing anywhere.
 */
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import { beginWrite, commitWrite, rollbackWrite } from "./commit_write.ts";
import type { Replicator } from "./replicator.ts";

interface Part {
  db: Database;
  conn: Connection;
  writer: boolean;
  /** Capture positions of the part's savepoints (ROLLBACK TO forgets later rows). */
  savepoints: Map<string, number>;
  /** The id the write part claims its rows under (a write part only). */
  txnId: string | null;
}

/** The connections one session's open transaction uses. */
export class Transaction {
  #owner: object;
  #replicator: Replicator;
  #parts = new Map<string, Part>();

  constructor(owner: object, replicator: Replicator) {
    this.#owner = owner;
    this.#replicator = replicator;
  }

  /** True when the transaction wrote to some database (holds a write lock). */
  get wrote(): boolean {
    for (const p of this.#parts.values()) if (p.writer) return true;
    return false;
  }

  /** The connection reads of `db` use inside this transaction. */
  async readConnection(db: Database): Promise<Connection> {
    const part = this.#parts.get(db.name);
    if (part !== undefined) return part.conn;
    const conn = await db.takeSnapshot();
    const raced = this.#parts.get(db.name);
    if (raced !== undefined) {
      db.releaseSnapshot(conn);
      return raced.conn;
    }
    conn.db.exec("BEGIN");
    this.#parts.set(db.name, { db, conn, writer: false, savepoints: new Map(), txnId: null });
    return conn;
  }

  /** The write connection of `db`, taking its write lock (may wait; 1205 on timeout). */
  async writeConnection(db: Database): Promise<Connection> {
    const part = this.#parts.get(db.name);
    if (part?.writer) return part.conn;
    // The snapshot is not read again once the transaction writes: give it back before
    // waiting, so a checkpoint waiting for snapshots to end is not held up by this one.
    if (part !== undefined) {
      this.#parts.delete(db.name);
      db.releaseSnapshot(part.conn);
    }
    const wait = db.lock.acquire(this.#owner);
    if (wait !== undefined) await wait;
    try {
      beginWrite(db);
    } catch (err) {
      this.#parts.delete(db.name);
      db.lock.release(this.#owner);
      throw err;
    }
    this.#parts.set(db.name, {
      db,
      conn: db.writer,
      writer: true,
      savepoints: new Map(),
      txnId: this.#replicator.begin(),
    });
    return db.writer;
  }

  /** The write connection of `db` if this transaction already holds it. */
  writerFor(db: Database): Connection | undefined {
    const part = this.#parts.get(db.name);
    return part?.writer ? part.conn : undefined;
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
    if (part?.writer) part.savepoints.set(name.toLowerCase(), db.capture.mark());
  }

  /** After ROLLBACK TO `name`: forgets the rows captured since the savepoint. */
  rolledBackTo(db: Database, name: string): void {
    const mark = this.#parts.get(db.name)?.savepoints.get(name.toLowerCase());
    if (mark !== undefined) db.capture.rollbackTo(mark);
  }

  /**
   * Commits every part (replicating its writes at `consistency`); on a failure the parts not
   * yet committed are rolled back and the error thrown.
   */
  async commit(consistency: string | null): Promise<void> {
    const parts = [...this.#parts.values()];
    this.#parts.clear();
    let failure: unknown = null;
    for (const part of parts) {
      if (failure !== null || !part.writer) {
        this.#finish(part);
        continue;
      }
      try {
        await commitWrite(part.db, [], {
          replicator: this.#replicator,
          consistency,
          txnId: part.txnId ?? undefined,
          releaseLock: () => part.db.lock.release(this.#owner),
        });
      } catch (err) {
        failure = err;
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

  #finish(part: Part): void {
    if (part.writer) {
      if (part.txnId !== null) this.#replicator.release(part.txnId);
      rollbackWrite(part.db, () => part.db.lock.release(this.#owner));
    } else {
      part.db.releaseSnapshot(part.conn);
    }
  }
}
