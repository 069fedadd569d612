/**
 * The coordinator side of two-phase commit (reference §4.5), run by the node a client wrote
 * to. The write already ran here with change capture; `prepare` claims its intents on this
 * node. When no other node takes part the transaction commits in place; otherwise PREPARE
 * goes to every other ALIVE node, a conflict anywhere aborts it (1213), too few answers
 * abort it (1105 naming the level and the nodes reached), and once decided COMMIT goes to
 * the remotes first, then the rows are applied here, before the client gets its answer.
 */
import type { Logger } from "../config/mod.ts";
import {
  type Cluster,
  type Consistency,
  MAX_BODY_BYTES,
  type WriteTargets,
} from "../cluster/mod.ts";
import {
  type Changes,
  decodeMessage,
  encodeChanges,
  encodeMessage,
} from "../storage/committed_txn.ts";
import type { ApplyReservation } from "../storage/apply_queue.ts";
import type { Database } from "../storage/database.ts";
import { rowVersions } from "../storage/versioned_apply.ts";
import {
  deadlockError,
  ER,
  isDeadlock,
  lockWaitTimeoutError,
  MysqlError,
} from "../types/errors.ts";
import { type Hlc, type HybridClock, txnIdOf } from "../types/hlc.ts";
import type { LocalChanges, PreparedWrite } from "../types/replicated_write.ts";
import type { IdGenerator } from "./id_generator.ts";
import { type IntentTable, WriteConflictError } from "./intents.ts";
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

export interface CoordinatorOptions {
  cluster: Cluster;
  clock: HybridClock;
  intents: IntentTable;
  rowids: IdGenerator;
  logger: Logger;
  defaultConsistency: Consistency;
  /** Bound of each PREPARE / COMMIT wait for DML and for DDL. */
  writeTimeoutMs: number;
  ddlTimeoutMs: number;
  abortTimeoutMs: number;
  /** How long participants keep a prepared transaction without a decision (they abort it
   * then): the coordinator decides to commit well within it or not at all. */
  heartbeatTimeoutMs: number;
  /** A participant refused because this node's copy of a row was older than its own: this
   * node is behind (it was stopped or cut off) and should catch up now. */
  onStaleRead?: (database: string) => void;
  /** Test hook: runs once every PREPARE succeeded, before any COMMIT is sent. */
  afterPrepare?: (changes: Changes) => void;
}

const LEVELS = new Set(["ONE", "QUORUM", "ALL"]);
/** Largest encoded transaction that replicates: a PREPARE and a log entry fetched by a peer
 * carry it whole, with room left for their other fields. */
const MAX_TRANSACTION_BYTES = MAX_BODY_BYTES - 1024 * 1024;
/** How often an autocommit statement that hit a write conflict runs again (Galera's
 * wsrep_retry_autocommit, more generous because a retry here is cheap). */
const AUTOCOMMIT_RETRIES = 16;

/** Coordinates the commits of writes made on this node (the session's `Replicator`). */
export class Coordinator {
  #o: CoordinatorOptions;

  constructor(options: CoordinatorOptions) {
    this.#o = options;
  }

  newRowid(): bigint {
    return this.#o.rowids.next();
  }

