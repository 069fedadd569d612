/**
 * Downloads one export of a peer's database into a directory of its own, resumably:
 *
 *   <dir>/<database>.db   the file; chunks are written at their offsets as they arrive
 *   <dir>/export.json     the peer and the export's description, chunk hashes included
 *   <dir>/progress.json   the chunks written: all below `prefix`, and those in `extra`
 *                         (rewritten by rename after each chunk)
 *
 * The bytes come over HTTP from the peer's admin listener when the description offers it
 * (`inFlight` ranges at a time, each on a connection of its own), else, or from the first
 * HTTP failure on, by `snapshot_chunk` calls over the peer stream. Each chunk must match the
 * SHA-256 the peer sends with it (a mismatch is asked for again, up to `chunkAttempts`); at
 * the end the digests of what was written must equal the export's digest (`snapshot_digest`:
 * every chunk's SHA-256 as the peer read its file, and their digest), so a damaged, missing or
 * misplaced chunk fails too. A later call for the same database asks the peer for the same
 * export: while the peer still has it, the chunks on disk are hashed again against its
 * digest and only the rest is fetched; another export starts over.
 */
import { join } from "node:path";
import type { Logger } from "../config/mod.ts";
import type { PeerRpc } from "../cluster/mod.ts";
import { decodeMessage, encodeMessage } from "../storage/committed_txn.ts";
import { readFull } from "../types/byte_io.ts";
import { chunkListDigest, fsyncDir, removeIfExists, sha256Hex } from "./snapshot_files.ts";
import { ChunkWriter } from "./snapshot_chunk_writer.ts";
import { SnapshotHttpReader } from "./snapshot_http_client.ts";
import { SnapshotStreamReader } from "./snapshot_stream_client.ts";
import {
  SNAPSHOT_CHUNK,
  SNAPSHOT_DIGEST,
  SNAPSHOT_INFO,
  type SnapshotChunkReply,
  type SnapshotChunkRequest,
  type SnapshotDigestReply,
  type SnapshotDigestRequest,
  type SnapshotHttpOffer,
  type SnapshotInfoReply,
  type SnapshotInfoRequest,
} from "./snapshot_messages.ts";

export interface DownloadSnapshotOptions {
  rpc: PeerRpc;
  logger: Logger;
  /** The download's directory (created; kept between attempts so they resume). */
  dir: string;
  /** Bound of each call or range request (the info call includes making the export). */
  timeoutMs: number;
  /** The cluster secret, sent with HTTP range requests ("" or absent: none). */
  secret?: string;
  /** Chunks in flight (default 4). */
  inFlight?: number;
  /** Tries of a chunk whose bytes do not match the SHA-256 sent with them (default 3). */
  chunkAttempts?: number;
}

export interface DownloadedSnapshot {
  /** The verified, fsynced file. */
  path: string;
  info: SnapshotInfoReply;
  /** Bytes fetched by this call (less than the size when it resumed). */
  fetched: number;
}

interface _SavedExport {
  peer: number;
  info: SnapshotInfoReply;
}

interface _Progress {
  exportId: string;
  /** Every chunk below it is written. */
  prefix: number;
  /** Chunks at or above `prefix` written too (out of order: several are in flight). */
  extra: number[];
}

