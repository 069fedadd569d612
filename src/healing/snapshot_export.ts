/**
 * Exports of database files for peers that bootstrap from this node (reference §6.5): each is
 * the file as of one moment, read by pullers chunk by chunk, with the SHA-256 of each chunk
 * computed as it is first read.
 *
 * An export starts without copying anything: under the write lock the WAL is fully
 * checkpointed into the file and a read transaction begins (the pin); a reader that began on a
 * fully checkpointed WAL reads the file alone, and SQLite lets no checkpoint write into the
 * file while such a reader lives (it needs read-lock 0 exclusively). So the live file stays
 * byte-for-byte frozen while writers go on into the WAL, and pullers read it directly. The
 * WAL cannot be checkpointed meanwhile, so after `pinMs` an export still in use is copied by
 * the kernel (copy_file_range) under data_dir/snapshot-export-<id>/, and the pin ends.
 * Measured on 1 GiB here: the copy and a hash pass made before serving cost ~1.1 s, and the
 * copy's dirty pages slowed the puller's writes several-fold (src/healing/DESIGN.md).
 *
 * Exports are shared by pullers of the same database for `reuseMs`, kept while read (idle
 * ones removed after `idleTtlMs`), at most `maxExports` at a time, chunk reads bounded by
 * `maxReads` (each holds a chunk in memory; a chunk lent to a response body is held until the
 * response is sent, outside that bound), and orphan copies of an earlier process removed at
 * start.
 */
import { join } from "node:path";
import type { Logger } from "../config/mod.ts";
import type { Connection } from "../storage/connection.ts";
import type { Database } from "../storage/database.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import { readFull } from "../types/byte_io.ts";
import { chunkListDigest, sha256Hex } from "./snapshot_files.ts";
import { DEFAULT_CHUNK_SIZE } from "./snapshot_messages.ts";

/** One database file as of one moment, fixed for the export's whole life. */
export interface SnapshotExport {
  readonly id: string;
  readonly database: string;
  readonly size: number;
  readonly chunkSize: number;
  readonly schemaVersion: number;
  readonly lastSeq: number;
  readonly createdAt: number;
}

/** Bytes of an export with their SHA-256 (hex). */
export interface ExportBytes {
  data: Uint8Array<ArrayBuffer>;
  sha256: string;
}

/** The whole export's digest (see `chunkListDigest`) and the SHA-256 of each chunk (hex). */
export interface ExportDigest {
  sha256: string;
  chunkHashes: string[];
}

export interface SnapshotExportsOptions {
  dataDir: string;
  logger: Logger;
  /** Default 4 MiB. */
  chunkSize?: number;
  /** A new puller shares an export at most this old (default 30 s). */
  reuseMs?: number;
  /** An export nobody read for this long is removed (default 5 min). */
  idleTtlMs?: number;
  /** Exports at a time at most (default 4). */
  maxExports?: number;
  /** How long readers of old snapshots may keep the WAL from being checkpointed before an
   * export gives up (default 10 s). */
  freezeTimeoutMs?: number;
  /** How long an export reads the live file before it copies it and lets the WAL be
   * checkpointed again (default 20 s). */
  pinMs?: number;
  /** Chunk reads at a time; more wait (default 16). */
  maxReads?: number;
}

/** Where an export's bytes are read: the live file while `pin` freezes it, then a copy. */
interface _Source {
  path: string;
  pin: Connection | null;
}

interface _Entry {
  export: SnapshotExport;
  db: Database;
  source: _Source;
  /** A pin replaced by the copy, released once no read of the live file runs. */
  stalePin: Connection | null;
  liveReads: number;
  hashes: Array<string | undefined>;
  lastUsed: number;
  /** Reads running. */
  refs: number;
  copyTimer: ReturnType<typeof setTimeout> | undefined;
  removed: boolean;
}

/** An export that expired or was removed: the puller asks for a new one. */
export class SnapshotExportGoneError extends Error {
  override name = "SnapshotExportGoneError";
}

const EXPORT_DIR = /^snapshot-export-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The exports of one node. */
export class SnapshotExports {
  readonly #registry: DatabaseRegistry;
  readonly #o: Required<SnapshotExportsOptions>;
  readonly #entries = new Map<string, _Entry>();
  readonly #making = new Map<string, Promise<SnapshotExport>>();
  readonly #sweeper: ReturnType<typeof setInterval>;
  #reads = 0;
  readonly #waiting: Array<() => void> = [];
  /** Chunk buffers not in use (at most `maxReads`). */
  readonly #buffers: Array<Uint8Array<ArrayBuffer>> = [];
  #closed = false;