  begin(): string {
    return txnIdOf(this.#o.clock.now());
  }

  claim(txnId: string, database: string, keys: string[]): void {
    this.#o.intents.acquire(txnId, database, keys, false);
  }

  release(txnId: string): void {
    this.#o.intents.release(txnId);
  }

  released(txnId: string): Promise<void> {
    return this.#o.intents.released(txnId);
  }

  holderOf(err: unknown): string | null {
    return err instanceof WriteConflictError ? err.holder : null;
  }

  commitsHere(): boolean {
    return this.#o.cluster.writeTargets("ONE").replicas.length === 0;
  }

  async retryAfterConflict(err: unknown, attempt: number): Promise<boolean> {
    if (!isDeadlock(err)) return false;
    if (attempt >= AUTOCOMMIT_RETRIES) return false;
    const holder = err instanceof WriteConflictError ? err.holder : null;
    if (holder !== null && this.#o.intents.holds(holder)) {
      // Held on this node: wait for it, as InnoDB makes a statement wait for a row lock.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.#o.intents.released(holder),
        new Promise((r) => timer = setTimeout(r, this.#o.writeTimeoutMs)),
      ]);
      clearTimeout(timer);
    } else {
      // Held on another node (it answered PREPARE with a conflict): back off a little.
      await new Promise((r) => setTimeout(r, 1 + Math.random() * Math.min(50, 2 ** attempt)));
    }
    return true;
  }

  prepare(
    db: Database,
    changes: LocalChanges,
    consistency: string | null,
    claimedAs?: string,
  ): PreparedWrite {
    const level = parseLevel(consistency) ?? this.#o.defaultConsistency;
    const startTs = this.#o.clock.now();
    const txnId = claimedAs ?? txnIdOf(startTs);
    const keys = intentKeys(changes.rows, changes.ddl);
    let targets: WriteTargets;
    let apply: ApplyReservation | null = null;
    try {
      targets = this.#targets(level);
      this.#o.intents.acquire(txnId, db.name, keys, false, rowTableKeys(changes.rows));
      // Announced now, while the statements' writer is still held: see ApplyQueue.reserve.
      if (targets.replicas.length > 0) apply = db.applyQueue.reserve();
    } catch (err) {
      this.#o.intents.release(txnId);
      throw err;
    }
    const inPlace = apply === null;
    // Read here, inside the transaction the statements ran in: what they read and these
    // versions are of the same moment.
    const baseVersions = inPlace ? [] : rowVersions(db.writer, keys);
    // The commit is stamped after every version it builds on, whatever this clock heard.
    for (const v of baseVersions) if (v !== null) this.#o.clock.update(v);
    return new CoordinatedWrite(this.#o, {
      db,
      changes,
      level,
      targets,
      startTs,
      txnId,
      baseVersions,
      apply,
    });
  }

  /**
   * CREATE / DROP DATABASE on every node: `applyHere` runs the operation on this node once
   * the others prepared it (at once when no other node takes part).
   */
  async databaseOp(
    op: DatabaseOp,
    consistency: string | null,
    applyHere: () => void,
  ): Promise<void> {
    const level = parseLevel(consistency) ?? this.#o.defaultConsistency;
    const targets = this.#targets(level);
    const startTs = this.#o.clock.now();
    const txnId = txnIdOf(startTs);
    this.#o.intents.acquire(txnId, SYSTEM_SCOPE, [databaseKey(op.name)], false);
    try {
      if (targets.replicas.length === 0) return applyHere();
      const changes = { ddl: [], rows: [] };
      await twoPhaseCommit(this.#o, {
        prepare: {
          txnId,
          database: SYSTEM_SCOPE,
          startTs,
          schemaVersion: 0,
          changes: encodeChanges(changes),
          dbOp: op,
        },
        changes,
        targets,
        level,
        timeoutMs: this.#o.ddlTimeoutMs,
        applyHere: () => Promise.resolve(applyHere()),
      });
    } finally {
      this.#o.intents.release(txnId);
    }
  }

  #targets(level: Consistency): WriteTargets {
    try {
      return this.#o.cluster.writeTargets(level);
    } catch (err) {
      throw new MysqlError(ER.UNKNOWN_ERROR, err instanceof Error ? err.message : String(err));
    }
  }
}

interface WritePlan {
  db: Database;
  /** See `PrepareMessage.baseVersions`. */
  baseVersions: Array<Hlc | null>;
  changes: LocalChanges;
  level: Consistency;
  targets: WriteTargets;
  startTs: Hlc;
  txnId: string;
  /** This node's apply of the transaction (null: it commits in place). */
  apply: ApplyReservation | null;
}

class CoordinatedWrite implements PreparedWrite {
  readonly inPlace: boolean;
  #o: CoordinatorOptions;
  #p: WritePlan;

  constructor(options: CoordinatorOptions, plan: WritePlan) {
    this.#o = options;
    this.#p = plan;
    this.inPlace = plan.targets.replicas.length === 0;
  }

  recordInPlace(): void {
    const { db, changes, txnId, targets } = this.#p;
    // With members down, peers pull this from the log later: it must fit a peer call too.
    const encodedChanges = targets.total > 1 ? replicable(changes) : undefined;
    db.recordInPlace({
      txnId,
      commitTs: this.#o.clock.now(),
      origin: this.#o.clock.nodeId,
      ddl: changes.ddl,
      rows: changes.rows,
      encodedChanges,
    });
  }

