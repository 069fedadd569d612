/**
 * Installing a snapshot file: this node's newer commits survive it and its log positions go
 * on after the old ones; a process killed just before the rename leaves the old database
 * (with what its WAL held), killed after it the new one, each whole.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { restoreDatabaseFromPeer } from "../../../src/healing/snapshot_client.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import {
  dump,
  exportToFile,
  fill,
  makeNode,
  maxSeq,
  REGISTRY_OPTIONS,
  snapshotPair,
} from "./snapshot_fixture.ts";

const CHILD = new URL("./snapshot_install_child.ts", import.meta.url).pathname;

function ids(db: DatabaseSync): number[] {
  return (db.prepare("SELECT id FROM t ORDER BY id").all() as Array<{ id: number }>)
    .map((r) => Number(r.id));
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

Deno.test("a restore keeps this node's newer commits and continues its log positions", async () => {
  await using s = await snapshotPair({ chunkSize: 64 * 1024 });
  s.client.registry.create("shop");
  const mine = s.client.registry.get("shop");
  fill(mine, 30, { firstId: 1000, perTxn: 10, node: 2 }); // older than the peer's log
  await new Promise((resolve) => setTimeout(resolve, 5));
  s.server.registry.create("shop");
  fill(s.server.registry.get("shop"), 200, { node: 1 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  fill(mine, 40, { firstId: 2000, perTxn: 10, node: 2 }); // newer: the peer never had them
  const oldMax = maxSeq(mine.reader.db);

  const result = await restoreDatabaseFromPeer(s.deps(), 1, "shop");
  assert.equal(result.lastSeq, 2);
  const now = s.client.registry.get("shop");
  assert.notEqual(now, mine);
  assert.throws(() => mine.reader.db.prepare("SELECT 1").get(), /not open/);
  // Commits older than the peer's log are not re-applied: their rows may have been deleted
  // and the tombstones collected there.
  assert.deepEqual(ids(now.reader.db), [...range(1, 200), ...range(2000, 40)]);
  assert.equal(now.applier.hasApplied("n2-2030"), true);
  assert.equal(now.applier.hasApplied("n2-1000"), false);
  // The re-applied commits and later ones get positions after every old one.
  const seqs = now.reader.db.prepare(
    "SELECT seq FROM __marmot_commit_log WHERE txn_id LIKE 'n2-%' ORDER BY seq",
  ).all() as Array<{ seq: number }>;
  assert.equal(seqs.length, 4);
  assert.ok(Number(seqs[0]!.seq) > oldMax);
  fill(now, 1, { firstId: 3000, node: 2 });
  assert.equal(maxSeq(now.reader.db), oldMax + 5);
});

/** A data dir whose `shop` holds rows 1-20 (node 2), and a snapshot file of rows 501-800. */
async function crashSetup(): Promise<{ dataDir: string; file: string; cleanup(): void }> {
  const node = makeNode("marmot-install-");
  node.registry.create("shop");
  fill(node.registry.get("shop"), 20, { perTxn: 5, node: 2 });
  node.registry.close();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const peer = makeNode("marmot-install-peer-");
  peer.registry.create("shop");
  fill(peer.registry.get("shop"), 300, { firstId: 501, node: 1 });
  const dir = join(node.dataDir, "snapshot-shop");
  Deno.mkdirSync(dir);
  const file = join(dir, "shop.db");
  await exportToFile(peer, "shop", file);
  peer.registry.close();
  Deno.removeSync(peer.dataDir, { recursive: true });
  return {
    dataDir: node.dataDir,
    file,
    cleanup: () => Deno.removeSync(node.dataDir, { recursive: true }),
  };
}

async function runChild(dataDir: string, file: string, point: string): Promise<Deno.CommandOutput> {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, dataDir, file, point],
    stdout: "piped",
    stderr: "piped",
  }).output();
}

function openShop(dataDir: string): { registry: DatabaseRegistry; db: DatabaseSync } {
  const registry = new DatabaseRegistry(dataDir, REGISTRY_OPTIONS);
  return { registry, db: registry.get("shop").reader.db };
}

function assertIntact(db: DatabaseSync): void {
  assert.deepEqual(Object.values(db.prepare("PRAGMA integrity_check").get()!), ["ok"]);
}

Deno.test("a process killed just before the rename leaves the old database whole", async () => {
  const { dataDir, file, cleanup } = await crashSetup();
  try {
    const out = await runChild(dataDir, file, "before-rename");
    assert.equal(out.signal, "SIGKILL", new TextDecoder().decode(out.stderr));
    const { registry, db } = openShop(dataDir);
    // The old rows, and the commits the process made just before (they were in its WAL).
    assert.deepEqual(ids(db), [...range(1, 20), ...range(100_000, 50)]);
    assertIntact(db);
    registry.close();
  } finally {
    cleanup();
  }
});

Deno.test("a process killed once the install returned leaves the new database whole", async () => {
  const { dataDir, file, cleanup } = await crashSetup();
  try {
    const out = await runChild(dataDir, file, "after-install");
    assert.equal(out.signal, "SIGKILL", new TextDecoder().decode(out.stderr));
    const { registry, db } = openShop(dataDir);
    // The peer's rows, and this node's commits newer than the peer's log, re-applied.
    assert.deepEqual(ids(db), [...range(501, 300), ...range(100_000, 50)]);
    assertIntact(db);
    assert.equal(dump(db).length > 0, true);
    registry.close();
  } finally {
    cleanup();
  }
});
