/**
 * restoreDatabaseFromPeer between two in-process nodes over real gRPC: the copy is exact,
 * carries the peer's log position, a corrupted chunk is refused and fetched again, an
 * interrupted download resumes with only the missing chunks, and a different export (or a
 * damaged chunk on disk) is fetched again.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PeerUnavailableError } from "../../../src/cluster/mod.ts";
import { restoreDatabaseFromPeer } from "../../../src/healing/snapshot_client.ts";
import { sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import { downloadDir, dump, FaultyRpc, fill, maxSeq, snapshotPair } from "./snapshot_fixture.ts";

const CHUNK = 64 * 1024;

Deno.test("restoreDatabaseFromPeer copies a database exactly and returns the peer's log position", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop", 7);
  const source = s.server.registry.get("shop");
  fill(source, 2000); // ~2 MB, 20 commits
  const result = await restoreDatabaseFromPeer(s.deps(), 1, "shop");
  const copy = s.client.registry.get("shop");
  assert.equal(dump(copy.reader.db), dump(source.reader.db));
  assert.equal(result.lastSeq, maxSeq(source.reader.db));
  assert.equal(result.lastSeq, 20);
  assert.equal(result.schemaVersion, source.replicatedSchemaVersion);
  assert.equal(result.bytes, Deno.statSync(source.path).size);
  assert.ok(result.ms >= 0);
  assert.equal(s.client.registry.generation("shop"), 7);
  assert.equal(copy.applier.hasApplied("n1-1901"), true);
  const check = copy.reader.db.prepare("PRAGMA integrity_check").get() as Record<string, string>;
  assert.equal(Object.values(check)[0], "ok");
  assert.throws(() => Deno.statSync(downloadDir(s.client.dataDir, "shop")), Deno.errors.NotFound);
  // Writes go on in the installed file, at positions after the peer's.
  fill(copy, 10, { firstId: 5000, node: 2 });
  assert.equal(maxSeq(copy.reader.db), 21);
});

Deno.test("restoreDatabaseFromPeer refuses bad names and databases the peer lacks", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(), 1, "../etc"),
    (e: unknown) => e instanceof MysqlError && e.code === 1102,
  );
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(), 1, "nowhere"),
    (e: unknown) => e instanceof MysqlError && e.code === 1049,
  );
  assert.equal(s.client.registry.has("nowhere"), false);
});

Deno.test("a chunk that does not match its SHA-256 is refused and fetched again", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 1000);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onChunk = (offset, reply, nth) => {
    if (offset === 3 * CHUNK && nth === 0) reply.data[100]! ^= 0xff;
  };
  await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
  assert.equal(rpc.offsets.filter((o) => o === 3 * CHUNK).length, 2);
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
  assert.ok(s.logs.some((l) => l.includes("does not match its SHA-256")));
});

Deno.test("a chunk corrupted every time fails the restore and installs nothing", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 1000);
  s.client.registry.create("shop");
  fill(s.client.registry.get("shop"), 3, { node: 2 });
  const before = dump(s.client.registry.get("shop").reader.db);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onChunk = (offset, reply) => {
    if (offset === 2 * CHUNK) reply.data[0]! ^= 1;
  };
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(rpc), 1, "shop"),
    /failed its SHA-256 3 times/,
  );
  assert.equal(dump(s.client.registry.get("shop").reader.db), before);
});

Deno.test("an interrupted download resumes where it stopped", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  const source = s.server.registry.get("shop");
  fill(source, 1500);
  const k = 5;
  const broken = new FaultyRpc(s.pair[1].rpc);
  broken.onChunk = (offset) => {
    if (offset >= k * CHUNK) throw new PeerUnavailableError(1, "link cut");
  };
  await assert.rejects(restoreDatabaseFromPeer(s.deps(broken), 1, "shop"), PeerUnavailableError);
  const dir = downloadDir(s.client.dataDir, "shop");
  const progress = JSON.parse(Deno.readTextFileSync(join(dir, "progress.json")));
  assert.equal(progress.chunks.length, k);
  assert.equal(s.client.registry.has("shop"), false);
  const chunks = Math.ceil(progress.info.size / CHUNK);

  const resumed = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(resumed), 1, "shop");
  assert.deepEqual(
    resumed.offsets.toSorted((a, b) => a - b),
    Array.from({ length: chunks - k }, (_, i) => (k + i) * CHUNK),
  );
  assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
});

Deno.test("a resumed download fetches again from a chunk damaged on disk, and all of another export", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  const source = s.server.registry.get("shop");
  fill(source, 1500);
  const dir = downloadDir(s.client.dataDir, "shop");
  const interrupt = async (k: number) => {
    const broken = new FaultyRpc(s.pair[1].rpc);
    broken.onChunk = (offset) => {
      if (offset >= k * CHUNK) throw new PeerUnavailableError(1, "link cut");
    };
    await assert.rejects(restoreDatabaseFromPeer(s.deps(broken), 1, "shop"));
    return broken.offsets.filter((o) => o < k * CHUNK).toSorted((a, b) => a - b);
  };

  await interrupt(6);
  const file = await Deno.open(join(dir, "shop.db"), { read: true, write: true });
  await file.seek(2 * CHUNK + 10, Deno.SeekMode.Start);
  await file.write(new Uint8Array([0xee, 0xee]));
  file.close();
  assert.deepEqual(await interrupt(6), [2, 3, 4, 5].map((i) => i * CHUNK));
  const progress = JSON.parse(Deno.readTextFileSync(join(dir, "progress.json")));
  assert.equal(progress.chunks.length, 6);

  // An export the peer no longer has: everything again.
  const chunks = Math.ceil(progress.info.size / CHUNK);
  progress.info.exportId = "gone";
  Deno.writeTextFileSync(join(dir, "progress.json"), JSON.stringify(progress));
  const again = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(again), 1, "shop");
  assert.equal(again.offsets.length, chunks);
  assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
});

Deno.test("chunks that each match their SHA-256 but not the whole file's digest fail the restore and start over", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 500);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onChunk = (offset, reply) => {
    if (offset !== CHUNK) return;
    reply.data[7]! ^= 1; // changed consistently: the chunk's own check passes
    reply.sha256 = sha256Hex(reply.data);
  };
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(rpc), 1, "shop"),
    /does not match its digest: starting over/,
  );
  assert.equal(s.client.registry.has("shop"), false);
  const dir = downloadDir(s.client.dataDir, "shop");
  assert.throws(() => Deno.statSync(join(dir, "progress.json")), Deno.errors.NotFound);
  await restoreDatabaseFromPeer(s.deps(), 1, "shop");
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
});