  constructor(registry: DatabaseRegistry, options: SnapshotExportsOptions) {
    this.#registry = registry;
    this.#o = {
      chunkSize: DEFAULT_CHUNK_SIZE,
      reuseMs: 30_000,
      idleTtlMs: 5 * 60_000,
      maxExports: 4,
      freezeTimeoutMs: 10_000,
      pinMs: 20_000,
      maxReads: 16,
      ...options,
    };
    this.#removeOrphans();
    this.#sweeper = setInterval(() => this.#sweep(), Math.min(5_000, this.#o.idleTtlMs));
  }

  /**
   * The export a puller of `database` reads: `resumeId` while it still exists, else a fresh
   * enough shared one, else a new one.
   * @throws {Error} too many exports, or readers kept the WAL from being checkpointed
   */
  async acquire(database: string, resumeId?: string): Promise<SnapshotExport> {
    if (this.#closed) throw new Error("Snapshot exports are closed");
    const resumed = resumeId === undefined ? undefined : this.#entries.get(resumeId);
    if (resumed !== undefined && resumed.export.database === database) {
      resumed.lastUsed = Date.now();
      return resumed.export;
    }
    for (const e of this.#entries.values()) {
      if (e.export.database === database && Date.now() - e.export.createdAt < this.#o.reuseMs) {
        e.lastUsed = Date.now();
        return e.export;
      }
    }
    let making = this.#making.get(database);
    if (making === undefined) {
      this.#makeRoom();
      making = this.#make(database).finally(() => this.#making.delete(database));
      this.#making.set(database, making);
    }
    return await making;
  }

  /**
   * Reads `length` bytes of export `id` of `database` from `offset` (at most a chunk) and
   * hands them with their SHA-256 to `use`, whose result it returns. The bytes are a pooled
   * buffer's: valid only until `use` returns, or, given `lentUntil`, until it settles (a
   * response body that takes the buffer without copying it, until the response is sent).
   * @throws {SnapshotExportGoneError} the export is gone (expired, removed, or its database
   *   closed while it was read)
   * @throws {RangeError} the range is not inside the export, or longer than a chunk
   */
  async read<T>(
    database: string,
    id: string,
    offset: number,
    length: number,
    use: (bytes: ExportBytes) => T,
    lentUntil?: Promise<unknown>,
  ): Promise<T> {
    const entry = this.#entry(database, id);
    const { size, chunkSize } = entry.export;
    if (
      !Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 ||
      length < 1 || length > chunkSize || offset + length > size
    ) {
      throw new RangeError(
        `Snapshot export ${id}: no range ${offset}+${length} in ${size} bytes ` +
          `(${chunkSize} at most)`,
      );
    }
    return await this.#use(entry, lentUntil, async (buffer) => {
      const bytes = await this.#readHashed(entry, offset, buffer.subarray(0, length));
      return use(bytes);
    });
  }

  /**
   * The chunk at `offset` of export `id` of `database`, in a buffer of its own (see `read`).
   * @throws {RangeError} the offset is not the start of a chunk
   */
  async readChunk(database: string, id: string, offset: number): Promise<ExportBytes> {
    const { size, chunkSize } = this.#entry(database, id).export;
    if (!Number.isSafeInteger(offset) || offset % chunkSize !== 0 || offset >= size) {
      throw new RangeError(`Snapshot export ${id}: offset ${offset} is not the start of a chunk`);
    }
    return await this.read(
      database,
      id,
      offset,
      Math.min(chunkSize, size - offset),
      ({ data, sha256 }) => ({ data: data.slice(), sha256 }),
    );
  }

  /**
   * The export's digest, hashing the chunks no puller has read yet.
   * @throws {SnapshotExportGoneError} the export is gone
   */
  async digest(database: string, id: string): Promise<ExportDigest> {
    const entry = this.#entry(database, id);
    const { size, chunkSize } = entry.export;
    const chunkHashes = await this.#use(entry, undefined, async (buffer) => {
      for (let i = 0; i < entry.hashes.length; i++) {
        if (entry.hashes[i] !== undefined) continue;
        const offset = i * chunkSize;
        await this.#readHashed(
          entry,
          offset,
          buffer.subarray(0, Math.min(chunkSize, size - offset)),
        );
      }
      return entry.hashes as string[];
    });
    return { sha256: chunkListDigest(chunkHashes), chunkHashes: [...chunkHashes] };
  }

  /** Exports held (tests, metrics). */
  get size(): number {
    return this.#entries.size;
  }

  /** Removes every export (reads still running fail). */
  close(): void {
    this.#closed = true;
    clearInterval(this.#sweeper);
    for (const id of [...this.#entries.keys()]) this.#remove(id);
  }

  #entry(database: string, id: string): _Entry {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.export.database !== database) {
      throw new SnapshotExportGoneError(`Snapshot export ${id} of ${database} is gone`);
    }
    return entry;
  }

  /**
   * Runs `fn` as a read of `entry` (kept meanwhile) with a chunk buffer, once one of the
   * `maxReads` is free. The buffer goes back to the pool when `fn` is done or, once `fn`
   * succeeded, when `lentUntil` settles; the read counts as done at once, so a puller slow
   * to take its response holds no other reader back.
   */
  async #use<T>(
    entry: _Entry,
    lentUntil: Promise<unknown> | undefined,
    fn: (buffer: Uint8Array<ArrayBuffer>) => Promise<T>,
  ): Promise<T> {
    entry.refs++;
    entry.lastUsed = Date.now();
    try {
      if (this.#reads >= this.#o.maxReads) {
        await new Promise<void>((resolve) => this.#waiting.push(resolve));
      }
      this.#reads++;
      // Reused: a fresh 4 MiB buffer per chunk costs zeroing, page faults and, as external
      // memory, garbage collections each time.
      const buffer = this.#buffers.pop() ?? new Uint8Array(this.#o.chunkSize);
      let lent = false;
      try {
        const result = await fn(buffer);
        if (lentUntil !== undefined) {
          lent = true;
          const recycle = () => this.#recycle(buffer);
          lentUntil.then(recycle, recycle);
        }
        return result;
      } finally {
        if (!lent) this.#recycle(buffer);
        this.#reads--;
        this.#waiting.shift()?.();
      }
    } finally {
      entry.refs--;
      entry.lastUsed = Date.now();
    }
  }

  #recycle(buffer: Uint8Array<ArrayBuffer>): void {
    if (this.#buffers.length < this.#o.maxReads) this.#buffers.push(buffer);
  }

  /** Fills `data` from the export at `offset` and hashes it. */
  async #readHashed(
    entry: _Entry,
    offset: number,
    data: Uint8Array<ArrayBuffer>,
  ): Promise<ExportBytes> {
    if (entry.removed) {
      throw new SnapshotExportGoneError(`Snapshot export ${entry.export.id} is gone`);
    }
    const { length } = data;
    await this.#readInto(entry, offset, data);
    const sha256 = sha256Hex(data);
    const { chunkSize } = entry.export;
    const index = offset / chunkSize;
    if (
      Number.isInteger(index) &&
      length === Math.min(chunkSize, entry.export.size - offset)
    ) {
      const known = entry.hashes[index];
      if (known !== undefined && known !== sha256) {
        throw new Error(`Snapshot export ${entry.export.id} changed under its readers`);
      }
      entry.hashes[index] = sha256;
    }
    return { data, sha256 };
  }

  /** Fills `into` from the export's source; live bytes count only if the pin held
   * throughout (a database closed meanwhile, dropped or replaced, fails the read). */
  async #readInto(entry: _Entry, offset: number, into: Uint8Array): Promise<void> {
    const { path, pin } = entry.source;
    if (pin !== null) entry.liveReads++;
    try {
      const file = await Deno.open(path, { read: true });
      try {
        await file.seek(offset, Deno.SeekMode.Start);
        await readFull(file, into);
      } finally {
        file.close();
      }
    } finally {
      if (pin !== null) entry.liveReads--;
    }
    if (pin !== null && !_frozen(pin)) {
      throw new SnapshotExportGoneError(
        `Snapshot export ${entry.export.id}: ${entry.export.database} was closed while read`,
      );
    }
    this.#releaseStalePin(entry);
  }

  async #make(database: string): Promise<SnapshotExport> {
    const started = performance.now();
    const db = this.#registry.get(database);
    const pin = await _freeze(db, this.#o.freezeTimeoutMs);
    try {
      const facts = pin.db.prepare(
        `SELECT (SELECT version FROM __marmot_schema_version WHERE id = 1) AS schemaVersion,
           max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '__marmot_commit_log'), 0),
               coalesce((SELECT max(seq) FROM __marmot_commit_log), 0)) AS lastSeq,
           (SELECT page_count FROM pragma_page_count) * (SELECT page_size FROM pragma_page_size)
             AS size`,
      ).get() as {
        schemaVersion: number | bigint;
        lastSeq: number | bigint;
        size: number | bigint;
      };
      if (this.#closed) throw new Error("Snapshot exports are closed");
      const { chunkSize } = this.#o;
      const e: SnapshotExport = {
        id: crypto.randomUUID(),
        database,
        size: Number(facts.size),
        chunkSize,
        schemaVersion: Number(facts.schemaVersion ?? 0),
        lastSeq: Number(facts.lastSeq),
        createdAt: Date.now(),
      };
      db.pinSnapshot(pin);
      const entry: _Entry = {
        export: e,
        db,
        source: { path: db.path, pin },
        stalePin: null,
        liveReads: 0,
        hashes: new Array(Math.ceil(e.size / chunkSize)),
        lastUsed: Date.now(),
        refs: 0,
        copyTimer: undefined,
        removed: false,
      };
      entry.copyTimer = setTimeout(() => this.#copy(entry), this.#o.pinMs);
      this.#entries.set(e.id, entry);
      this.#o.logger.info(
        { database, exportId: e.id, bytes: e.size, ms: Math.round(performance.now() - started) },
        "Snapshot export ready",
      );
      return e;
    } catch (err) {
      if (pin.db.isOpen) db.releaseSnapshot(pin);
      throw err;
    }
  }

  /** Copies the frozen file of an export still in use, reads the copy from then on, and lets
   * the live file's WAL be checkpointed again. */
  async #copy(entry: _Entry): Promise<void> {
    const { id, database, size } = entry.export;
    const pin = entry.source.pin;
    if (entry.removed || pin === null) return;
    const dir = join(this.#o.dataDir, `snapshot-export-${id}`);
    const path = join(dir, `${database}.db`);
    const started = performance.now();
    try {
      await Deno.mkdir(dir, { recursive: true });
      await Deno.copyFile(entry.source.path, path);
      if ((await Deno.stat(path)).size !== size) await Deno.truncate(path, size);
      if (!_frozen(pin)) throw new Error(`${database} was closed while copied`);
      if (entry.removed) throw new Error("the export was removed while copied");
    } catch (err) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      if (!entry.removed) {
        this.#o.logger.warn(
          { database, exportId: id, err: String(err) },
          "Cannot copy a snapshot export: removing it so the WAL is checkpointed again",
        );
        this.#remove(id);
      }
      return;
    }
    entry.source = { path, pin: null };
    entry.stalePin = pin;
    this.#releaseStalePin(entry);
    this.#o.logger.info(
      { database, exportId: id, bytes: size, ms: Math.round(performance.now() - started) },
      "Snapshot export copied; the database's WAL is checkpointed again",
    );
  }

  #releaseStalePin(entry: _Entry): void {
    const pin = entry.stalePin;
    if (pin === null || entry.liveReads > 0) return;
    entry.stalePin = null;
    if (pin.db.isOpen) entry.db.releaseSnapshot(pin);
  }

  /** Evicts the least recently read idle export when the bound is reached. */
  #makeRoom(): void {
    if (this.#entries.size + this.#making.size < this.#o.maxExports) return;
    const idle = [...this.#entries.values()].filter((e) => e.refs === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (idle === undefined) {
      throw new Error(
        `Too many snapshot exports (${this.#o.maxExports}) being read; try again later`,
      );
    }
    this.#remove(idle.export.id);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, e] of this.#entries) {
      if (e.refs === 0 && now - e.lastUsed > this.#o.idleTtlMs) this.#remove(id);
    }
  }

  #remove(id: string): void {
    const e = this.#entries.get(id);
    if (e === undefined) return;
    this.#entries.delete(id);
    e.removed = true;
    clearTimeout(e.copyTimer);
    if (e.source.pin !== null) {
      e.stalePin = e.source.pin;
      this.#releaseStalePin(e);
    } else {
      try {
        Deno.removeSync(join(e.source.path, ".."), { recursive: true });
      } catch (err) {
        this.#o.logger.warn({ exportId: id, err: String(err) }, "Cannot remove a snapshot export");
      }
    }
  }

  #removeOrphans(): void {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(this.#o.dataDir)];
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    for (const entry of entries) {
      if (!entry.isDirectory || !EXPORT_DIR.test(entry.name)) continue;
      Deno.removeSync(join(this.#o.dataDir, entry.name), { recursive: true });
      this.#o.logger.info({ dir: entry.name }, "Removed a snapshot export left by an earlier run");
    }
  }
}

