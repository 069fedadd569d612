/**
 * Snapshot exports on real database files: an export is the file as of one moment while
 * writes and checkpoints go on (the live file, then a copy), it waits for readers of old
 * snapshots, and exports are shared, resumed by id, bounded, expired and cleaned up.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import {
  type SnapshotExport,
  SnapshotExports,
  type SnapshotExportsOptions,
} from "../../../src/healing/snapshot_export.ts";
import { chunkListDigest, sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { dump, fill, makeNode, maxSeq, quietLogger, type TestNode } from "./snapshot_fixture.ts";

/** Every byte of an export, read chunk by chunk, with the chunks' SHA-256 as served. */
async function readAll(exports: SnapshotExports, e: SnapshotExport) {
  const parts: Uint8Array[] = [];
  const hashes: string[] = [];
  for (let offset = 0; offset < e.size; offset += e.chunkSize) {
    const { data, sha256 } = await exports.readChunk(e.database, e.id, offset);
    assert.equal(sha256Hex(data), sha256);
    parts.push(data);
    hashes.push(sha256);
  }
  const bytes = new Uint8Array(e.size);
  parts.forEach((p, i) => bytes.set(p, i * e.chunkSize));
  return { bytes, hashes };
}

/** Runs `t` with a node holding database `shop` and its exports (removed afterwards). */
async function withShop(
  options: Partial<SnapshotExportsOptions>,
  t: (node: TestNode, exports: SnapshotExports) => Promise<void>,
): Promise<void> {
  const node = makeNode("marmot-export-");
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(),
    ...options,
  });
  try {
    node.registry.create("shop");
    await t(node, exports);
  } finally {
    exports.close();
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
}

