/**
 * A committed transaction as every node applies it and as the local commit log keeps it, and
 * its binary form (msgpack: integers stay 64-bit integers, reals stay reals, text stays text,
 * blobs stay blobs).
 */
import { Packr } from "msgpackr";
import type { Hlc } from "../types/hlc.ts";
import type { DdlChange, RowChange } from "../types/row_change.ts";

export interface CommittedTxn {
  txnId: string;
  /** The commit timestamp the coordinator chose: every node stamps rows with it. */
  commitTs: Hlc;
  /** The node that coordinated it. */
  origin: number;
  /** Schema statements, applied before the rows. */
  ddl: DdlChange[];
  rows: RowChange[];
  /** `ddl` and `rows` as `encodeChanges` gave them, when at hand: the log stores these bytes
   * as they are instead of encoding the rows again. */
  encodedChanges?: Uint8Array;
}

/** A transaction's changes, encoded once by its coordinator for PREPARE and every node's log. */
export interface Changes {
  ddl: DdlChange[];
  rows: RowChange[];
}

const packr = new Packr({ useRecords: false, int64AsType: "bigint", mapsAsObjects: true });

/** The header msgpackr gives a plain object of `n` keys: a map16 (0xde and a 16-bit count). */
const mapHeader = (n: number) => Uint8Array.of(0xde, n >> 8, n & 0xff);
const HEAD_FIELDS = mapHeader(3);
const CHANGES_FIELDS = mapHeader(2);
const TXN_FIELDS = mapHeader(5);
const MAP_HEADER_BYTES = TXN_FIELDS.length;

function startsWith(bytes: Uint8Array, header: Uint8Array): boolean {
  return header.every((b, i) => bytes[i] === b);
}

export function encodeChanges(changes: Changes): Uint8Array {
  return packr.pack({ ddl: changes.ddl, rows: changes.rows });
}

export function decodeChanges(bytes: Uint8Array): Changes {
  return packr.unpack(bytes) as Changes;
}

/**
 * The log's form of a transaction: one msgpack map of its five fields. Pre-encoded changes
 * are spliced in: a map's entries are consecutive encodings, so the headers of the three
 * small fields and of the changes give way to one five-entry header.
 */
export function encodeTxn(txn: CommittedTxn): Uint8Array {
  const { txnId, commitTs, origin, ddl, rows, encodedChanges } = txn;
  if (encodedChanges === undefined) return packr.pack({ txnId, commitTs, origin, ddl, rows });
  const head = packr.pack({ txnId, commitTs, origin });
  if (!startsWith(head, HEAD_FIELDS) || !startsWith(encodedChanges, CHANGES_FIELDS)) {
    throw new Error("Unexpected msgpack map header in a transaction's encoding");
  }
  const out = new Uint8Array(head.length + encodedChanges.length - MAP_HEADER_BYTES);
  out.set(TXN_FIELDS);
  out.set(head.subarray(MAP_HEADER_BYTES), MAP_HEADER_BYTES);
  out.set(encodedChanges.subarray(MAP_HEADER_BYTES), head.length);
  return out;
}

export function decodeTxn(bytes: Uint8Array): CommittedTxn {
  return packr.unpack(bytes) as CommittedTxn;
}

/** Any value to msgpack and back with the same rules (wire messages). */
export function encodeMessage(value: unknown): Uint8Array {
  return packr.pack(value);
}

export function decodeMessage<T>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}
