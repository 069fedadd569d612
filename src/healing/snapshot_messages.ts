/** The snapshot messages between nodes (msgpack bodies over the peers' streams): a puller
 * asks for an export's description, then for its chunks by offset. */

export const SNAPSHOT_INFO = "snapshot_info";
export const SNAPSHOT_CHUNK = "snapshot_chunk";

/** Bytes per chunk unless the server says otherwise (4 chunks in flight stay far below the
 * 100 MiB message bound). */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

export interface SnapshotInfoRequest {
  database: string;
  /** An export this node was downloading: served again while the peer still has it. */
  resumeExportId?: string;
}

/** One export: a consistent copy of a database file, fixed for its whole life. */
export interface SnapshotInfoReply {
  exportId: string;
  size: number;
  /** The whole file's digest (hex): SHA-256 of the chunks' SHA-256 digests, in order. */
  sha256: string;
  chunkSize: number;
  /** Replicated schema changes the file holds. */
  schemaVersion: number;
  /** The highest position of the peer's commit log the file holds. */
  lastSeq: number;
  /** The generation of the database's last CREATE on the peer (creates it here). */
  generation: number;
}

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