  finish(): void {
    this.#p.apply?.cancel();
    this.#o.intents.release(this.#p.txnId);
  }

  async replicate(): Promise<void> {
    const { db, changes, txnId, targets, level, startTs, baseVersions } = this.#p;
    const encodedChanges = replicable(changes);
    // Row writes to the DDL's tables prepared here before it: the DDL waits for them (as its
    // participants do), so none is applied here after it (intents.ts).
    if (
      changes.ddl.length > 0 &&
      !(await this.#o.intents.drained(
        db.name,
        ddlTableKeys(changes.ddl),
        txnId,
        this.#o.writeTimeoutMs,
      ))
    ) {
      throw lockWaitTimeoutError();
    }
    await twoPhaseCommit(this.#o, {
      prepare: {
        txnId,
        database: db.name,
        startTs,
        schemaVersion: db.replicatedSchemaVersion,
        changes: encodedChanges,
        baseVersions,
      },
      changes,
      targets,
      level,
      timeoutMs: (changes.ddl.length > 0 ? this.#o.ddlTimeoutMs : this.#o.writeTimeoutMs) +
        largeTransactionAllowanceMs(encodedChanges.length, changes.rows.length),
      applyHere: async (commitTs) => {
        await this.#p.apply!.apply({
          txnId,
          commitTs,
          origin: this.#o.clock.nodeId,
          ddl: changes.ddl,
          rows: changes.rows,
          encodedChanges,
        });
      },
    });
  }
}

/**
 * The encoded changes, or MySQL 1180 when they are too large to replicate (the transaction is
 * rolled back and nothing is sent: Galera answers an oversized write set the same way).
 */
function replicable(changes: Changes): Uint8Array {
  const encoded = encodeChanges(changes);
  if (encoded.length > MAX_TRANSACTION_BYTES) {
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new MysqlError(
      ER.ERROR_DURING_COMMIT,
      `Got error 90 "Message too long" during COMMIT: the transaction's row changes take ` +
        `${mib(encoded.length)} MiB, over the ${mib(MAX_TRANSACTION_BYTES)} MiB a replicated ` +
        "transaction may carry; split it into smaller transactions",
    );
  }
  return encoded;
}

interface TwoPhase {
  prepare: PrepareMessage;
  /** What `prepare.changes` encodes. */
  changes: Changes;
  targets: WriteTargets;
  level: Consistency;
  timeoutMs: number;
  /** Commits the transaction on this node with the decided timestamp. */
  applyHere(commitTs: Hlc): Promise<void>;
}

/**
 * PREPARE on every other ALIVE node, then the decision on the answers that came in time
 * (`commitPrepared`); peers that answer later get the decision when they do.
 */
async function twoPhaseCommit(o: CoordinatorOptions, t: TwoPhase): Promise<void> {
  const { targets, timeoutMs } = t;
  const { txnId, database } = t.prepare;
  const body = encodeMessage(t.prepare);
  const lease = commitLeaseMs(o.heartbeatTimeoutMs) +
    largeTransactionAllowanceMs(t.prepare.changes.length, t.changes.rows.length);
  // A decision after the lease aborts, so waiting longer for a PREPARE (DDL allows 60 s) only
  // turned a hung peer into a failed write: past it the answers in hand decide.
  const prepareMs = Math.min(timeoutMs, lease - Math.min(PREPARE_DECISION_MARGIN_MS, lease / 10));
  const sentAt = Date.now();
  const calls = targets.replicas.map((n) => o.cluster.rpc.call(n.nodeId, PREPARE, body, prepareMs));
  const answers = await decidingAnswers(calls, targets.required - 1, sentAt);
  // What was decided, for the peers whose PREPARE answers after the decision: they get the
  // COMMIT (null: an ABORT) then, so their intents do not wait for the participant's expiry.
  let decide!: (commit: Uint8Array | null) => void;
  const decision = new Promise<Uint8Array | null>((resolve) => decide = resolve);
  answers.forEach((a, i) => {
    if (a !== undefined) return;
    const node = targets.replicas[i]!.nodeId;
    void Promise.all([calls[i]!, decision]).then(([, commitBody]) => {
      if (commitBody === null) abort(o, txnId, database, [node]);
      else commitOn(o, txnId, node, commitBody, timeoutMs).catch(() => {});
    }, () => {});
  });
  try {
    await commitPrepared(o, t, answers, sentAt, lease, decide);
  } finally {
    decide(null); // no effect once a COMMIT was decided
  }
}

