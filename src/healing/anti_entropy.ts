/**
 * Log-pull anti-entropy (reference §6.2-6.4): every `anti_entropy_interval_seconds`, and once
 * at start, this node
 *   1. reconciles its database registry with every ALIVE peer (CREATE / DROP DATABASE it
 *      missed, newest generation wins, a drop is never undone by an older create);
 *   2. for every database and ALIVE peer, lists the peer's commit log after the position it
 *      pulled last, fetches the transactions it has not applied and applies them through the
 *      same versioned, exactly-once applier as live replication (so order across peers does
 *      not matter), then moves the cursor;
 *   3. restores a database by snapshot when the peer's log no longer reaches back to the
 *      cursor (garbage-collected) or the database is new here.
 * A node is caught up when a round reached the end of every ALIVE peer's log without error;
 * until then a JOINING node is not promoted (excluded from quorums).
 */
import type { Logger } from "../config/mod.ts";
import type { Cluster } from "../cluster/mod.ts";
import { listLog, pullCursor, savePullCursor } from "../storage/commit_log.ts";
import {
  type CommittedTxn,
  decodeMessage,
  decodeTxn,
  encodeMessage,
} from "../storage/committed_txn.ts";
import type { Database } from "../storage/database.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import {
  type DatabaseListReply,
  DB_LIST,
  LOG_FETCH,
  LOG_LIST,
  type LogFetchReply,
  type LogFetchRequest,
  type LogListReply,
  type LogListRequest,
} from "./log_messages.ts";

const PAGE = 1024;
const MAX_PAGES_PER_PULL = 64;

/** Restores one database from a peer's snapshot; returns the peer's log position in it. */
export type SnapshotRestorer = (peer: number, database: string) => Promise<{ lastSeq: number }>;

export interface AntiEntropyOptions {
  cluster: Cluster;
  registry: DatabaseRegistry;
  logger: Logger;
  intervalMs: number;
  /** Bound of each peer call. */
  timeoutMs: number;
  restoreSnapshot?: SnapshotRestorer;
  /** A node with no data restores a snapshot when a peer's log is at least this long. */
  snapshotThreshold: number;
  /** Called for each transaction applied from a peer's log (a prepared copy here is done;
   * the clock moves past its commit time). */
  onApplied?: (txn: CommittedTxn) => void;
}

/** What one pull of one peer's log for one database did. */
export type PullOutcome = "caught_up" | "behind" | "absent" | "error";

export class AntiEntropy {
  #o: AntiEntropyOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | null = null;
  #caughtUp = false;
  /** A caught-up round ran while this node was ALIVE. */
  #roundAfterAlive = false;
  /** The last round left a log unread past its page bound. */
  #behind = false;
  #closed = false;

  constructor(options: AntiEntropyOptions) {
    this.#o = options;
  }