/** The pin still holds the read transaction that froze the file. */
function _frozen(pin: Connection): boolean {
  return pin.db.isOpen && pin.db.isTransaction;
}

/** A connection whose open read transaction reads the database file alone (WAL fully
 * checkpointed when it began), so no checkpoint writes into the file while it lives. */
async function _freeze(db: Database, timeoutMs: number): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const conn = await db.takeSnapshot();
    let frozen = false;
    const owner = {};
    try {
      const wait = db.lock.acquire(owner);
      if (wait !== undefined) await wait;
      try {
        const r = conn.db.prepare("PRAGMA wal_checkpoint(PASSIVE)").get() as {
          busy: number;
          log: number;
          checkpointed: number;
        };
        // busy = 1 (log and checkpointed -1): another connection's checkpoint is running,
        // so nothing is known about the WAL yet.
        if (r.busy === 0 && r.log === r.checkpointed) {
          conn.db.exec("BEGIN");
          conn.db.prepare("SELECT count(*) FROM sqlite_schema").get();
          frozen = true;
          return conn;
        }
      } finally {
        db.lock.release(owner);
      }
    } finally {
      if (!frozen && conn.db.isOpen) db.releaseSnapshot(conn);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot export ${db.name}: readers kept its WAL from being checkpointed for ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