/**
 * The PREPARE answers in hand when the decision can be taken (undefined: not answered yet):
 * every peer answered, or one refused with a conflict, or `need` prepared and the others had
 * as long again as that took (at least `PREPARE_GRACE_MS`). Waiting for every answer made each
 * write wait out a hung peer's PREPARE timeout until the peer was suspected (~5 s).
 */
function decidingAnswers(
  calls: Promise<Uint8Array>[],
  need: number,
  sentAt: number,
): Promise<Array<PromiseSettledResult<Uint8Array> | undefined>> {
  return new Promise((resolve) => {
    const got = new Array<PromiseSettledResult<Uint8Array> | undefined>(calls.length);
    let settled = 0;
    let prepared = 0;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(grace);
      resolve([...got]);
    };
    const afterAnswer = () => {
      if (++settled === calls.length) finish();
      else if (prepared >= need && grace === undefined) {
        grace = setTimeout(finish, Math.max(PREPARE_GRACE_MS, Date.now() - sentAt));
      }
    };
    calls.forEach((call, i) =>
      call.then(
        (value) => {
          got[i] = { status: "fulfilled", value };
          prepared++;
          afterAnswer();
        },
        (reason) => {
          got[i] = { status: "rejected", reason };
          if (codeOf(reason) === ER.LOCK_DEADLOCK) finish();
          else afterAnswer();
        },
      )
    );
    if (calls.length === 0) finish();
    else if (need <= 0) grace = setTimeout(finish, PREPARE_GRACE_MS);
  });
}

/** How long the PREPARE answers still missing get at least, once enough are in: a loaded but
 * healthy peer's answer comes within it, so it gets the COMMIT with the others. */
const PREPARE_GRACE_MS = 20;

/**
 * Decides on the answers in hand: aborts on a conflict (1213) or too few (1105), else COMMITs
 * remote-first (`decided` gets the COMMIT body first), waits for the acknowledgements the
 * level needs and commits here.
 */
