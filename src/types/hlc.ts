/**
 * Hybrid logical clock (reference §4.7): physical milliseconds plus a logical counter, tied
 * by node id. Every node's clock only moves forward and absorbs the timestamps it receives,
 * so a commit stamped after it heard of another is ordered after it on every node.
 */

/** A point in hybrid time. Ordered by wall, then logical, then node. */
export interface Hlc {
  /** Milliseconds since the Unix epoch. */
  wall: number;
  logical: number;
  node: number;
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall - b.wall || a.logical - b.logical || a.node - b.node;
}

/** A node's clock. */
export class HybridClock {
  readonly nodeId: number;
  #wall = 0;
  #logical = 0;
  #physical: () => number;

  constructor(nodeId: number, physical: () => number = Date.now) {
    this.nodeId = nodeId;
    this.#physical = physical;
  }

  /** A timestamp later than every one this clock produced or absorbed. */
  now(): Hlc {
    const physical = this.#physical();
    if (physical > this.#wall) {
      this.#wall = physical;
      this.#logical = 0;
    } else {
      this.#logical++;
    }
    return { wall: this.#wall, logical: this.#logical, node: this.nodeId };
  }

  /** Absorbs a timestamp from a peer: later `now()` calls are after it. */
  update(remote: Hlc): void {
    if (remote.wall > this.#wall) {
      this.#wall = remote.wall;
      this.#logical = remote.logical;
    } else if (remote.wall === this.#wall && remote.logical > this.#logical) {
      this.#logical = remote.logical;
    }
  }
}

/** A transaction id: the coordinator's start timestamp, unique cluster-wide because the
 * clock never repeats on a node and the node id is part of it (any id size, not 6 bits). */
export function txnIdOf(start: Hlc): string {
  return `${start.wall}.${start.logical}.${start.node}`;
}
