/**
 * COM_STMT_SEND_LONG_DATA (notes §4.1): statement id, parameter index, a piece of the
 * parameter's value. No reply; pieces accumulate until the next execute or reset.
 */
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of COM_STMT_SEND_LONG_DATA (after the command byte). */
export interface StmtSendLongData {
  statementId: number;
  paramId: number;
  /** A view of the payload; copy before keeping it. */
  data: Uint8Array;
}

/** Decodes COM_STMT_SEND_LONG_DATA; `payload` includes the command byte. */
export function decodeStmtSendLongData(payload: Uint8Array): StmtSendLongData {
  const r = new PayloadReader(payload, 1);
  return { statementId: r.u32(), paramId: r.u16(), data: r.eofBytes() };
}

/** Accumulated long data of one statement, bounded in total size. */
export class LongDataStore {
  #pieces = new Map<number, Uint8Array[]>();
  #total = 0;
  /** Set when the limit was passed; reported at the next execute (as MySQL does). */
  overflow = false;

  constructor(readonly limit: number) {}

  /** Adds a piece for parameter `paramId`. */
  add(paramId: number, data: Uint8Array): void {
    if (this.#total + data.length > this.limit) {
      this.overflow = true;
      return;
    }
    this.#total += data.length;
    const list = this.#pieces.get(paramId);
    if (list) list.push(data.slice());
    else this.#pieces.set(paramId, [data.slice()]);
  }

  /** True when parameter `paramId` received long data. */
  has(paramId: number): boolean {
    return this.#pieces.has(paramId);
  }

  /** The joined bytes of parameter `paramId`. */
  take(paramId: number): Uint8Array {
    const list = this.#pieces.get(paramId) ?? [];
    if (list.length === 1) return list[0]!;
    const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of list) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  /** True when no long data is held. */
  get empty(): boolean {
    return this.#pieces.size === 0 && !this.overflow;
  }

  clear(): void {
    if (this.#pieces.size === 0 && !this.overflow) return;
    this.#pieces.clear();
    this.#total = 0;
    this.overflow = false;
  }
}
