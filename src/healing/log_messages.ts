/** The anti-entropy messages between nodes (msgpack bodies over the peers' streams). */

export const LOG_LIST = "log_list";
export const LOG_FETCH = "log_fetch";
export const DB_LIST = "db_list";

export interface LogListRequest {
  database: string;
  afterSeq: number;
  limit: number;
}

export interface LogListReply {
  /** The database does not exist on the peer. */
  absent: boolean;
  entries: Array<[number, string]>;
  more: boolean;
  maxSeq: number;
  truncatedThrough: number;
  schemaVersion: number;
  /** The peer's generation of the database (absent from older peers). */
  generation?: number;
}

export interface LogFetchRequest {
  database: string;
  txnIds: string[];
}

export interface LogFetchReply {
  /** Encoded `CommittedTxn` per id, null when the peer no longer has it. */
  payloads: Array<Uint8Array | null>;
}

export interface DatabaseListReply {
  entries: Array<{ name: string; generation: number; dropped: boolean }>;
}