const EXPORT_FILE = "export.json";
const PROGRESS_FILE = "progress.json";
/** Bytes written between two write-backs of the file while it downloads. */
const FLUSH_EVERY = 64 * 1024 * 1024;
/** Largest chunk a peer may announce (bounds what one chunk may hold in memory). */
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
  const saved = _load<_SavedExport>(dir, EXPORT_FILE);
  const resumable = saved?.peer === peer && typeof saved.info?.exportId === "string"
    ? saved.info.exportId
    : undefined;
  const request: SnapshotInfoRequest = {
    database,
    ...(resumable === undefined ? {} : { resumeExportId: resumable }),
  };
  const info = _checkedInfo(
    decodeMessage<SnapshotInfoReply>(
      await rpc.call(peer, SNAPSHOT_INFO, encodeMessage(request), timeoutMs),
    ),
  );
  const { size, chunkSize } = info;
  const chunks = Math.ceil(size / chunkSize);
  const written = new _Written(dir, info.exportId, chunks);
  const digestOf = async () =>
    _checkedDigest(
      decodeMessage<SnapshotDigestReply>(
        await rpc.call(
          peer,
          SNAPSHOT_DIGEST,
          encodeMessage({ database, exportId: info.exportId } satisfies SnapshotDigestRequest),
          timeoutMs,
        ),
      ),
      chunks,
    );
  let digest: SnapshotDigestReply | null = null;
  let fetched = 0;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  const flusher = new _Flusher(file, FLUSH_EVERY);
  try {
    if (resumable === info.exportId) {
      const progress = _load<_Progress>(dir, PROGRESS_FILE);
      if (progress !== null) {
        digest = await digestOf();
        const kept = await written.verify(file, info, progress, digest.chunkHashes);
        logger.info(
          { database, peer, exportId: info.exportId, kept, total: chunks },
          "Resuming a snapshot",
        );
      }
    } else {
      removeIfExists(join(dir, PROGRESS_FILE));
      await file.truncate(0);
      const { http: _http, stream: _stream, ...described } = info;
      _save(dir, EXPORT_FILE, { peer, info: described } satisfies _SavedExport);
    }
    // Not extended to `size` up front: 4 writers filling a sparse file's holes cost ext4 here
    // 2.3-4.7 s of system time per GiB, against 0.4 s when each chunk extends the file.
    if ((await file.stat()).size > size) await file.truncate(size);
    written.save();

    const source = new _ChunkSource(peer, database, info, options);
    const todo = written.missing();
    const inFlight = Math.max(1, options.inFlight ?? 4);
    // Two buffers per worker: the next chunk arrives into one while the other is written.
    const out = ChunkWriter.open(path, 2 * inFlight, chunkSize);
    let next = 0;
    let failed = false;
    const worker = async (n: number) => {
      const link = source.link();
      let writing: Promise<void> = Promise.resolve();
      try {
        for (let k = 0; !failed && next < todo.length; k++) {
          const index = todo[next++]!;
          const slot = 2 * n + k % 2;
          const { length, sha256 } = await source.fetch(index, out.buffer(slot), link);
          await writing;
          writing = out.write(slot, length, index * chunkSize).then((buffered) => {
            if (buffered) flusher.wrote(length);
            written.mark(index, sha256);
            fetched += length;
          });
          writing.catch(() => {}); // awaited before the next write or at the end
        }
        await writing;
      } catch (err) {
        failed = true;
        await writing.catch(() => {});
        throw err;
      } finally {
        link.reader?.close();
      }
    };
    try {
      const results = await Promise.allSettled(
        Array.from({ length: inFlight }, (_, n) => worker(n)),
      );
      const failure = results.find((r) => r.status === "rejected");
      if (failure !== undefined) throw failure.reason;
    } finally {
      await out.close();
      await written.saved().catch(() => {}); // a save failure matters below, if at all
    }
    await written.saved();
    digest ??= await digestOf();
    if (!written.complete(digest) || (await file.stat()).size !== size) {
      removeIfExists(join(dir, PROGRESS_FILE));
      removeIfExists(join(dir, EXPORT_FILE));
      throw new Error(
        `Snapshot of ${database} from node ${peer} does not match its digest: starting over`,
      );
    }
    await flusher.finish();
    await file.sync();
  } finally {
    await flusher.settle();
    file.close();
  }
  fsyncDir(dir);
  return { path, info, fetched };
}

/**
 * Writes the file's data back every `every` buffered bytes while the download goes on
 * (fdatasync on the side), so the final fsync has little left: 1 GiB written at a download's
 * pace left ~0.5 s to the final fsync here, ~20 ms with this. Direct writes (`ChunkWriter`)
 * leave nothing to write back.
 */
