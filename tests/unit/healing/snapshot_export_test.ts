/**
 * Snapshot exports on real database files: a copy is the file as of one moment while writes
 * and checkpoints go on, it waits for readers of old snapshots, and exports are shared,
 * resumed by id, bounded, expired and cleaned up.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { copyFrozen, SnapshotExports } from "../../../src/healing/snapshot_export.ts";
import { chunkListDigest, sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { dump, fill, makeNode, maxSeq, quietLogger } from "./snapshot_fixture.ts";

Deno.test("copyFrozen copies the file as of one moment while writers and checkpoints go on", async () => {
  const node = makeNode("marmot-export-");
  try {
    node.registry.create("shop");
    const db = node.registry.get("shop");
    fill(db, 3000);
    const expected = dump(db.reader.db);
    const path = join(node.dataDir, "copy.db");
    let writes = 0;
    let done = false;
    const copying = copyFrozen(db, path, { chunkSize: 4096, freezeTimeoutMs: 1000 })
      .finally(() => done = true);
    const other = new DatabaseSync(db.path);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the copy has begun
    const frozen = sha256Hex(Deno.readFileSync(db.path));
    while (!done) {
      fill(db, 5, { firstId: 10_000 + writes * 5, node: 2 });
      other.exec("PRAGMA wal_checkpoint(PASSIVE)");
      // The frozen reader keeps every checkpoint from writing into the file.
      if (!done) assert.equal(sha256Hex(Deno.readFileSync(db.path)), frozen);
      writes++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    other.close();
    const copy = await copying;
    assert.ok(writes > 3, `only ${writes} writes ran during the copy`);
    const bytes = Deno.readFileSync(path);
    assert.equal(bytes.length, copy.size);
    const chunks = Array.from(
      { length: Math.ceil(copy.size / 4096) },
      (_, i) => sha256Hex(bytes.subarray(i * 4096, (i + 1) * 4096)),
    );
    assert.deepEqual(copy.chunkHashes, chunks);
    assert.equal(copy.sha256, chunkListDigest(chunks));
    assert.equal(copy.lastSeq, 30);
    const opened = new DatabaseSync(path);
    assert.equal(dump(opened), expected);
    assert.equal(maxSeq(opened), 30);
    assert.deepEqual(Object.values(opened.prepare("PRAGMA integrity_check").get()!), ["ok"]);
    opened.close();
    // Writers were not held up: everything written during the copy is in the live file.
    assert.equal(
      (db.reader.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n,
      3000 + writes * 5,
    );
  } finally {
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
});

Deno.test("copyFrozen waits for readers of old snapshots, then gives up", async () => {
  const node = makeNode("marmot-export-");
  try {
    node.registry.create("shop");
    const db = node.registry.get("shop");
    fill(db, 10);
    const reader = await db.takeSnapshot();
    reader.db.exec("BEGIN");
    reader.db.prepare("SELECT count(*) FROM t").get();
    fill(db, 10, { firstId: 100 }); // frames the reader's snapshot does not include
    const path = join(node.dataDir, "copy.db");
    await assert.rejects(
      copyFrozen(db, path, { chunkSize: 4096, freezeTimeoutMs: 100 }),
      /readers kept its WAL from being checkpointed/,
    );
    setTimeout(() => db.releaseSnapshot(reader), 50);
    const copy = await copyFrozen(db, path, { chunkSize: 4096, freezeTimeoutMs: 2000 });
    assert.equal(copy.lastSeq, 2);
  } finally {
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
});

Deno.test("a database closed during its copy fails the export", async () => {
  const node = makeNode("marmot-export-");
  try {
    node.registry.create("shop");
    const db = node.registry.get("shop");
    fill(db, 2000);
    const copying = copyFrozen(db, join(node.dataDir, "copy.db"), {
      chunkSize: 4096,
      freezeTimeoutMs: 1000,
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await node.registry.replaceFile("shop", () => {});
    await assert.rejects(copying, /closed while copied/);
  } finally {
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
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
    assert.equal(chunk.sha256, a.chunkHashes[1]);
    assert.equal(sha256Hex(chunk.data), chunk.sha256);
    await assert.rejects(exports.readChunk("a", a.id, 100), /not the start of a chunk/);
    await assert.rejects(exports.readChunk("b", a.id, 0), /is gone/);

    // At the bound, the least recently read export goes.
    await exports.readChunk("b", b1.id, 0);
    const c = await exports.acquire("c");
    assert.equal(exports.size, 2);
    assert.throws(() => Deno.statSync(a.path), Deno.errors.NotFound);
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
