/**
 * Ids unique cluster-wide without coordination (reference §5.2): milliseconds since
 * 2025-01-02T00:00Z, then the node's id bits, then a per-millisecond sequence. A clock that
 * goes back reuses the last millisecond; a full sequence waits for the next millisecond.
 *
 *   compact  (53 bits, safe in JavaScript): 41 bits ms | 6 bits node | 6 bits sequence
 *   extended (63 bits):                     41 bits ms | 16 bits node | 6 bits sequence
 */
const EPOCH_MS = 1735776000000;

export interface IdLayout {
  nodeBits: number;
  sequenceBits: number;
}

export const COMPACT: IdLayout = { nodeBits: 6, sequenceBits: 6 };
export const EXTENDED: IdLayout = { nodeBits: 16, sequenceBits: 6 };

export class IdGenerator {
  #node: bigint;
  #layout: IdLayout;
  #lastMs = 0;
  #sequence = 0;
  #clock: () => number;

  constructor(nodeId: number, layout: IdLayout, clock: () => number = Date.now) {
    this.#layout = layout;
    this.#node = BigInt(nodeId) & ((1n << BigInt(layout.nodeBits)) - 1n);
    this.#clock = clock;
  }

  next(): bigint {
    const maxSequence = (1 << this.#layout.sequenceBits) - 1;
    let ms = Math.max(0, this.#clock() - EPOCH_MS);
    if (ms <= this.#lastMs) {
      ms = this.#lastMs;
      if (this.#sequence >= maxSequence) {
        // Borrow the next millisecond rather than spin: ids stay unique and ordered.
        ms = this.#lastMs + 1;
        this.#sequence = 0;
      } else {
        this.#sequence++;
      }
    } else {
      this.#sequence = 0;
    }
    this.#lastMs = ms;
    const { nodeBits, sequenceBits } = this.#layout;
    return (BigInt(ms) << BigInt(nodeBits + sequenceBits)) |
      (this.#node << BigInt(sequenceBits)) | BigInt(this.#sequence);
  }
}