Deno.test("an export serves the file as of one moment while writers and checkpoints go on, then copies it", async () => {
  await withShop({ chunkSize: 65536, pinMs: 4000 }, async (node, exports) => {
    const db = node.registry.get("shop");
    fill(db, 3000);
    const expected = dump(db.reader.db);
    const e = await exports.acquire("shop");
    const frozen = sha256Hex(Deno.readFileSync(db.path));
    const other = new DatabaseSync(db.path);
    const served: Uint8Array[] = [];
    let writes = 0;
    for (let offset = 0; offset < e.size; offset += e.chunkSize) {
      fill(db, 5, { firstId: 10_000 + writes * 5, node: 2 });
      writes++;
      other.exec("PRAGMA wal_checkpoint(PASSIVE)");
      // The pinned reader keeps every checkpoint from writing into the file.
      assert.equal(sha256Hex(Deno.readFileSync(db.path)), frozen, `after ${writes} writes`);
      served.push((await exports.readChunk("shop", e.id, offset)).data);
    }
    const file = join(node.dataDir, "served.db");
    Deno.writeFileSync(file, new Uint8Array(served.flatMap((c) => [...c])));
    const opened = new DatabaseSync(file);
    assert.equal(dump(opened), expected);
    assert.equal(maxSeq(opened), 30);
    assert.equal(e.lastSeq, 30);
    assert.deepEqual(Object.values(opened.prepare("PRAGMA integrity_check").get()!), ["ok"]);
    opened.close();
    // Writers were not held up: everything written meanwhile is in the live database.
    assert.equal(
      (db.reader.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n,
      3000 + writes * 5,
    );

    // After pinMs the export reads a copy and the live WAL is checkpointed again.
    assert.ok(Date.now() - e.createdAt < 4000, "pinned throughout the loop");
    await new Promise((resolve) => setTimeout(resolve, 4000 - (Date.now() - e.createdAt) + 500));
    const dirs = [...Deno.readDirSync(node.dataDir)].filter((d) =>
      d.name.startsWith("snapshot-export-")
    );
    assert.equal(dirs.length, 1);
    const truncated = other.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get() as { busy: number };
    assert.equal(truncated.busy, 0);
    assert.notEqual(sha256Hex(Deno.readFileSync(db.path)), frozen);
    other.close();
    const { bytes, hashes } = await readAll(exports, e);
    assert.equal(sha256Hex(bytes), sha256Hex(Deno.readFileSync(file)));
    const digest = await exports.digest("shop", e.id);
    assert.deepEqual(digest.chunkHashes, hashes);
    assert.equal(digest.sha256, chunkListDigest(hashes));
    exports.close();
    assert.ok(dirs.every((d) => !existsSync(join(node.dataDir, d.name))), "copy removed");
  });
});

Deno.test("an export's digest hashes the chunks nobody read", async () => {
  await withShop({ chunkSize: 4096 }, async (node, exports) => {
    fill(node.registry.get("shop"), 500);
    const e = await exports.acquire("shop");
    const bytes = Deno.readFileSync(node.registry.get("shop").path).subarray(0, e.size);
    const digest = await exports.digest("shop", e.id);
    const hashes = Array.from(
      { length: Math.ceil(e.size / 4096) },
      (_, i) => sha256Hex(bytes.subarray(i * 4096, (i + 1) * 4096)),
    );
    assert.deepEqual(digest.chunkHashes, hashes);
    assert.equal(digest.sha256, chunkListDigest(hashes));
    const copy = (b: { data: Uint8Array }) => b.data.slice();
    assert.deepEqual(await exports.read("shop", e.id, 100, 50, copy), bytes.subarray(100, 150));
    await assert.rejects(exports.read("shop", e.id, 0, 4097, copy), RangeError);
    await assert.rejects(exports.read("shop", e.id, e.size - 10, 11, copy), RangeError);
  });
});

Deno.test("an export waits for readers of old snapshots, then gives up", async () => {
  await withShop({ freezeTimeoutMs: 100 }, async (node, exports) => {
    const db = node.registry.get("shop");
    fill(db, 10);
    const reader = await db.takeSnapshot();
    reader.db.exec("BEGIN");
    reader.db.prepare("SELECT count(*) FROM t").get();
    fill(db, 10, { firstId: 100 }); // frames the reader's snapshot does not include
    await assert.rejects(exports.acquire("shop"), /readers kept its WAL from being checkpointed/);
    db.releaseSnapshot(reader);
    const e = await exports.acquire("shop");
    assert.equal(e.lastSeq, 2);
  });
});

Deno.test("a database closed under its export fails the export's reads", async () => {
  await withShop({ chunkSize: 4096 }, async (node, exports) => {
    fill(node.registry.get("shop"), 2000);
    const e = await exports.acquire("shop");
    await exports.readChunk("shop", e.id, 0);
    await node.registry.replaceFile("shop", () => {});
    await assert.rejects(exports.readChunk("shop", e.id, 4096), /closed while read/);
  });
});

Deno.test("SnapshotExports shares, resumes, bounds, expires and cleans up exports", async () => {
  const node = makeNode("marmot-exports-");
  const orphan = join(node.dataDir, `snapshot-export-${crypto.randomUUID()}`);
  const download = join(node.dataDir, "snapshot-shop");
  Deno.mkdirSync(orphan);
  Deno.mkdirSync(download);
  const logs: string[] = [];
  for (const name of ["a", "b", "c"]) {
    node.registry.create(name);
    fill(node.registry.get(name), 20);
  }
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(logs),
    chunkSize: 8192,
    reuseMs: 60_000,
    idleTtlMs: 60_000,
    maxExports: 2,
  });
  try {
    assert.throws(() => Deno.statSync(orphan), Deno.errors.NotFound);
    assert.ok(Deno.statSync(download).isDirectory);

    const a = await exports.acquire("a");
    assert.equal(await exports.acquire("a"), a, "shared while young");
    const [b1, b2] = await Promise.all([exports.acquire("b"), exports.acquire("b")]);
    assert.equal(b1, b2, "made once for concurrent pullers");
    const chunk = await exports.readChunk("a", a.id, 8192);
    assert.equal(chunk.sha256, (await exports.digest("a", a.id)).chunkHashes[1]);
    assert.equal(sha256Hex(chunk.data), chunk.sha256);
    await assert.rejects(exports.readChunk("a", a.id, 100), /not the start of a chunk/);
    await assert.rejects(exports.readChunk("b", a.id, 0), /is gone/);

    // At the bound, the least recently read export goes.
    await exports.readChunk("b", b1.id, 0);
    const c = await exports.acquire("c");
    assert.equal(exports.size, 2);
    await assert.rejects(exports.readChunk("a", a.id, 0), /is gone/);
    assert.equal(await exports.acquire("c", c.id), c, "resumed by id");
  } finally {
    exports.close();
  }
  assert.equal(
    [...Deno.readDirSync(node.dataDir)].filter((e) => e.name.startsWith("snapshot-export-")).length,
    0,
  );
  node.registry.close();
  Deno.removeSync(node.dataDir, { recursive: true });
});

Deno.test("SnapshotExports resumes an old export by id, makes a new one for others, drops idle ones", async () => {
  const node = makeNode("marmot-exports-");
  node.registry.create("a");
  fill(node.registry.get("a"), 20);
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(),
    reuseMs: 0,
    idleTtlMs: 100,
  });
  try {
    const first = await exports.acquire("a");
    const second = await exports.acquire("a");
    assert.notEqual(second.id, first.id, "too old to share");
    assert.equal(await exports.acquire("a", first.id), first);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(exports.size, 0);
    await assert.rejects(exports.readChunk("a", first.id, 0), /is gone/);
  } finally {
    exports.close();
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
});
