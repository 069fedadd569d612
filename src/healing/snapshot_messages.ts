/** The snapshot messages between nodes (msgpack bodies over the peers' streams): a puller
 * asks for an export's description, then for its chunks (each with its SHA-256): over HTTP
 * from the peer's admin listener when the description offers it, else by offset over the
 * peers' streams; last for the export's digest, to check the whole file. */

export const SNAPSHOT_INFO = "snapshot_info";
export const SNAPSHOT_CHUNK = "snapshot_chunk";
export const SNAPSHOT_DIGEST = "snapshot_digest";

/** Bytes per chunk unless the server says otherwise (4 chunks in flight stay far below the
 * 100 MiB message bound). */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

export interface SnapshotInfoRequest {
  database: string;
  /** An export this node was downloading: served again while the peer still has it. */
  resumeExportId?: string;
}

/** One export: a database file as of one moment, fixed for the export's whole life. */
export interface SnapshotInfoReply {
  exportId: string;
  size: number;
  chunkSize: number;
  /** Replicated schema changes the file holds. */
  schemaVersion: number;
  /** The highest position of the peer's commit log the file holds. */
  lastSeq: number;
  /** The generation of the database's last CREATE on the peer (creates it here). */
  generation: number;
  /** Where the bytes can be fetched over HTTP, absent when the peer serves no HTTP. */
  http?: SnapshotHttpOffer;
  /** Where the bytes can be fetched as a plain byte stream (`snapshot_stream.ts`; the same
   * token), absent when the peer serves none. */
  stream?: SnapshotHttpOffer;
}

/** `GET <SNAPSHOT_HTTP_PATH><database>/<exportId>?offset=N&length=M` at `address`, with
 * `token` in `SNAPSHOT_TOKEN_HEADER` (and the cluster secret in `x-marmot-secret` when the
 * cluster has one): the export's bytes from N, M of them (a chunk at most), their SHA-256 in
 * `SNAPSHOT_SHA256_HEADER`. */
export interface SnapshotHttpOffer {
  /** host:port of the peer's admin listener. */
  address: string;
  /** Random, issued for this reply's export only. */
  token: string;
}

export const SNAPSHOT_HTTP_PATH = "/snapshot/";
export const SNAPSHOT_TOKEN_HEADER = "x-marmot-snapshot-token";
export const SNAPSHOT_SHA256_HEADER = "x-marmot-sha256";

export interface SnapshotChunkRequest {
  database: string;
  exportId: string;
  offset: number;
}

export interface SnapshotChunkReply {
  data: Uint8Array;
  /** SHA-256 (hex) of `data` as the export read it. */
  sha256: string;
}

/** Asks for the digest of a whole export (the peer hashes the chunks nobody read yet). */
export interface SnapshotDigestRequest {
  database: string;
  exportId: string;
}

export interface SnapshotDigestReply {
  /** The whole file's digest (hex): SHA-256 of the chunks' SHA-256 digests, in order. */
  sha256: string;
  /** SHA-256 (hex) of each chunk, in order. */
  chunkHashes: string[];
}
