/**
 * Downloads one export of a peer's database into a directory of its own, resumably:
 *
 *   <dir>/<database>.db   the chunks received so far, in order
 *   <dir>/progress.json   the peer, the export's description and the SHA-256 of every chunk
 *                         written (rewritten by rename after each chunk)
 *
 * Several chunk calls are in flight at once and their replies are written in order. Each
 * chunk must match its SHA-256 (a mismatch is asked for again, up to `chunkAttempts`), and the
 * list of chunk digests the export's whole-file digest (so a missing, repeated or misplaced
 * chunk fails too). A later call for the same database asks the peer for the
 * same export: while the peer still has it, the chunks on disk are checked against their
 * recorded hashes and only the rest is fetched; a different export starts over.
 */
import { join } from "node:path";
import type { Logger } from "../config/mod.ts";
import type { PeerRpc } from "../cluster/mod.ts";
import { decodeMessage, encodeMessage } from "../storage/committed_txn.ts";
import {
  chunkListDigest,
  fsyncDir,
  readFull,
  removeIfExists,
  sha256Hex,
  writeAll,
} from "./snapshot_files.ts";
import {
  SNAPSHOT_CHUNK,
  SNAPSHOT_INFO,
  type SnapshotChunkReply,
  type SnapshotChunkRequest,
  type SnapshotInfoReply,
  type SnapshotInfoRequest,
} from "./snapshot_messages.ts";

export interface DownloadSnapshotOptions {
  rpc: PeerRpc;
  logger: Logger;
  /** The download's directory (created; kept between attempts so they resume). */
  dir: string;
  /** Bound of each call (the info call includes making the export). */
  timeoutMs: number;
  /** Chunk calls in flight (default 4). */
  inFlight?: number;
  /** Tries of a chunk whose bytes do not match their SHA-256 (default 3). */
  chunkAttempts?: number;
}

export interface DownloadedSnapshot {
  /** The verified, fsynced file. */
  path: string;
  info: SnapshotInfoReply;
  /** Bytes fetched by this call (less than the size when it resumed). */
  fetched: number;
}

interface _Progress {
  peer: number;
  info: SnapshotInfoReply;
  /** SHA-256 of each chunk in the file, in order. */
  chunks: string[];
}

const PROGRESS_FILE = "progress.json";
/** Largest chunk a peer may announce (bounds what one reply may hold in memory). */
const MAX_CHUNK_SIZE = 64 * 1024 * 1024;

/**
 * Downloads `database` from `peer` into `options.dir`.
 * @throws {PeerUnavailableError} the peer cannot be reached (the download resumes next time)
 * @throws {Error} a chunk kept failing its checksum, or the whole file did not match (the
 *   download starts over next time)
 */
export async function downloadSnapshot(
  peer: number,
  database: string,
  options: DownloadSnapshotOptions,
): Promise<DownloadedSnapshot> {
  const { rpc, dir, timeoutMs, logger } = options;
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, `${database}.db`);
  // An install that stopped half-way may have left a WAL of the file: it must never be
  // replayed into what is downloaded now.
  for (const suffix of ["-wal", "-shm"]) removeIfExists(path + suffix);
  const saved = _loadProgress(dir);
  const request: SnapshotInfoRequest = {
    database,
    ...(saved?.peer === peer ? { resumeExportId: saved.info.exportId } : {}),
  };
  const info = _checkedInfo(
    decodeMessage<SnapshotInfoReply>(
      await rpc.call(peer, SNAPSHOT_INFO, encodeMessage(request), timeoutMs),
    ),
  );
  const progress: _Progress = saved?.peer === peer && saved.info.exportId === info.exportId
    ? saved
    : { peer, info, chunks: [] };
  const { size, chunkSize } = info;
  const total = Math.ceil(size / chunkSize);
  let fetched = 0;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  try {
    const kept = await _verifyPrefix(file, progress);
    if (kept > 0) {
      logger.info({ database, peer, exportId: info.exportId, kept, total }, "Resuming a snapshot");
    }
    progress.chunks.length = kept;
    await file.truncate(kept * chunkSize);
    await file.seek(kept * chunkSize, Deno.SeekMode.Start);
    _saveProgress(dir, progress);

    const fetchChunk = (index: number) =>
      _fetchChunk(peer, database, info, index, options.chunkAttempts ?? 3, options);
    const inFlight = Math.max(1, options.inFlight ?? 4);
    const pending = new Map<number, Promise<{ data: Uint8Array; sha256: string }>>();
    let next = kept;
    for (let i = kept; i < total; i++) {
      while (next < total && next < i + inFlight) {
        const call = fetchChunk(next);
        call.catch(() => {}); // awaited in order below; a failure after an earlier one is moot
        pending.set(next++, call);
      }
      const chunk = await pending.get(i)!;
      pending.delete(i);
      await writeAll(file, chunk.data);
      progress.chunks.push(chunk.sha256);
      _saveProgress(dir, progress);
      fetched += chunk.data.length;
    }
    if (chunkListDigest(progress.chunks) !== info.sha256 || (await file.stat()).size !== size) {
      removeIfExists(join(dir, PROGRESS_FILE));
      throw new Error(
        `Snapshot of ${database} from node ${peer} does not match its digest: starting over`,
      );
    }
    await file.sync();
  } finally {
    file.close();
  }
  fsyncDir(dir);
  return { path, info, fetched };
}