class _Flusher {
  readonly #file: Deno.FsFile;
  readonly #every: number;
  #pending = 0;
  #running: Promise<void> | null = null;
  #error: unknown = null;

  constructor(file: Deno.FsFile, every: number) {
    this.#file = file;
    this.#every = every;
  }

  wrote(bytes: number): void {
    this.#pending += bytes;
    if (this.#pending < this.#every || this.#running !== null) return;
    this.#pending = 0;
    this.#running = this.#file.syncData()
      .catch((err) => {
        this.#error ??= err; // the kernel reports a failed write-back once: keep it
      })
      .finally(() => this.#running = null);
  }

  /** Waits for the write-back running. */
  async settle(): Promise<void> {
    await this.#running;
  }

  /**
   * Waits for the write-back running.
   * @throws {Error} a write-back failed
   */
  async finish(): Promise<void> {
    await this.settle();
    if (this.#error !== null) throw this.#error;
  }
}

/** A worker's connection for one way of fetching ranges (`SnapshotStreamReader`,
 * `SnapshotHttpReader`). */
interface _RangeReader {
  read(offset: number, into: Uint8Array): Promise<string>;
  close(): void;
}

/** What a worker holds: its connection and the way it is for. */
interface _WorkerLink {
  reader: _RangeReader | null;
  way: number;
}

/**
 * Chunks from the peer, verified: as a byte stream while it works, else over HTTP while that
 * works, else by peer calls; the first failure of a way moves every worker to the next one.
 */
class _ChunkSource {
  readonly #peer: number;
  readonly #database: string;
  readonly #info: SnapshotInfoReply;
  readonly #o: DownloadSnapshotOptions;
  /** The ways offered, fastest first; peer calls after them. */
  readonly #ways: Array<{ name: string; open: () => _RangeReader }> = [];
  #way = 0;

  constructor(
    peer: number,
    database: string,
    info: SnapshotInfoReply,
    options: DownloadSnapshotOptions,
  ) {
    this.#peer = peer;
    this.#database = database;
    this.#info = info;
    this.#o = options;
    const target = {
      database,
      exportId: info.exportId,
      secret: options.secret ?? "",
      timeoutMs: options.timeoutMs,
    };
    const { stream, http } = info;
    if (stream !== undefined) {
      this.#ways.push({
        name: "the stream",
        open: () => new SnapshotStreamReader({ ...target, offer: stream }),
      });
    }
    if (http !== undefined) {
      this.#ways.push({
        name: "HTTP",
        open: () => new SnapshotHttpReader({ ...target, offer: http }),
      });
    }
  }

  /** A worker's link, connected on its first read. */
  link(): _WorkerLink {
    return { reader: null, way: -1 };
  }

  /** Chunk `index` into `buf`, asked for again while it does not match the SHA-256 sent
   * with it. Returns its length and SHA-256. */
  async fetch(
    index: number,
    buf: Uint8Array,
    link: _WorkerLink,
  ): Promise<{ length: number; sha256: string }> {
    const { chunkSize, size } = this.#info;
    const offset = index * chunkSize;
    const length = Math.min(chunkSize, size - offset);
    const into = buf.subarray(0, length);
    const attempts = this.#o.chunkAttempts ?? 3;
    for (let attempt = 1;; attempt++) {
      const sent = this.#way < this.#ways.length
        ? await this.#overConnection(link, offset, into)
        : await this.#overRpc(offset, into);
      if (sent !== null) {
        const sha256 = sha256Hex(into);
        if (sha256 === sent) return { length, sha256 };
        this.#o.logger.warn(
          { database: this.#database, peer: this.#peer, offset, attempt },
          "Snapshot chunk does not match its SHA-256: asking again",
        );
        if (attempt >= attempts) {
          throw new Error(
            `Snapshot chunk at ${offset} of ${this.#database} from node ${this.#peer} failed ` +
              `its SHA-256 ${attempts} times`,
          );
        }
      } else {
        attempt--; // that way failed: the same try the next way
      }
    }
  }

  /** Fills `into` from `offset` on the worker's connection for the current way; returns the
   * SHA-256 sent with the bytes, or null once that way failed (every worker goes on the
   * next way). */
  async #overConnection(
    link: _WorkerLink,
    offset: number,
    into: Uint8Array,
  ): Promise<string | null> {
    const way = this.#way;
    if (link.way !== way) {
      link.reader?.close();
      link.reader = this.#ways[way]!.open();
      link.way = way;
    }
    try {
      return await link.reader!.read(offset, into);
    } catch (err) {
      if (this.#way === way) {
        this.#way++;
        this.#o.logger.warn(
          {
            database: this.#database,
            peer: this.#peer,
            err: String(err),
            next: this.#ways[this.#way]?.name ?? "peer calls",
          },
          `Snapshot over ${this.#ways[way]!.name} failed: fetching the rest ` +
            `${this.#way < this.#ways.length ? "over " : "by "}${
              this.#ways[this.#way]?.name ?? "peer calls"
            }`,
        );
      }
      return null;
    }
  }

  /** Fills `into` from `offset` by a peer call; returns the SHA-256 sent with the bytes ("",
   * which matches nothing, for a reply of the wrong length). */
  async #overRpc(offset: number, into: Uint8Array): Promise<string> {
    const request: SnapshotChunkRequest = {
      database: this.#database,
      exportId: this.#info.exportId,
      offset,
    };
    const reply = decodeMessage<SnapshotChunkReply>(
      await this.#o.rpc.call(
        this.#peer,
        SNAPSHOT_CHUNK,
        encodeMessage(request),
        this.#o.timeoutMs,
      ),
    );
    if (!(reply.data instanceof Uint8Array) || reply.data.length !== into.length) return "";
    into.set(reply.data);
    return String(reply.sha256);
  }
}