async function commitPrepared(
  o: CoordinatorOptions,
  t: TwoPhase,
  answers: Array<PromiseSettledResult<Uint8Array> | undefined>,
  sentAt: number,
  lease: number,
  decided: (commitBody: Uint8Array) => void,
): Promise<void> {
  const { targets, level, timeoutMs } = t;
  const { txnId, database } = t.prepare;
  const prepared: number[] = [];
  let conflict = false;
  let failure: unknown = null;
  answers.forEach((a, i) => {
    const node = targets.replicas[i]!.nodeId;
    if (a === undefined) return;
    if (a.status === "fulfilled") {
      prepared.push(node);
      o.clock.update(decodeMessage<PrepareReply>(a.value).appliedAt);
    } else if (codeOf(a.reason) === ER.LOCK_DEADLOCK) {
      conflict = true;
      if (messageOf(a.reason).includes(STALE_READ)) o.onStaleRead?.(database);
    } else {
      failure ??= a.reason;
      o.logger.debug({ txnId, node, err: String(a.reason) }, "PREPARE failed on a peer");
    }
  });
  const reached = prepared.length + 1;
  if (conflict || reached < targets.required) {
    abort(o, txnId, database, prepared);
    if (conflict) {
      throw deadlockError();
    }
    throw new MysqlError(
      ER.UNKNOWN_ERROR,
      `Write consistency ${level} not reached: ${targets.required} of ${targets.total} nodes ` +
        `needed, prepared on ${reached} (nodes ${[o.clock.nodeId, ...prepared].join(", ")})` +
        (failure !== null ? `; last error: ${messageOf(failure)}` : ""),
    );
  }
  o.afterPrepare?.(t.changes);
  // A participant gives up on the transaction after the heartbeat timeout from its PREPARE,
  // which came after `sentAt`. A decision later than that, after this node stalled (a pause,
  // SIGSTOP, a stopped VM), would commit here what others aborted and let other writes build
  // on the rows meanwhile: the stale rows would then replace theirs everywhere.
  if (Date.now() - sentAt > lease) {
    abort(o, txnId, database, prepared);
    throw deadlockError(
      `the commit decision came ${Date.now() - sentAt} ms after PREPARE, too late`,
    );
  }
  // Chosen now, before anything is sent: a stall from here on delays the commit but stamps
  // it no later than the writes the stall let through.
  const commitTs = o.clock.now();
  const commit: CommitMessage = { txnId, database, commitTs };
  const commitBody = encodeMessage(commit);
  decided(commitBody);
  // Remote first: once any COMMIT is out the transaction is decided and never aborted, so
  // this node applies while the acknowledgements travel.
  const acks = prepared.map((node) => commitOn(o, txnId, node, commitBody, timeoutMs));
  const [acked] = await Promise.all([
    atLeast(acks, targets.required - 1),
    t.applyHere(commitTs).catch((err) => {
      // Not a 1205 or 1213 a client would retry: the transaction is committed all the same.
      o.logger.error(
        { txnId, err: messageOf(err) },
        "A committed transaction failed to apply here",
      );
      throw new MysqlError(
        ER.ERROR_DURING_COMMIT,
        `The transaction is committed (COMMIT sent to nodes ${prepared.join(", ")}) but ` +
          `could not be applied on this node: ${messageOf(err)}; this node catches up from them`,
      );
    }),
  ]);
  if (acked.length < targets.required - 1) {
    o.logger.error(
      { txnId, level, acked },
      "Transaction committed here but too few peers confirmed COMMIT; anti-entropy repairs them",
    );
    throw new MysqlError(
      ER.UNKNOWN_ERROR,
      `Transaction committed on this node but COMMIT reached only ${acked.length} of ` +
        `${targets.required - 1} peers needed for ${level}; the others will catch up`,
    );
  }
}

/** COMMIT on `node`: resolves with the node once it confirmed; a failure is logged and
 * rejects. */
function commitOn(
  o: CoordinatorOptions,
  txnId: string,
  node: number,
  commitBody: Uint8Array,
  timeoutMs: number,
): Promise<number> {
  return o.cluster.rpc.call(node, COMMIT, commitBody, timeoutMs).then(
    () => node,
    (err) => {
      o.logger.warn({ txnId, node, err: messageOf(err) }, "A peer did not confirm COMMIT");
      throw err;
    },
  );
}

/** What the PREPARE wait leaves of the lease for deciding (a loaded node's timers run late),
 * at most a tenth of it. */
const PREPARE_DECISION_MARGIN_MS = 500;

/** The part of the heartbeat timeout a decision may take: a margin for clocks and delivery. */
function commitLeaseMs(heartbeatTimeoutMs: number): number {
  return Math.max(heartbeatTimeoutMs / 2, heartbeatTimeoutMs - 2_000);
}

function abort(o: CoordinatorOptions, txnId: string, database: string, nodes: number[]): void {
  const body = encodeMessage({ txnId, database } satisfies AbortMessage);
  for (const node of nodes) {
    o.cluster.rpc.call(node, ABORT, body, o.abortTimeoutMs).catch(() => {
      // Best effort: an unanswered ABORT expires on the peer after the heartbeat timeout.
    });
  }
}

/** Resolves with the nodes that answered once `count` did, or once all settled. */
function atLeast(calls: Promise<number>[], count: number): Promise<number[]> {
  return new Promise((resolve) => {
    const done: number[] = [];
    let settled = 0;
    if (count <= 0 || calls.length === 0) resolve(done);
    for (const c of calls) {
      c.then((node) => {
        done.push(node);
      }).catch(() => {}).finally(() => {
        settled++;
        if (done.length >= count || settled === calls.length) resolve([...done]);
      });
    }
  });
}

function parseLevel(level: string | null): Consistency | null {
  if (level === null) return null;
  const upper = level.toUpperCase();
  if (!LEVELS.has(upper)) {
    throw new MysqlError(
      ER.UNKNOWN_ERROR,
      `Unknown write consistency '${level}' (ONE, QUORUM, ALL)`,
    );
  }
  return upper as Consistency;
}

function codeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
