import assert from "node:assert/strict";
import { MEMBERSHIP_FILE, MembershipStore } from "../../../src/cluster/membership_store.ts";
import type { NodeInfo } from "../../../src/cluster/node_info.ts";

const nodes: NodeInfo[] = [
  {
    nodeId: 2,
    address: "127.0.0.1:9002",
    status: "SUSPECT",
    incarnation: 4,
    schemaVersions: { a: 1 },
  },
  { nodeId: 1, address: "127.0.0.1:9001", status: "ALIVE", incarnation: 7, schemaVersions: {} },
];

Deno.test("MembershipStore writes only when the fingerprint changes and reads it back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = new MembershipStore(dir);
    assert.equal(store.load(), undefined);
    assert.equal(store.save(1, nodes), true);
    assert.equal(store.save(1, [...nodes].reverse()), false); // same membership
    // Schema versions are not persisted, so they do not cause writes.
    assert.equal(store.save(1, [{ ...nodes[0]!, schemaVersions: { a: 9 } }, nodes[1]!]), false);
    assert.equal(store.save(1, [{ ...nodes[0]!, status: "DEAD" }, nodes[1]!]), true);
    const loaded = new MembershipStore(dir).load()!;
    assert.equal(loaded.selfNodeId, 1);
    assert.deepEqual(loaded.nodes.map((n) => `${n.nodeId} ${n.status} ${n.incarnation}`), [
      "1 ALIVE 7",
      "2 DEAD 4",
    ]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [MEMBERSHIP_FILE]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("MembershipStore names the file when it cannot be used", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/${MEMBERSHIP_FILE}`,
      '{"self_node_id": 1, "nodes": [{"node_id": 2}]}',
    );
    assert.throws(
      () => new MembershipStore(dir).load(),
      /Cannot read membership file .*cluster_membership\.json: bad node entry/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
