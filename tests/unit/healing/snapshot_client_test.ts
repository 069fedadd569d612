/**
 * restoreDatabaseFromPeer between two in-process nodes over real gRPC and, when node 1
 * offers it, HTTP from a listener of its own: the copy is exact, carries the peer's log
 * position, a corrupted chunk is refused and fetched again, a failing HTTP channel gives way
 * to peer calls, an interrupted download resumes with only the missing chunks, and a
 * different export (or a chunk damaged on disk) is fetched again.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PeerUnavailableError } from "../../../src/cluster/mod.ts";
import { restoreDatabaseFromPeer } from "../../../src/healing/snapshot_client.ts";
import { sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { MysqlError } from "../../../src/types/errors.ts";
import {
  downloadDir,
  dump,
  FaultyRpc,
  fill,
  type HttpFault,
  maxSeq,
  snapshotPair,
} from "./snapshot_fixture.ts";

const CHUNK = 64 * 1024;

for (const http of [false, true]) {
  const over = http ? "over HTTP" : "by peer calls";
  Deno.test(`restoreDatabaseFromPeer copies a database exactly ${over} and returns the peer's log position`, async () => {
    await using s = await snapshotPair({ chunkSize: CHUNK }, { http });
    s.server.registry.create("shop", 7);
    const source = s.server.registry.get("shop");
    fill(source, 2000); // ~2 MB, 20 commits
    const rpc = new FaultyRpc(s.pair[1].rpc);
    const result = await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
    const copy = s.client.registry.get("shop");
    assert.equal(dump(copy.reader.db), dump(source.reader.db));
    assert.equal(result.lastSeq, maxSeq(source.reader.db));
    assert.equal(result.lastSeq, 20);
    assert.equal(result.schemaVersion, source.replicatedSchemaVersion);
    assert.equal(result.bytes, Deno.statSync(source.path).size);
    assert.ok(result.ms >= 0);
    const chunks = Math.ceil(result.bytes / CHUNK);
    const offsets = Array.from({ length: chunks }, (_, i) => i * CHUNK);
    assert.deepEqual((http ? s.httpOffsets : rpc.offsets).toSorted((a, b) => a - b), offsets);
    assert.deepEqual(http ? rpc.offsets : s.httpOffsets, []);
    assert.equal(s.client.registry.generation("shop"), 7);
    assert.equal(copy.applier.hasApplied("n1-1901"), true);
    const check = copy.reader.db.prepare("PRAGMA integrity_check").get() as Record<
      string,
      string
    >;
    assert.equal(Object.values(check)[0], "ok");
    assert.throws(
      () => Deno.statSync(downloadDir(s.client.dataDir, "shop")),
      Deno.errors.NotFound,
    );
    // Writes go on in the installed file, at positions after the peer's.
    fill(copy, 10, { firstId: 5000, node: 2 });
    assert.equal(maxSeq(copy.reader.db), 21);
  });
}

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

for (const http of [false, true]) {
  Deno.test(`an interrupted download resumes where it stopped${http ? " (HTTP)" : ""}`, async () => {
    await using s = await snapshotPair({ chunkSize: CHUNK }, { http });
    s.server.registry.create("shop");
    const source = s.server.registry.get("shop");
    fill(source, 1500);
    const k = 5;
    // Over HTTP the cut makes the puller fall back to peer calls, cut from there too.
    s.onHttp = (offset) => offset >= k * CHUNK ? "cut" : undefined;
    const broken = new FaultyRpc(s.pair[1].rpc);
    broken.onChunk = (offset) => {
      if (offset >= k * CHUNK) throw new PeerUnavailableError(1, "link cut");
    };
    await assert.rejects(restoreDatabaseFromPeer(s.deps(broken), 1, "shop"), PeerUnavailableError);
    const dir = downloadDir(s.client.dataDir, "shop");
    const progress = JSON.parse(Deno.readTextFileSync(join(dir, "progress.json")));
    assert.equal(progress.prefix, k);
    assert.deepEqual(progress.extra, []);
    assert.equal(s.client.registry.has("shop"), false);
    const { info } = JSON.parse(Deno.readTextFileSync(join(dir, "export.json")));
    const chunks = Math.ceil(info.size / CHUNK);
    if (http) {
      assert.ok(s.logs.some((l) => l.includes("fetching the rest by peer calls")));
    }

    s.onHttp = () => undefined;
    s.httpOffsets.length = 0;
    const resumed = new FaultyRpc(s.pair[1].rpc);
    await restoreDatabaseFromPeer(s.deps(resumed), 1, "shop");
    assert.deepEqual(
      (http ? s.httpOffsets : resumed.offsets).toSorted((a, b) => a - b),
      Array.from({ length: chunks - k }, (_, i) => (k + i) * CHUNK),
    );
    assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
  });
}

Deno.test("a resumed download fetches again a chunk damaged on disk, and all of another export", async () => {
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
  assert.deepEqual(await interrupt(6), [2 * CHUNK]); // the damaged chunk alone
  const progress = JSON.parse(Deno.readTextFileSync(join(dir, "progress.json")));
  assert.equal(progress.prefix, 6);

  // An export the peer no longer has: everything again.
  const saved = JSON.parse(Deno.readTextFileSync(join(dir, "export.json")));
  const chunks = Math.ceil(saved.info.size / CHUNK);
  saved.info.exportId = "gone";
  Deno.writeTextFileSync(join(dir, "export.json"), JSON.stringify(saved));
  const again = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(again), 1, "shop");
  assert.equal(again.offsets.length, chunks);
  assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
});

Deno.test("a chunk failing its SHA-256 every time fails the download", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 500);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onChunk = (offset, reply) => {
    if (offset === CHUNK) reply.data[7]! ^= 1;
  };
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(rpc), 1, "shop"),
    /Snapshot chunk at 65536 of shop from node 1 failed its SHA-256 3 times/,
  );
  assert.equal(s.client.registry.has("shop"), false);
});

Deno.test("a chunk changed with a matching SHA-256 fails the whole-file digest; the next try starts over", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 500);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onChunk = (offset, reply) => {
    if (offset !== CHUNK) return;
    reply.data[7]! ^= 1; // changed consistently: the reply's own hash matches
    reply.sha256 = sha256Hex(reply.data);
  };
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(rpc), 1, "shop"),
    /does not match its digest: starting over/,
  );
  assert.equal(s.client.registry.has("shop"), false);
  const dir = downloadDir(s.client.dataDir, "shop");
  assert.throws(() => Deno.statSync(join(dir, "export.json")), Deno.errors.NotFound);
  await restoreDatabaseFromPeer(s.deps(), 1, "shop");
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
});

Deno.test("a digest whose chunk hashes do not match it is refused", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 500);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  rpc.onDigest = (digest) => {
    digest.chunkHashes[1] = sha256Hex(new Uint8Array(CHUNK));
  };
  await assert.rejects(
    restoreDatabaseFromPeer(s.deps(rpc), 1, "shop"),
    /chunk hashes do not match its digest/,
  );
  assert.equal(s.client.registry.has("shop"), false);
  await restoreDatabaseFromPeer(s.deps(), 1, "shop");
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
});

Deno.test("a corrupted HTTP range is refused and fetched again", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 1000);
  s.onHttp = (offset, nth) => offset === 3 * CHUNK && nth === 0 ? "corrupt" : undefined;
  const rpc = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
  assert.equal(s.httpOffsets.filter((o) => o === 3 * CHUNK).length, 2);
  assert.deepEqual(rpc.offsets, []);
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
  assert.ok(s.logs.some((l) => l.includes("does not match its SHA-256")));
});

const FAULTS: Array<[string, HttpFault]> = [["HTTP 500", { status: 500 }], ["a cut", "cut"]];
for (const [what, fault] of FAULTS) {
  Deno.test(`after ${what} over HTTP the rest comes by peer calls`, async () => {
    await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true });
    s.server.registry.create("shop");
    fill(s.server.registry.get("shop"), 1000);
    s.onHttp = (offset) => offset === 2 * CHUNK ? fault : undefined;
    const rpc = new FaultyRpc(s.pair[1].rpc);
    await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
    assert.ok(rpc.offsets.includes(2 * CHUNK), `peer calls: ${rpc.offsets}`);
    assert.ok(!s.httpOffsets.some((o) => rpc.offsets.includes(o) && o !== 2 * CHUNK));
    assert.equal(
      dump(s.client.registry.get("shop").reader.db),
      dump(s.server.registry.get("shop").reader.db),
    );
    assert.ok(s.logs.some((l) => l.includes("fetching the rest by peer calls")));
  });
}

Deno.test("HTTP ranges need the cluster secret: without it the bytes come by peer calls", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true, secret: "s3cret" });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 300);
  const wrong = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer({ ...s.deps(wrong), secret: "wrong" }, 1, "shop");
  assert.ok(wrong.offsets.length > 0);
  assert.ok(s.logs.some((l) => l.includes("HTTP 401")));
  s.httpOffsets.length = 0;
  const right = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(right), 1, "shop");
  assert.deepEqual(right.offsets, []);
  assert.ok(s.httpOffsets.length > 0);
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
});

/** A stream listener that answers every request with the start of a range, then cuts. */
function cuttingStream(): { address: string; close(): void } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  void (async () => {
    for await (const conn of listener) {
      await conn.write(new TextEncoder().encode(`200 ${CHUNK} ${"a".repeat(64)}\npart`))
        .catch(() => {});
      conn.close();
    }
  })().catch(() => {});
  return { address: `127.0.0.1:${listener.addr.port}`, close: () => listener.close() };
}

