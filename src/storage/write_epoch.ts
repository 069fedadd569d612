/**
 * Explicit transactions of several sessions writing one database side by side, in one open
 * SQLite transaction on its writer (an "epoch"). With the writer held by one transaction at a
 * time, it sat idle while that transaction's client sent its next statement: under sysbench
 * write_only (4 clients) the event loop was idle 43% of the time with every other writer
 * queued behind (src/storage/DESIGN.md, "Write epochs").
 *
 * What keeps the transactions apart: a member runs only statements whose rows are named
 * before they run (point writes), and claims those rows' intents first (the session, with
 * `waitFor` when another member holds one, as InnoDB waits for a record lock); any other
 * statement first makes its transaction the only active member (`exclusive`). A member that
 * rolls back undoes its own rows (change capture's `undo`).
 *
 * Commit: a member records its commit in the open transaction (`commit`). When no other
 * active member has rows written, the SQLite COMMIT runs at once. Otherwise the epoch takes
 * no new member and the commit waits up to `GROUP_COMMIT_WAIT_MS` for the others to finish,
 * so one COMMIT serves several transactions; past that, the others' rows are set aside
 * (undone, their new images kept), the COMMIT runs, and they are written again in the next
 * transaction (`EpochWriter.commit`): a transaction left open never holds another's COMMIT
 * back. An exclusive member's rows are never set aside (its savepoints live in the SQLite
 * transaction): the commits waiting when it became alone run first, and no other member
 * can commit while it is alone.
 *
 * The epoch holds the database's write lock while it is open: autocommit writes, applies,
 * DDL and checkpoints wait for its end, and a waiter there closes it to new members. An epoch
 * opens only once the applies announced or queued before it are written (`Applies`): one
 * opened during a two-phase commit of this node's would hold back its apply, and so its
 * client's answer, for as long as the epoch's clients take.
 */
import { deadlockError, ER, lockWaitTimeoutError, MysqlError } from "../types/errors.ts";
import type { CaptureLog } from "./change_capture.ts";
import type { WriteLock } from "./write_lock.ts";

/**
 * How long a commit waits for the other members to finish before setting their rows aside,
 * and how many members may be active at once (setting aside costs a write per row of each).
 * Measured with sysbench (4 / 16 / 64 threads): 2 ms and no bound, oltp_write_only 2,070 /
 * 2,382 / 1,022 TPS and oltp_read_write 653 / 731 / 280 (the one-writer rule: 1,182 / 1,099 /
 * 1,130 and 673 at 16, 693 at 64); 5 ms and 8 members, 2,209 / ~2,550 / 2,266 and 785 / ~900 /
 * 807: under load a commit set aside the others' rows again and again.
 */
export const GROUP_COMMIT_WAIT_MS = 5;
const MAX_ACTIVE = 8;

/** What an epoch does to the writer. */
export interface EpochWriter {
  /** Opens the transaction (change capture on). */
  open(): void;
  /**
   * Commits what the transaction holds except the rows of `aside` (each set aside before the
   * COMMIT and written again after it, in a new transaction when `reopen`).
   * @throws {Error} the COMMIT failed (rolled back; `aside` is written again all the same)
   */
  commit(aside: CaptureLog[], reopen: boolean): void;
  /** Ends the transaction, which holds nothing uncommitted any more. */
  close(): void;
}

/** The applies an epoch lets go first (the database's apply queue). */
export interface Applies {
  /** Settles once the applies outstanding now are done; undefined when there are none. */
  settled(): Promise<void> | undefined;
}

interface _Member {
  txnId: string;
  log: CaptureLog;
  active: boolean;
  exclusive: boolean;
  /** The member whose intent it waits for, "all" while it waits to be alone, or null. */
  waitingFor: _Member | "all" | null;
}

interface _Committer {
  resolve(): void;
  reject(err: unknown): void;
}

interface _Epoch {
  members: Map<object, _Member>;
  active: number;
  /** Members whose commit is recorded and waits for the COMMIT. */
  committers: _Committer[];
  /** Members waiting to become exclusive. */
  escalating: number;
  groupTimer: ReturnType<typeof setTimeout> | null;
  /** Wakes whoever waits for a member to finish. */
  changed: Array<() => void>;
}

