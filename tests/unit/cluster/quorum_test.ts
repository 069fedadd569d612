import assert from "node:assert/strict";
import { QuorumUnavailableError } from "../../../src/cluster/errors.ts";
import type { NodeInfo, NodeStatus } from "../../../src/cluster/node_info.ts";
import { writeTargets } from "../../../src/cluster/quorum.ts";

function members(...statuses: NodeStatus[]): NodeInfo[] {
  return statuses.map((status, i) => ({
    nodeId: i + 1,
    address: `127.0.0.1:${9001 + i}`,
    status,
    incarnation: 0,
    schemaVersions: {},
  }));
}

Deno.test("writeTargets: 3 ALIVE nodes need 1 / 2 / 3 acknowledgements", () => {
  const all = members("ALIVE", "ALIVE", "ALIVE");
  const one = writeTargets(all, 1, "ONE");
  assert.deepEqual([one.total, one.required], [3, 1]);
  assert.deepEqual(one.replicas.map((r) => r.nodeId), [2, 3]);
  assert.equal(one.self.nodeId, 1);
  assert.equal(writeTargets(all, 2, "QUORUM").required, 2);
  assert.equal(writeTargets(all, 3, "ALL").required, 3);
});

Deno.test("writeTargets: one node down keeps QUORUM, refuses ALL naming level and nodes", () => {
  const view = members("ALIVE", "DEAD", "ALIVE");
  assert.deepEqual(writeTargets(view, 1, "QUORUM").replicas.map((r) => r.nodeId), [3]);
  assert.throws(
    () => writeTargets(view, 1, "ALL"),
    (e: Error) => {
      assert.ok(e instanceof QuorumUnavailableError);
      assert.equal(
        e.message,
        "Write at consistency ALL needs 3 of 3 nodes but only 2 reachable (nodes 1, 3)",
      );
      return true;
    },
  );
});

Deno.test("writeTargets counts SUSPECT, DEAD and JOINING but not LEAVING or REMOVED", () => {
  const view = members("ALIVE", "SUSPECT", "JOINING", "LEAVING", "REMOVED", "DEAD");
  const t = writeTargets(view, 1, "ONE");
  assert.equal(t.total, 4);
  assert.deepEqual(t.replicas, []); // only ALIVE peers receive writes
  assert.throws(
    () => writeTargets(view, 1, "QUORUM"),
    /needs 3 of 4 nodes but only 1 reachable \(nodes 1\)/,
  );
});

Deno.test("writeTargets: a split 2/2 cluster writes on neither side", () => {
  const left = members("ALIVE", "ALIVE", "DEAD", "DEAD");
  assert.throws(() => writeTargets(left, 1, "QUORUM"), QuorumUnavailableError);
});

Deno.test("writeTargets: an isolated node with seeds refuses QUORUM and ALL but allows ONE", () => {
  const alone = members("JOINING");
  assert.equal(writeTargets(alone, 1, "QUORUM").required, 1);
  assert.equal(writeTargets(alone, 1, "ONE", { isolated: true }).required, 1);
  assert.throws(
    () => writeTargets(alone, 1, "QUORUM", { isolated: true }),
    /seed nodes configured/,
  );
  assert.throws(() => writeTargets(alone, 1, "ALL", { isolated: true }), QuorumUnavailableError);
});