/** Which chunks are written (with the SHA-256 of what was written), saved after each. */
class _Written {
  readonly #dir: string;
  readonly #exportId: string;
  readonly #hashes: Array<string | undefined>;
  #prefix = 0;
  #dirty = false;
  #savingNow = false;
  #saving: Promise<void> = Promise.resolve();
  #saveError: unknown = null;

  constructor(dir: string, exportId: string, total: number) {
    this.#dir = dir;
    this.#exportId = exportId;
    this.#hashes = new Array(total);
  }

  /**
   * Hashes again the chunks `saved` says are written; keeps those that match `expected`, the
   * export's (a chunk damaged or lost in a crash is fetched again). Returns how many.
   */
  async verify(
    file: Deno.FsFile,
    info: SnapshotInfoReply,
    saved: _Progress,
    expected: readonly string[],
  ): Promise<number> {
    if (
      saved.exportId !== info.exportId || !Number.isSafeInteger(saved.prefix) ||
      !Array.isArray(saved.extra)
    ) {
      return 0;
    }
    const { size, chunkSize } = info;
    const claimed = new Set(saved.extra);
    const data = new Uint8Array(chunkSize);
    let kept = 0;
    for (let index = 0; index < expected.length; index++) {
      if (index >= saved.prefix && !claimed.has(index)) continue;
      const offset = index * chunkSize;
      const chunk = data.subarray(0, Math.min(chunkSize, size - offset));
      await file.seek(offset, Deno.SeekMode.Start);
      try {
        await readFull(file, chunk);
      } catch {
        break; // shorter than recorded: the rest was never written
      }
      const sha256 = sha256Hex(chunk);
      if (sha256 === expected[index]) {
        this.#hashes[index] = sha256;
        kept++;
      }
    }
    this.#advance();
    return kept;
  }

  /** Chunks still to fetch, in order. */
  missing(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#hashes.length; i++) if (this.#hashes[i] === undefined) out.push(i);
    return out;
  }