/** The epochs of one database, one at a time. */
export class WriteEpoch {
  readonly #lock: WriteLock;
  readonly #writer: EpochWriter;
  readonly #applies: Applies;
  readonly #token = { owner: "write epoch" };
  #epoch: _Epoch | null = null;
  #opening: Promise<void> | null = null;
  /** Sessions waiting to join as the only active member (`join` with `alone`). */
  #aloneWaiting = 0;
  /** Sessions waiting for the epoch to take members again (or to end). */
  #next: Array<() => void> = [];
  /** Ends the wait of an owner that waits here (`interrupt`). */
  #interrupts = new Map<object, () => void>();

  constructor(lock: WriteLock, writer: EpochWriter, applies: Applies) {
    this.#lock = lock;
    this.#writer = writer;
    this.#applies = applies;
  }

  /**
   * Joins the open epoch as `txnId`, its statements capturing into `log` (opening one, with
   * the write lock, when there is none); waits while the epoch takes no new member. `alone`:
   * joins as the only active member, once the others are gone (an exclusive member from its
   * first statement: two members asking to be alone would wait for each other). 1205 when
   * the write lock is not had in time.
   */
  async join(owner: object, txnId: string, log: CaptureLog, alone = false): Promise<void> {
    if (alone) this.#aloneWaiting++;
    try {
      for (;;) {
        const epoch = this.#epoch;
        if (epoch === null) {
          this.#opening ??= this.#open().finally(() => this.#opening = null);
          await this.#opening;
          continue;
        }
        if (alone ? epoch.active > 0 || epoch.committers.length > 0 : this.#closed(epoch)) {
          await this.#within(owner, new Promise<void>((resolve) => this.#next.push(resolve)));
          continue;
        }
        const me = { txnId, log, active: true, exclusive: alone, waitingFor: null };
        epoch.members.set(owner, me);
        epoch.active++;
        return;
      }
    } finally {
      if (alone) this.#aloneWaiting--;
    }
  }

  /**
   * Makes `owner` the only active member: the epoch takes no new member and the others
   * finish first. 1213 when another member waits for this one (they would wait for each
   * other), 1205 after the lock wait timeout.
   */
  async exclusive(owner: object): Promise<void> {
    const { epoch, me } = this.#member(owner);
    if (me.exclusive) return;
    for (const other of epoch.members.values()) {
      if (other !== me && other.active && this.#waitsOn(other, me)) throw deadlockError();
    }
    epoch.escalating++;
    me.waitingFor = "all";
    try {
      await this.#within(
        owner,
        new Promise<void>((resolve) => {
          const check = () => epoch.active === 1 ? resolve() : epoch.changed.push(check);
          check();
        }),
      );
      // Commits waiting for this member's rows go first, while they may still be set aside:
      // an exclusive member's rows never are, and no commit comes while it is alone.
      this.#flush(epoch);
      me.exclusive = true;
    } finally {
      me.waitingFor = null;
      epoch.escalating--;
      // A wait that failed (timeout, KILL) no longer keeps sessions from joining.
      if (!me.exclusive && this.#epoch === epoch) this.#wakeJoiners(epoch);
    }
  }

  /**
   * Waits until `released` settles, `owner` waiting for the member holding `holderTxnId`.
   * False (without waiting) when the holder is not an active member of this epoch; 1213 when
   * the holder waits for `owner`, 1205 after the lock wait timeout.
   */
  async waitFor(owner: object, holderTxnId: string, released: Promise<void>): Promise<boolean> {
    const { epoch, me } = this.#member(owner);
    let holder: _Member | undefined;
    for (const m of epoch.members.values()) if (m.txnId === holderTxnId && m.active) holder = m;
    if (holder === undefined) return false;
    if (this.#waitsOn(holder, me)) throw deadlockError();
    me.waitingFor = holder;
    try {
      await this.#within(owner, released);
    } finally {
      me.waitingFor = null;
    }
    return true;
  }

  /**
   * Ends `owner`'s membership after its commit was recorded in the open transaction;
   * resolves once the COMMIT made it durable.
   * @throws {Error} the COMMIT failed (the transaction did not commit)
   */
  commit(owner: object): Promise<void> {
    const { epoch } = this.#member(owner);
    const done = new Promise<void>((resolve, reject) => {
      epoch.committers.push({ resolve, reject });
    });
    this.#end(owner);
    if (this.#epoch === epoch && epoch.committers.length > 0) {
      if (this.#writing(epoch).length === 0) this.#flush(epoch);
      else epoch.groupTimer ??= setTimeout(() => this.#flush(epoch), GROUP_COMMIT_WAIT_MS);
    }
    return done;
  }

  /** KILL: the wait `owner` is in (to join, for a row, to be alone) fails now with 1317. */
  interrupt(owner: object): void {
    this.#interrupts.get(owner)?.();
  }

  /** Ends `owner`'s membership without a commit (its rows must be undone already). */
  leave(owner: object): void {
    this.#end(owner);
  }

  #member(owner: object): { epoch: _Epoch; me: _Member } {
    const epoch = this.#epoch;
    const me = epoch?.members.get(owner);
    if (epoch === null || me === undefined || !me.active) {
      throw new Error("WriteEpoch: not an active member");
    }
    return { epoch, me };
  }

  async #open(): Promise<void> {
    await this.#applies.settled();
    const wait = this.#lock.acquire(this.#token);
    if (wait !== undefined) await wait;
    try {
      this.#writer.open();
    } catch (err) {
      this.#lock.release(this.#token);
      throw err;
    }
    this.#epoch = {
      members: new Map(),
      active: 0,
      committers: [],
      escalating: 0,
      groupTimer: null,
      changed: [],
    };
  }

  /** Takes no new member: a commit waits for the others, a member waits to be alone, or a
   * writer waits for the lock (an empty epoch takes members still: only a member ends it). */
  #closed(epoch: _Epoch): boolean {
    if (epoch.committers.length > 0 || epoch.escalating > 0) return true;
    if (this.#aloneWaiting > 0 && epoch.active > 0) return true;
    if (epoch.active >= MAX_ACTIVE) return true;
    for (const m of epoch.members.values()) if (m.active && m.exclusive) return true;
    return this.#lock.waiting > 0 && epoch.active > 0;
  }

  #end(owner: object): void {
    const epoch = this.#epoch;
    const me = epoch?.members.get(owner);
    if (epoch === null || me === undefined || !me.active) return;
    me.active = false;
    me.exclusive = false;
    epoch.members.delete(owner);
    epoch.active--;
    for (const wake of epoch.changed.splice(0)) wake();
    if (epoch.committers.length > 0 && this.#writing(epoch).length === 0) this.#flush(epoch);
    else if (epoch.active === 0 && epoch.committers.length === 0) this.#close(epoch);
    else this.#wakeJoiners(epoch);
  }

  /** The capture logs of the active members with rows written. */
  #writing(epoch: _Epoch): CaptureLog[] {
    const logs: CaptureLog[] = [];
    for (const m of epoch.members.values()) if (m.active && m.log.length > 0) logs.push(m.log);
    return logs;
  }

