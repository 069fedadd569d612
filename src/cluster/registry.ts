/**
 * The membership registry: every known node with its status and incarnation, the merge rules
 * of reference §3.4, refutation, the time-based failure detector (§3.3) and the seed side of
 * a join (§3.6). Pure state: no timers, no I/O; time comes from an injected clock.
 */
import { copyNodeInfo, type NodeInfo, type NodeStatus } from "./node_info.ts";

/** One accepted change: the record before (undefined for a new node) and after. */
export interface RegistryChange {
  before: NodeInfo | undefined;
  after: NodeInfo;
}

/** Options for `Registry`. */
export interface RegistryOptions {
  suspectTimeoutMs: number;
  deadTimeoutMs: number;
  /**
   * The failure detector's tick. A tick that comes much later than this means this process
   * was stalled (blocked or starved of CPU); that time is not counted as the peers' silence.
   */
  checkIntervalMs?: number;
  /** Milliseconds; default `Date.now`. */
  clock?: () => number;
}

/** Why the seed refused a join; undefined when it accepted. */
export type JoinRefusal = string | undefined;

interface _Entry {
  info: NodeInfo;
  /** Last direct contact from the node (or acceptance of a newer record about it). */
  lastSeen: number;
  /** Last direct contact only (0: none since boot); see `#hearsayOverruled`. */
  heardAt?: number;
  /**
   * Restored from the membership file as SUSPECT and not heard of since: only our stale
   * memory, so any record at the same incarnation or newer replaces it, and it is not
   * gossiped (peers would take SUSPECT as an escalation of the ALIVE record they hold).
   */
  restored?: boolean;
}

/**
 * Equal-incarnation transitions a peer may tell us about (§3.4): only escalations. JOINING
 * may escalate too (ours: a joiner that crashes must not count as reachable forever);
 * LEAVING does not (the reference's LEAVING→SUSPECT|DEAD would put a node that left back
 * into the quorum denominator).
 */
const ESCALATIONS: Readonly<Record<NodeStatus, readonly NodeStatus[]>> = {
  ALIVE: ["SUSPECT", "DEAD", "LEAVING", "REMOVED"],
  JOINING: ["SUSPECT", "DEAD", "REMOVED"],
  SUSPECT: ["DEAD", "REMOVED"],
  DEAD: ["REMOVED"],
  LEAVING: ["REMOVED"],
  REMOVED: [],
};

/** Statuses in which a node is taken to be running (a join under its id is refused). */
const LIVE: ReadonlySet<NodeStatus> = new Set(["ALIVE", "JOINING"]);

/** Membership state of one node's view of the cluster. */
export class Registry {
  readonly selfId: number;
  readonly #entries = new Map<number, _Entry>();
  readonly #options: RegistryOptions;
  readonly #clock: () => number;
  readonly #listeners: Array<(changes: RegistryChange[]) => void> = [];
  #lastCheck: number | undefined;

