/**
 * AUTO_INCREMENT ids unique across the cluster without asking other nodes (reference §5).
 *
 * - BIGINT columns: time-based ids from `IdGenerator`, compact (53 bits, safe in JavaScript)
 *   by default or extended (63 bits) with `[mysql] auto_id_mode = "extended"`.
 * - Narrower columns (TINYINT ... INT), where such ids cannot fit: the smallest id above the
 *   table's largest in this node's residue class modulo the member count (class = the node's
 *   rank among the members' ids), so ids stay small and dense (a lone writer of a 3-node
 *   cluster numbers 1, 4, 7, ...) and concurrent writers on different nodes do not pick the
 *   same one. When membership changes, classes shift: two nodes may then pick one id at once,
 *   and the row's intent makes one of them retry (1213 inside, a new id on the retry).
 *   (The reference claims id ranges by consensus instead; this needs no round trip.)
 *   The last id counts within one schema version of the database (`schema`, changed by every
 *   DDL) or while the table has rows: an empty table under a new version may have been dropped
 *   and created again or truncated, and its ids start over as MySQL's do (sysbench's cleanup
 *   then prepare numbered the new rows after the dropped ones', so its UPDATEs of ids
 *   1..table_size matched none). Under the same version an empty table's last id still
 *   counts: its first rows may be on their way (rolled back here, committing everywhere).
 * - A node that has never had a peer leaves ids to SQLite's sequence: 1, 2, 3 as in MySQL.
 *   Once it has peers, ids come from here; they are all above the sequence's.
 */
import { ER, MysqlError } from "../types/errors.ts";
import { COMPACT, EXTENDED, IdGenerator } from "./id_generator.ts";

const MAX_TABLES = 10_000;

export class AutoIdSource {
  #wide: IdGenerator;
  #nodeId: number;
  #members: () => number[];
  /** Last narrow id handed out per table, and the schema version then: ids of rolled-back or
   * not yet applied rows count. */
  #last = new Map<string, { id: bigint; schema: number }>();

  /** `members`: the ids of the cluster's members (not removed), this node included. */
  constructor(nodeId: number, mode: "compact" | "extended", members: () => number[]) {
    this.#wide = new IdGenerator(nodeId, mode === "extended" ? EXTENDED : COMPACT);
    this.#nodeId = nodeId;
    this.#members = members;
  }

  /** The id for a new row of `table` (`floor`: its largest id, null when empty; `schema`: the
   * database's schema version), or null for SQLite's own sequence. */
  next(table: string, bits: number, floor: bigint | null, schema = 0): bigint | null {
    const members = this.#members();
    if (members.length <= 1) return null;
    if (bits >= 64) return this.#wide.next();
    const sorted = [...members].sort((a, b) => a - b);
    const stride = BigInt(sorted.length);
    const slot = BigInt(Math.max(0, sorted.indexOf(this.#nodeId))) + 1n;
    const entry = this.#last.get(table);
    const last = entry === undefined || (floor === null && entry.schema !== schema) ? 0n : entry.id;
    const above = floor !== null && floor > last ? floor : last;
    // The smallest id > above with id ≡ slot (mod stride).
    let id = above - ((above - slot) % stride + stride) % stride;
    if (id <= above) id += stride;
    if (id > (1n << BigInt(bits - 1)) - 1n) {
      throw new MysqlError(ER.DUP_ENTRY, `Duplicate entry '${id}' for key '${table}.PRIMARY'`);
    }
    if (this.#last.size >= MAX_TABLES && !this.#last.has(table)) this.#last.clear();
    this.#last.set(table, { id, schema });
    return id;
  }
}