  /** COMMITs for the waiting committers, setting aside the rows of members still writing. */
  #flush(epoch: _Epoch): void {
    if (this.#epoch !== epoch || epoch.committers.length === 0) return;
    clearTimeout(epoch.groupTimer ?? undefined);
    epoch.groupTimer = null;
    const aside = this.#writing(epoch);
    const committers = epoch.committers.splice(0);
    let failure: unknown = null;
    try {
      this.#writer.commit(aside, epoch.active > 0);
    } catch (err) {
      failure = err;
    }
    for (const c of committers) failure === null ? c.resolve() : c.reject(failure);
    if (epoch.active === 0) this.#close(epoch);
    else this.#wakeJoiners(epoch);
  }

  #close(epoch: _Epoch): void {
    this.#epoch = null;
    clearTimeout(epoch.groupTimer ?? undefined);
    try {
      this.#writer.close();
    } finally {
      this.#lock.release(this.#token);
      for (const wake of this.#next.splice(0)) wake();
    }
  }

  #wakeJoiners(epoch: _Epoch): void {
    if (!this.#closed(epoch)) { for (const wake of this.#next.splice(0)) wake(); }
  }

  /** True when `member` waits, directly or through others, for `target`. */
  #waitsOn(member: _Member, target: _Member): boolean {
    const seen = new Set<_Member>();
    for (let m: _Member | "all" | null = member; m !== null; m = m.waitingFor) {
      if (m === "all" || m === target) return true;
      if (seen.has(m)) return false;
      seen.add(m);
    }
    return false;
  }

  /** `owner`'s `wait`, failed with 1205 after the lock wait timeout (1317 on `interrupt`). */
  async #within(owner: object, wait: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        wait,
        new Promise<never>((_, reject) => {
          this.#interrupts.set(
            owner,
            () => reject(new MysqlError(ER.QUERY_INTERRUPTED, "Query execution was interrupted")),
          );
          timer = setTimeout(() => reject(lockWaitTimeoutError()), this.#lock.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.#interrupts.delete(owner);
    }
  }
}