  /** Records chunk `index` as written; saved in the background (`saved`): an ext4 rename
   * over the old file waits for the disk, 1-3 ms per chunk here, which on the event loop
   * held back the reads and hashes of the chunks in flight. A crash may lose the last marks:
   * those chunks are fetched again. */
  mark(index: number, sha256: string): void {
    this.#hashes[index] = sha256;
    this.#advance();
    this.#dirty = true;
    if (!this.#savingNow) this.#saving = this.#saveWhileDirty();
  }

  save(): void {
    _save(this.#dir, PROGRESS_FILE, this.#progress());
  }

  /**
   * Waits for the progress being saved.
   * @throws {Error} a save failed
   */
  async saved(): Promise<void> {
    while (this.#savingNow) await this.#saving;
    if (this.#saveError !== null) throw this.#saveError;
  }

  async #saveWhileDirty(): Promise<void> {
    this.#savingNow = true;
    try {
      while (this.#dirty) {
        this.#dirty = false;
        const tmp = join(this.#dir, `${PROGRESS_FILE}.tmp`);
        await Deno.writeTextFile(tmp, JSON.stringify(this.#progress()));
        await Deno.rename(tmp, join(this.#dir, PROGRESS_FILE));
      }
    } catch (err) {
      this.#saveError ??= err;
    } finally {
      // In the same turn as the last look at #dirty: a mark after it starts a new save.
      this.#savingNow = false;
    }
  }

  #progress(): _Progress {
    const extra: number[] = [];
    for (let i = this.#prefix; i < this.#hashes.length; i++) {
      if (this.#hashes[i] !== undefined) extra.push(i);
    }
    return { exportId: this.#exportId, prefix: this.#prefix, extra };
  }

  /** Every chunk written, each as the export's digest has it. */
  complete(digest: SnapshotDigestReply): boolean {
    return this.#prefix === this.#hashes.length &&
      this.#hashes.every((h, i) => h === digest.chunkHashes[i]) &&
      chunkListDigest(this.#hashes as string[]) === digest.sha256;
  }

  #advance(): void {
    while (this.#prefix < this.#hashes.length && this.#hashes[this.#prefix] !== undefined) {
      this.#prefix++;
    }
  }
}

function _checkedInfo(info: SnapshotInfoReply): SnapshotInfoReply {
  const offered = (offer: SnapshotHttpOffer | undefined) =>
    offer === undefined ||
    (typeof offer.address === "string" && /^.+:\d{1,5}$/.test(offer.address) &&
      typeof offer.token === "string" && offer.token !== "");
  const ok = typeof info.exportId === "string" && info.exportId !== "" &&
    Number.isSafeInteger(info.size) && info.size > 0 &&
    Number.isSafeInteger(info.chunkSize) && info.chunkSize > 0 &&
    info.chunkSize <= MAX_CHUNK_SIZE &&
    Number.isSafeInteger(info.lastSeq) && Number.isSafeInteger(info.schemaVersion) &&
    Number.isSafeInteger(info.generation) && offered(info.http) && offered(info.stream);
  if (!ok) throw new Error(`Malformed snapshot_info reply for export ${String(info.exportId)}`);
  return info;
}

function _checkedDigest(digest: SnapshotDigestReply, chunks: number): SnapshotDigestReply {
  const hashes = digest.chunkHashes;
  const ok = typeof digest.sha256 === "string" && Array.isArray(hashes) &&
    hashes.length === chunks &&
    hashes.every((h) => typeof h === "string" && /^[0-9a-f]{64}$/.test(h));
  if (!ok || chunkListDigest(hashes) !== digest.sha256) {
    throw new Error("Malformed snapshot_digest reply: chunk hashes do not match its digest");
  }
  return digest;
}

function _load<T>(dir: string, name: string): T | null {
  try {
    return JSON.parse(Deno.readTextFileSync(join(dir, name))) as T;
  } catch {
    return null; // none yet, or torn: start over
  }
}

function _save(dir: string, name: string, value: unknown): void {
  const tmp = join(dir, `${name}.tmp`);
  Deno.writeTextFileSync(tmp, JSON.stringify(value));
  Deno.renameSync(tmp, join(dir, name));
}
