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
}

const packr = new Packr({ useRecords: false, int64AsType: "bigint", mapsAsObjects: true });

export function encodeTxn(txn: CommittedTxn): Uint8Array {
  return packr.pack(txn);
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