  /**
   * `peers` are records restored from the membership file: their `lastSeen` starts at 0
   * (not reachable yet); a SUSPECT one yields to any current news of the node.
   */
  constructor(self: NodeInfo, peers: NodeInfo[], options: RegistryOptions) {
    this.selfId = self.nodeId;
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#entries.set(self.nodeId, { info: copyNodeInfo(self), lastSeen: this.#clock() });
    for (const peer of peers) {
      if (peer.nodeId !== self.nodeId) {
        this.#entries.set(peer.nodeId, {
          info: copyNodeInfo(peer),
          lastSeen: 0,
          restored: peer.status === "SUSPECT",
        });
      }
    }
  }

  /** Called once per operation that changed anything, with every change it made. */
  onChange(listener: (changes: RegistryChange[]) => void): void {
    this.#listeners.push(listener);
  }

  /** This node's own record (a copy). */
  get self(): NodeInfo {
    return copyNodeInfo(this.#entries.get(this.selfId)!.info);
  }

  /** Every known node, self included, ordered by id (copies). */
  members(): NodeInfo[] {
    return [...this.#entries.values()]
      .map((e) => copyNodeInfo(e.info))
      .sort((a, b) => a.nodeId - b.nodeId);
  }

  /** What we tell peers: every member except restored records nobody confirmed yet. */
  gossip(): NodeInfo[] {
    return [...this.#entries.values()]
      .filter((e) => !e.restored)
      .map((e) => copyNodeInfo(e.info));
  }

  /** The record of one node, or undefined (the registry's own object: do not change it). */
  get(nodeId: number): Readonly<NodeInfo> | undefined {
    return this.#entries.get(nodeId)?.info;
  }

  /** Number of known nodes, self included. */
  get size(): number {
    return this.#entries.size;
  }

  /** When the node was last heard from directly (0 = never since boot). */
  lastSeen(nodeId: number): number | undefined {
    return this.#entries.get(nodeId)?.lastSeen;
  }

  /** Records direct contact from a node (an inbound call or an answer from it). */
  touch(nodeId: number): void {
    const entry = this.#entries.get(nodeId);
    if (entry && nodeId !== this.selfId) entry.lastSeen = entry.heardAt = this.#clock();
  }

  /** Merges records received from a peer (gossip, join answer); returns the changes. */
  merge(incoming: readonly NodeInfo[]): RegistryChange[] {
    const changes: RegistryChange[] = [];
    for (const info of incoming) {
      const change = info.nodeId === this.selfId ? this.#refute(info) : this.#mergePeer(info);
      if (change) changes.push(change);
    }
    return this.#emit(changes);
  }

  /**
   * One failure-detector tick (§3.3): ALIVE or JOINING silent for `suspectTimeoutMs` becomes
   * SUSPECT, SUSPECT silent for `deadTimeoutMs` (from the same last contact) becomes DEAD.
   * No incarnation bump: the node refutes if it is in fact alive.
   */
  detectFailures(): RegistryChange[] {
    const now = this.#clock();
    this.#forgiveStall(now);
    const changes: RegistryChange[] = [];
    for (const [id, entry] of this.#entries) {
      if (id === this.selfId) continue;
      const silent = now - entry.lastSeen;
      const { status } = entry.info;
      let next: NodeStatus | undefined;
      if ((status === "ALIVE" || status === "JOINING") && silent > this.#options.suspectTimeoutMs) {
        next = "SUSPECT";
      } else if (status === "SUSPECT" && silent > this.#options.deadTimeoutMs) {
        next = "DEAD";
      }
      if (next) changes.push(this.#set(entry, { ...entry.info, status: next }));
    }
    return this.#emit(changes);
  }

  /**
   * After a stall of this process, the peers' messages wait unread while the late tick runs
   * first: move every last contact forward by the stall so it does not look like silence.
   */
  #forgiveStall(now: number): void {
    const interval = this.#options.checkIntervalMs;
    const previous = this.#lastCheck;
    this.#lastCheck = now;
    if (interval === undefined || previous === undefined) return;
    const stall = now - previous - interval;
    if (stall < interval / 2) return;
    for (const entry of this.#entries.values()) {
      if (entry.lastSeen > 0) entry.lastSeen = Math.min(now, entry.lastSeen + stall);
    }
  }

  /** Changes this node's own status, optionally with a new incarnation (promotion, leave). */
  setSelfStatus(status: NodeStatus, options: { bumpIncarnation: boolean }): RegistryChange[] {
    const entry = this.#entries.get(this.selfId)!;
    const incarnation = entry.info.incarnation + (options.bumpIncarnation ? 1 : 0);
    return this.#emit([this.#set(entry, { ...entry.info, status, incarnation })]);
  }

  /** Replaces this node's schema versions (no incarnation bump: peers max-merge them). */
  setSelfSchemaVersions(versions: Record<string, number>): RegistryChange[] {
    const entry = this.#entries.get(this.selfId)!;
    const same = _sameVersions(entry.info.schemaVersions, versions);
    if (same) return [];
    return this.#emit([this.#set(entry, { ...entry.info, schemaVersions: { ...versions } })]);
  }

  /**
   * Seed side of a join (§3.6): records the joiner as JOINING, at least at the incarnation it
   * announced and above any record we hold of it. Refuses a REMOVED node and a node id held
   * by another running node at a different address.
   */
  admitJoiner(nodeId: number, address: string, incarnation: number): JoinRefusal {
    if (nodeId === this.selfId) {
      const self = this.#entries.get(nodeId)!.info;
      return self.address === address
        ? undefined
        : `Node id ${nodeId} is already used by the seed itself (${self.address})`;
    }
    const entry = this.#entries.get(nodeId);
    if (entry?.info.status === "REMOVED") {
      return `Node ${nodeId} was removed from the cluster and cannot join again`;
    }
    if (entry && entry.info.address !== address && LIVE.has(entry.info.status)) {
      return `Node id ${nodeId} is already used by ${entry.info.status} member ` +
        `${entry.info.address}; give this node another node_id`;
    }
    const info: NodeInfo = {
      nodeId,
      address,
      status: "JOINING",
      incarnation: entry ? Math.max(incarnation, entry.info.incarnation + 1) : incarnation,
      schemaVersions: {},
    };
    if (entry) {
      entry.lastSeen = this.#clock();
      this.#emit([this.#set(entry, info)]);
    } else {
      this.#entries.set(nodeId, { info, lastSeen: this.#clock() });
      this.#emit([{ before: undefined, after: copyNodeInfo(info) }]);
    }
    return undefined;
  }

  /**
   * Incoming news about ourselves. Our own record is authoritative: whenever a peer holds a
   * newer incarnation, or another status at our incarnation, we take an incarnation above
   * it and keep our status, so our record wins everywhere. Exceptions (§3.4): REMOVED is
   * ignored, and LEAVING at a higher incarnation is accepted (a remote decommission).
   */
  #refute(incoming: NodeInfo): RegistryChange | undefined {
    const entry = this.#entries.get(this.selfId)!;
    const own = entry.info;
    if (incoming.status === "REMOVED") return undefined;
    if (incoming.status === "LEAVING" && incoming.incarnation > own.incarnation) {
      return this.#set(entry, { ...own, status: "LEAVING", incarnation: incoming.incarnation });
    }
    const newer = incoming.incarnation > own.incarnation;
    const disputed = incoming.incarnation === own.incarnation && incoming.status !== own.status;
    if (!newer && !disputed) return undefined;
    return this.#set(entry, { ...own, incarnation: incoming.incarnation + 1 });
  }

  #mergePeer(incoming: NodeInfo): RegistryChange | undefined {
    const entry = this.#entries.get(incoming.nodeId);
    if (!entry) {
      const info = copyNodeInfo(incoming);
      this.#entries.set(info.nodeId, { info, lastSeen: this.#clock() });
      return { before: undefined, after: copyNodeInfo(info) };
    }
    const current = entry.info;
    if (entry.restored && incoming.incarnation >= current.incarnation) {
      entry.restored = false;
      entry.lastSeen = this.#clock();
      return this.#set(entry, copyNodeInfo(incoming));
    }
    if (incoming.incarnation > current.incarnation) {
      // REMOVED is sticky: only a removal or an admin's "allow rejoin" (DEAD) replaces it.
      if (current.status === "REMOVED" && !["REMOVED", "DEAD"].includes(incoming.status)) {
        return undefined;
      }
      // A newer record is recent news from the node itself: restart its silence timer.
      entry.lastSeen = this.#clock();
      return this.#set(entry, copyNodeInfo(incoming));
    }
    if (incoming.incarnation < current.incarnation) return undefined;
    const escalate = ESCALATIONS[current.status].includes(incoming.status) &&
      !this.#hearsayOverruled(entry, incoming.status);
    const versions = _maxMerge(current.schemaVersions, incoming.schemaVersions);
    if (!escalate && versions === current.schemaVersions) return undefined;
    return this.#set(entry, {
      ...current,
      status: escalate ? incoming.status : current.status,
      schemaVersions: versions,
    });
  }

  /**
   * A peer's SUSPECT or DEAD about a node this one heard from directly within the suspect
   * timeout is not taken: the node refutes it when the rumour reaches it, and this node's own
   * detector still catches a real failure. A minority cut off by a partition marks the
   * majority DEAD; when the partition healed, each majority node took that about the other
   * and refused QUORUM writes for a gossip round (~45 ms, 18-82 writes per heal) until the
   * refutations came.
   */
  #hearsayOverruled(entry: _Entry, status: NodeStatus): boolean {
    if (status !== "SUSPECT" && status !== "DEAD") return false;
    const heardAt = entry.heardAt ?? 0;
    return heardAt > 0 && this.#clock() - heardAt <= this.#options.suspectTimeoutMs;
  }

  #set(entry: _Entry, next: NodeInfo): RegistryChange {
    const before = copyNodeInfo(entry.info);
    entry.info = next;
    return { before, after: copyNodeInfo(next) };
  }

  #emit(changes: RegistryChange[]): RegistryChange[] {
    if (changes.length > 0) { for (const listener of this.#listeners) listener(changes); }
    return changes;
  }
}

/** Per-database maximum; returns `current` itself when nothing grows. */
function _maxMerge(
  current: Record<string, number>,
  incoming: Record<string, number>,
): Record<string, number> {
  let merged: Record<string, number> | undefined;
  for (const [db, version] of Object.entries(incoming)) {
    if (version > (current[db] ?? -1)) {
      merged ??= { ...current };
      merged[db] = version;
    }
  }
  return merged ?? current;
}

function _sameVersions(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