/** Fetches chunk `index`, asking again while its bytes do not match their SHA-256. */
async function _fetchChunk(
  peer: number,
  database: string,
  info: SnapshotInfoReply,
  index: number,
  attempts: number,
  options: DownloadSnapshotOptions,
): Promise<{ data: Uint8Array; sha256: string }> {
  const offset = index * info.chunkSize;
  const length = Math.min(info.chunkSize, info.size - offset);
  const request: SnapshotChunkRequest = { database, exportId: info.exportId, offset };
  for (let attempt = 1;; attempt++) {
    const reply = decodeMessage<SnapshotChunkReply>(
      await options.rpc.call(peer, SNAPSHOT_CHUNK, encodeMessage(request), options.timeoutMs),
    );
    const data = reply.data;
    if (data instanceof Uint8Array && data.length === length && sha256Hex(data) === reply.sha256) {
      return { data, sha256: reply.sha256 };
    }
    options.logger.warn(
      { database, peer, offset, attempt },
      "Snapshot chunk does not match its SHA-256: asking again",
    );
    if (attempt >= attempts) {
      throw new Error(
        `Snapshot chunk at ${offset} of ${database} from node ${peer} failed its SHA-256 ` +
          `${attempts} times`,
      );
    }
  }
}

/** How many chunks at the start of the file still match their recorded hashes. */
async function _verifyPrefix(file: Deno.FsFile, progress: _Progress): Promise<number> {
  const { size, chunkSize } = progress.info;
  const data = new Uint8Array(chunkSize);
  let good = 0;
  for (const expected of progress.chunks) {
    const chunk = data.subarray(0, Math.min(chunkSize, size - good * chunkSize));
    try {
      await readFull(file, chunk);
    } catch {
      break; // shorter than recorded: the rest was never written
    }
    if (sha256Hex(chunk) !== expected) break;
    good++;
  }
  return good;
}

function _checkedInfo(info: SnapshotInfoReply): SnapshotInfoReply {
  const ok = typeof info.exportId === "string" && info.exportId !== "" &&
    Number.isSafeInteger(info.size) && info.size > 0 &&
    Number.isSafeInteger(info.chunkSize) && info.chunkSize > 0 &&
    info.chunkSize <= MAX_CHUNK_SIZE && /^[0-9a-f]{64}$/.test(info.sha256) &&
    Number.isSafeInteger(info.lastSeq) && Number.isSafeInteger(info.schemaVersion) &&
    Number.isSafeInteger(info.generation);
  if (!ok) throw new Error(`Malformed snapshot_info reply: ${JSON.stringify(info)}`);
  return info;
}

function _loadProgress(dir: string): _Progress | null {
  try {
    const p = JSON.parse(Deno.readTextFileSync(join(dir, PROGRESS_FILE))) as _Progress;
    return typeof p.peer === "number" && Array.isArray(p.chunks) && p.info ? p : null;
  } catch {
    return null; // none yet, or torn: start over
  }
}

function _saveProgress(dir: string, progress: _Progress): void {
  const tmp = join(dir, `${PROGRESS_FILE}.tmp`);
  Deno.writeTextFileSync(tmp, JSON.stringify(progress));
  Deno.renameSync(tmp, join(dir, PROGRESS_FILE));
}
