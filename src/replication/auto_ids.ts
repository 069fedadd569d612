/**
 * AUTO_INCREMENT ids unique across the cluster without asking other nodes (reference §5).
 *
 * - BIGINT columns: time-based ids from `IdGenerator`, compact (53 bits, safe in JavaScript)
 *   by default or extended (63 bits) with `[mysql] auto_id_mode = "extended"`.
 * - Narrower columns (TINYINT ... INT), where such ids cannot fit: the smallest id above the
 *   table's largest that belongs to this node's residue class modulo 64 (node id mod 64), so
 *   ids stay small and dense enough for an INT column and two nodes never pick the same one.
 *   (The reference claims id ranges by consensus instead; this needs no round trip.)
 * - A node that has never had a peer leaves ids to SQLite's sequence: 1, 2, 3 as in MySQL.
 *   Once it has peers, ids come from here; they are all above the sequence's.
 */
import { ER, MysqlError } from "../types/errors.ts";
import { COMPACT, EXTENDED, IdGenerator } from "./id_generator.ts";

const STRIDE = 64n;
const MAX_TABLES = 10_000;

export class AutoIdSource {
  #wide: IdGenerator;
  #slot: bigint;
  #alone: () => boolean;
  /** Last narrow id handed out per table: ids of rolled-back or not yet applied rows count. */
  #last = new Map<string, bigint>();

  constructor(nodeId: number, mode: "compact" | "extended", alone: () => boolean) {
    this.#wide = new IdGenerator(nodeId, mode === "extended" ? EXTENDED : COMPACT);
    this.#slot = BigInt(nodeId) % STRIDE;
    this.#alone = alone;
  }

  /** The id for a new row of `table`, or null for SQLite's own sequence. */
  next(table: string, bits: number, floor: bigint | null): bigint | null {
    if (this.#alone()) return null;
    if (bits >= 64) return this.#wide.next();
    const last = this.#last.get(table) ?? 0n;
    const above = floor !== null && floor > last ? floor : last;
    let id = above - (above % STRIDE) + this.#slot;
    if (id <= above) id += STRIDE;
    if (id > (1n << BigInt(bits - 1)) - 1n) {
      throw new MysqlError(ER.DUP_ENTRY, `Duplicate entry '${id}' for key '${table}.PRIMARY'`);
    }
    if (this.#last.size >= MAX_TABLES && !this.#last.has(table)) this.#last.clear();
    this.#last.set(table, id);
    return id;
  }
}