  /** True when the last round reached the end of every ALIVE peer's log (at least one)
   * without error. */
  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Runs a round now and then every interval. */
  start(): void {
    const loop = async () => {
      if (this.#closed) return;
      await this.runRound();
      // Until this node is ALIVE (a restarted or new node waits for promotion) rounds come
      // every second, and one more right after promotion: commits made between its last
      // JOINING round and its promotion reached only the others.
      const alive = this.#o.cluster.members().some((m) =>
        m.nodeId === this.#o.cluster.nodeId && m.status === "ALIVE"
      );
      const quick = !this.#caughtUp || !alive || !this.#roundAfterAlive;
      if (alive && this.#caughtUp) this.#roundAfterAlive = true;
      // A pull that stopped at its page bound goes on at once.
      const next = this.#behind
        ? 0
        : quick
        ? Math.min(this.#o.intervalMs, 1000)
        : this.#o.intervalMs;
      if (!this.#closed) this.#timer = setTimeout(loop, next);
    };
    this.#timer = setTimeout(loop, 0);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  /** One round (concurrent calls share the running one). It never rejects: it runs from
   * timers, where a rejection would end the process. */
  runRound(): Promise<void> {
    this.#running ??= this.#round()
      .catch((err) => {
        this.#caughtUp = false;
        this.#o.logger.error({ err }, "Anti-entropy round failed; retried next round");
      })
      .finally(() => this.#running = null);
    return this.#running;
  }

  async #round(): Promise<void> {
    const { cluster, registry, logger } = this.#o;
    const peers = cluster.members().filter((m) =>
      m.nodeId !== cluster.nodeId && m.status === "ALIVE"
    );
    let complete = true;
    this.#behind = false;
    for (const peer of peers) {
      try {
        await this.#reconcileDatabases(peer.nodeId);
      } catch (err) {
        complete = false;
        logger.debug({ peer: peer.nodeId, err: String(err) }, "Database list from a peer failed");
      }
    }
    for (const name of registry.names()) {
      for (const peer of peers) {
        // A DROP DATABASE may have landed while an earlier pull awaited.
        if (!registry.has(name)) break;
        const outcome = await this.#pull(registry.get(name), peer.nodeId);
        if (outcome === "error" || outcome === "behind") complete = false;
        if (outcome === "behind") this.#behind = true;
      }
    }
    // With no ALIVE peer nothing was compared: not evidence of being caught up.
    this.#caughtUp = complete && peers.length > 0;
  }

  async #reconcileDatabases(peer: number): Promise<void> {
    const { registry, logger } = this.#o;
    const reply = decodeMessage<DatabaseListReply>(
      await this.#call(peer, DB_LIST, {}),
    );
    for (const e of reply.entries) {
      if (e.generation <= registry.generation(e.name)) continue;
      if (e.dropped) {
        if (registry.drop(e.name, e.generation)) {
          logger.info({ database: e.name, peer }, "Dropped a database a peer dropped");
        }
      } else {
        // A copy here of an older generation was dropped while this node was away.
        const replaced = registry.has(e.name);
        if (registry.applyCreate(e.name, e.generation)) {
          logger.info(
            { database: e.name, peer, generation: e.generation },
            replaced
              ? "Replaced a database the cluster dropped and created again"
              : "Created a database a peer has",
          );
        }
      }
    }
  }

  /** Pulls `peer`'s log for `db` up to its end (or a page bound). */
  async #pull(database: Database, peer: number): Promise<PullOutcome> {
    let db = database;
    const { logger } = this.#o;
    let cursor = pullCursor(db, peer);
    try {
      for (let page = 0; page < MAX_PAGES_PER_PULL; page++) {
        const req: LogListRequest = { database: db.name, afterSeq: cursor, limit: PAGE };
        const list = decodeMessage<LogListReply>(await this.#call(peer, LOG_LIST, req));
        if (list.absent) return "absent";
        // The peer holds another incarnation of the name (dropped and created again): its log
        // is not this database's. An older copy is the peer's to replace (its own reconcile);
        // a newer one is this node's, at the next round's reconcile. Generation 0 (a file
        // adopted from the data dir, or an older peer that does not say) is not compared.
        const here = this.#o.registry.generation(db.name);
        const there = list.generation ?? 0;
        if (there > 0 && here > 0 && there !== here) return there < here ? "absent" : "error";
        const truncated = list.truncatedThrough > cursor;
        // A node without data copies the file rather than replay a long log.
        const fresh = cursor === 0 && list.maxSeq >= this.#o.snapshotThreshold &&
          listLog(db, 0, 1).maxSeq === 0;
        if (truncated || fresh) {
          if (this.#o.restoreSnapshot === undefined) return "error";
          logger.info(
            { database: db.name, peer, cursor, truncatedThrough: list.truncatedThrough },
            truncated
              ? "Peer's log no longer reaches back to this node's position: restoring a snapshot"
              : "No data here: restoring a snapshot instead of replaying the peer's log",
          );
          const { lastSeq } = await this.#o.restoreSnapshot(peer, db.name);
          db = this.#o.registry.get(db.name); // the file was replaced
          cursor = lastSeq;
          await this.#saveCursor(db, peer, cursor);
          continue;
        }
        const missing = list.entries.filter(([, id]) => !db.applier.hasApplied(id));
        await this.#fetchAndApply(db, peer, missing.map(([, id]) => id));
        if (list.entries.length > 0) {
          cursor = list.entries[list.entries.length - 1]![0];
          await this.#saveCursor(db, peer, cursor);
        }
        if (!list.more) return "caught_up";
      }
      return "behind";
    } catch (err) {
      logger.warn(
        { database: db.name, peer, cursor, err: err instanceof Error ? err.message : String(err) },
        "Pulling a peer's commit log failed; retried next round",
      );
      return "error";
    }
  }

  async #fetchAndApply(db: Database, peer: number, txnIds: string[]): Promise<void> {
    let left = txnIds;
    while (left.length > 0) {
      const req: LogFetchRequest = { database: db.name, txnIds: left };
      const reply = decodeMessage<LogFetchReply>(await this.#call(peer, LOG_FETCH, req));
      if (reply.payloads.length === 0) throw new Error("peer returned no transactions");
      const txns = reply.payloads.map((payload, i) => {
        if (payload === null) {
          throw new Error(`peer no longer has transaction ${left[i]} (log collected)`);
        }
        return decodeTxn(payload);
      });
      // Queued together they go into few SQLite transactions, still in log order.
      await Promise.all(txns.map((txn) => db.applyQueue.apply(txn)));
      for (const txn of txns) this.#o.onApplied?.(txn);
      left = left.slice(reply.payloads.length);
    }
  }

  async #saveCursor(db: Database, peer: number, seq: number): Promise<void> {
    const wait = db.lock.acquire(this);
    if (wait !== undefined) await wait;
    try {
      savePullCursor(db, peer, seq);
    } finally {
      db.lock.release(this);
    }
  }

  async #call(peer: number, kind: string, body: unknown): Promise<Uint8Array> {
    return await this.#o.cluster.rpc.call(peer, kind, encodeMessage(body), this.#o.timeoutMs);
  }
}