Deno.test("restoreDatabaseFromPeer copies a database exactly over the byte stream", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true, stream: true });
  s.server.registry.create("shop");
  const source = s.server.registry.get("shop");
  fill(source, 1000);
  const rpc = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
  assert.deepEqual(rpc.offsets, []);
  assert.deepEqual(s.httpOffsets, []);
  assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
});

Deno.test("after a cut on the byte stream the rest comes over HTTP", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { http: true, stream: true });
  s.server.registry.create("shop");
  const source = s.server.registry.get("shop");
  fill(source, 1000);
  const cutting = cuttingStream();
  try {
    const rpc = new FaultyRpc(s.pair[1].rpc);
    rpc.onInfo = (info) => info.stream!.address = cutting.address;
    await restoreDatabaseFromPeer(s.deps(rpc), 1, "shop");
    assert.ok(s.httpOffsets.length > 0);
    assert.deepEqual(rpc.offsets, []);
    assert.ok(
      s.logs.some((l) =>
        l.includes("Snapshot over the stream failed: fetching the rest over HTTP")
      ),
    );
    assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
  } finally {
    cutting.close();
  }
});

Deno.test("the byte stream needs the cluster secret: without it the bytes come by peer calls", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { stream: true, secret: "s3cret" });
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 300);
  const wrong = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer({ ...s.deps(wrong), secret: "wrong" }, 1, "shop");
  assert.ok(wrong.offsets.length > 0);
  assert.ok(s.logs.some((l) => l.includes("401 Missing or wrong cluster secret")));
  const right = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(right), 1, "shop");
  assert.deepEqual(right.offsets, []);
  assert.equal(
    dump(s.client.registry.get("shop").reader.db),
    dump(s.server.registry.get("shop").reader.db),
  );
});

Deno.test("a download cut on the byte stream resumes over it where it stopped", async () => {
  await using s = await snapshotPair({ chunkSize: CHUNK }, { stream: true });
  s.server.registry.create("shop");
  const source = s.server.registry.get("shop");
  fill(source, 1500);
  const k = 5;
  const cutting = cuttingStream();
  try {
    // The stream is cut at once; the peer calls that follow are cut from chunk k on.
    const broken = new FaultyRpc(s.pair[1].rpc);
    broken.onInfo = (info) => info.stream!.address = cutting.address;
    broken.onChunk = (offset) => {
      if (offset >= k * CHUNK) throw new PeerUnavailableError(1, "link cut");
    };
    await assert.rejects(restoreDatabaseFromPeer(s.deps(broken), 1, "shop"), PeerUnavailableError);
    const dir = downloadDir(s.client.dataDir, "shop");
    assert.equal(JSON.parse(Deno.readTextFileSync(join(dir, "progress.json"))).prefix, k);
  } finally {
    cutting.close();
  }
  const resumed = new FaultyRpc(s.pair[1].rpc);
  await restoreDatabaseFromPeer(s.deps(resumed), 1, "shop");
  assert.deepEqual(resumed.offsets, []); // the rest over the real stream
  assert.ok(s.logs.some((l) => l.includes("Resuming a snapshot")));
  assert.equal(dump(s.client.registry.get("shop").reader.db), dump(source.reader.db));
});
