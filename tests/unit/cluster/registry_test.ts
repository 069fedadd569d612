import assert from "node:assert/strict";
import type { NodeInfo, NodeStatus } from "../../../src/cluster/node_info.ts";
import { Registry } from "../../../src/cluster/registry.ts";

function node(nodeId: number, status: NodeStatus, incarnation = 0): NodeInfo {
  return { nodeId, address: `127.0.0.1:${9000 + nodeId}`, status, incarnation, schemaVersions: {} };
}

function setup(self: NodeInfo = node(1, "ALIVE", 3), peers: NodeInfo[] = []) {
  const clock = { now: 100_000 };
  const registry = new Registry(self, peers, {
    suspectTimeoutMs: 1500,
    deadTimeoutMs: 3000,
    clock: () => clock.now,
  });
  return { registry, clock };
}

function statusOf(registry: Registry, id: number): string {
  const n = registry.get(id)!;
  return `${n.status}@${n.incarnation}`;
}

Deno.test("Registry inserts an unknown node as given", () => {
  const { registry } = setup();
  const changes = registry.merge([node(2, "ALIVE", 5)]);
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.before, undefined);
  assert.equal(statusOf(registry, 2), "ALIVE@5");
});

Deno.test("Registry: a higher incarnation replaces the record, a lower one is ignored", () => {
  const { registry } = setup(node(1, "ALIVE"), [node(2, "SUSPECT", 4)]);
  registry.merge([node(2, "ALIVE", 3)]);
  assert.equal(statusOf(registry, 2), "SUSPECT@4");
  registry.merge([{ ...node(2, "ALIVE", 5), address: "10.0.0.2:8080" }]);
  assert.equal(statusOf(registry, 2), "ALIVE@5");
  assert.equal(registry.get(2)!.address, "10.0.0.2:8080");
});

Deno.test("Registry accepts only escalations at equal incarnation", () => {
  const { registry } = setup(node(1, "ALIVE"));
  registry.merge([node(2, "ALIVE", 2), node(3, "SUSPECT", 2)]);
  registry.merge([node(2, "SUSPECT", 2)]);
  assert.equal(statusOf(registry, 2), "SUSPECT@2");
  registry.merge([node(2, "ALIVE", 2)]); // de-escalation needs a refutation (higher incarnation)
  assert.equal(statusOf(registry, 2), "SUSPECT@2");
  registry.merge([node(2, "DEAD", 2)]);
  assert.equal(statusOf(registry, 2), "DEAD@2");
  registry.merge([node(2, "SUSPECT", 2)]);
  assert.equal(statusOf(registry, 2), "DEAD@2");
  registry.merge([node(3, "LEAVING", 2)]); // SUSPECT -> LEAVING is not an escalation
  assert.equal(statusOf(registry, 3), "SUSPECT@2");
  registry.merge([node(3, "REMOVED", 2)]);
  assert.equal(statusOf(registry, 3), "REMOVED@2");
});

Deno.test("Registry: hearsay SUSPECT or DEAD about a node heard from within the suspect timeout is not taken", () => {
  const { registry, clock } = setup(node(1, "ALIVE"), [node(2, "ALIVE", 1), node(3, "ALIVE", 1)]);
  registry.touch(2);
  clock.now += 1000;
  assert.deepEqual(registry.merge([node(2, "DEAD", 1)]), [], "node 2 answered 1 s ago");
  assert.equal(statusOf(registry, 2), "ALIVE@1");
  registry.merge([node(3, "DEAD", 1)]); // never heard from directly: taken
  assert.equal(statusOf(registry, 3), "DEAD@1");
  clock.now += 600; // past the suspect timeout since the last contact
  registry.merge([node(2, "SUSPECT", 1)]);
  assert.equal(statusOf(registry, 2), "SUSPECT@1");
});

Deno.test("Registry keeps LEAVING at equal incarnation (a node that left stays out of quorum)", () => {
  const { registry } = setup(node(1, "ALIVE"), [node(2, "ALIVE", 1)]);
  registry.merge([node(2, "LEAVING", 1)]);
  assert.equal(statusOf(registry, 2), "LEAVING@1");
  registry.merge([node(2, "DEAD", 1)]);
  assert.equal(statusOf(registry, 2), "LEAVING@1");
  registry.merge([node(2, "JOINING", 2)]); // it restarted
  assert.equal(statusOf(registry, 2), "JOINING@2");
});

Deno.test("Registry: REMOVED is sticky except for REMOVED or DEAD at a higher incarnation", () => {
  const { registry } = setup(node(1, "ALIVE"), [node(2, "REMOVED", 4)]);
  registry.merge([node(2, "ALIVE", 9)]);
  assert.equal(statusOf(registry, 2), "REMOVED@4");
  registry.merge([node(2, "DEAD", 5)]);
  assert.equal(statusOf(registry, 2), "DEAD@5");
});

Deno.test("Registry max-merges schema versions at equal incarnation", () => {
  const peer = { ...node(2, "ALIVE", 1), schemaVersions: { shop: 3, blog: 1 } };
  const { registry } = setup(node(1, "ALIVE"), [peer]);
  const changes = registry.merge([{
    ...node(2, "ALIVE", 1),
    schemaVersions: { shop: 2, blog: 4, wiki: 0 },
  }]);
  assert.equal(changes.length, 1);
  assert.deepEqual(registry.get(2)!.schemaVersions, { shop: 3, blog: 4, wiki: 0 });
  assert.deepEqual(registry.merge([{ ...node(2, "ALIVE", 1), schemaVersions: { shop: 1 } }]), []);
});

Deno.test("Registry refutes a suspicion about itself with a higher incarnation", () => {
  const { registry } = setup(node(1, "ALIVE", 3));
  registry.merge([node(1, "SUSPECT", 3)]);
  assert.equal(statusOf(registry, 1), "ALIVE@4");
  registry.merge([node(1, "DEAD", 7)]);
  assert.equal(statusOf(registry, 1), "ALIVE@8");
  assert.deepEqual(registry.merge([node(1, "SUSPECT", 2)]), []); // stale news
  assert.deepEqual(registry.merge([node(1, "ALIVE", 8)]), []); // agrees with us
});

Deno.test("Registry: a joining node refutes but stays JOINING; a leaving one stays LEAVING", () => {
  const joining = setup(node(1, "JOINING", 0)).registry;
  joining.merge([node(1, "ALIVE", 5)]);
  assert.equal(statusOf(joining, 1), "JOINING@6");
  const leaving = setup(node(1, "LEAVING", 2)).registry;
  leaving.merge([node(1, "ALIVE", 2)]);
  assert.equal(statusOf(leaving, 1), "LEAVING@3");
});

Deno.test("Registry ignores REMOVED about itself and accepts LEAVING at a higher incarnation", () => {
  const { registry } = setup(node(1, "ALIVE", 3));
  assert.deepEqual(registry.merge([node(1, "REMOVED", 9)]), []);
  assert.equal(statusOf(registry, 1), "ALIVE@3");
  registry.merge([node(1, "LEAVING", 4)]);
  assert.equal(statusOf(registry, 1), "LEAVING@4");
});

Deno.test("Failure detector: silent ALIVE -> SUSPECT -> DEAD from the same last contact", () => {
  const { registry, clock } = setup(node(1, "ALIVE"));
  registry.merge([node(2, "ALIVE", 1), node(3, "JOINING", 0)]);
  clock.now += 1500;
  assert.deepEqual(registry.detectFailures(), []);
  clock.now += 1;
  registry.touch(3);
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "SUSPECT@1"); // no incarnation bump
  assert.equal(statusOf(registry, 3), "JOINING@0");
  clock.now += 1499; // 3000 ms since node 2's last contact
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "SUSPECT@1");
  clock.now += 1;
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "DEAD@1");
  assert.equal(statusOf(registry, 3), "JOINING@0"); // touched 1500 ms ago
  clock.now += 1;
  registry.detectFailures();
  assert.equal(statusOf(registry, 3), "SUSPECT@0"); // a silent joiner is suspected too
  assert.equal(statusOf(registry, 1), "ALIVE@0"); // never itself
});

Deno.test("Failure detector leaves LEAVING and REMOVED alone; contact delays suspicion", () => {
  const { registry, clock } = setup(node(1, "ALIVE"));
  registry.merge([node(2, "LEAVING", 1), node(3, "REMOVED", 1), node(4, "ALIVE", 1)]);
  clock.now += 1000;
  registry.touch(4);
  clock.now += 1000;
  registry.detectFailures();
  assert.equal(statusOf(registry, 4), "ALIVE@1");
  clock.now += 10_000;
  registry.detectFailures();
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "LEAVING@1");
  assert.equal(statusOf(registry, 3), "REMOVED@1");
  assert.equal(statusOf(registry, 4), "DEAD@1");
});

Deno.test("Registry: restored peers are unreachable until heard from; a newer record restarts the clock", () => {
  const { registry, clock } = setup(node(1, "JOINING", 4), [node(2, "SUSPECT", 7)]);
  assert.equal(registry.lastSeen(2), 0);
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "DEAD@7");
  registry.merge([node(2, "ALIVE", 8)]);
  assert.equal(registry.lastSeen(2), clock.now);
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "ALIVE@8");
});

Deno.test("Registry admits a joiner as JOINING and refuses duplicates and removed nodes", () => {
  const { registry } = setup(node(1, "ALIVE"), [node(2, "ALIVE", 3), node(3, "REMOVED", 1)]);
  assert.equal(registry.admitJoiner(4, "127.0.0.1:9004", 0), undefined);
  assert.equal(statusOf(registry, 4), "JOINING@0");
  // The same node again at its address (a restart): recorded above what we knew.
  assert.equal(registry.admitJoiner(2, "127.0.0.1:9002", 1), undefined);
  assert.equal(statusOf(registry, 2), "JOINING@4");
  assert.match(
    registry.admitJoiner(2, "127.0.0.1:7777", 9)!,
    /Node id 2 is already used by JOINING member 127\.0\.0\.1:9002/,
  );
  assert.match(registry.admitJoiner(3, "127.0.0.1:9003", 5)!, /removed/);
  assert.match(registry.admitJoiner(1, "127.0.0.1:7777", 0)!, /seed itself/);
  assert.equal(registry.admitJoiner(1, "127.0.0.1:9001", 0), undefined);
});

Deno.test("Registry admits a node id held by a DEAD member at another address", () => {
  const { registry } = setup(node(1, "ALIVE"), [node(2, "DEAD", 3)]);
  assert.equal(registry.admitJoiner(2, "127.0.0.1:5555", 0), undefined);
  assert.equal(statusOf(registry, 2), "JOINING@4");
  assert.equal(registry.get(2)!.address, "127.0.0.1:5555");
});

Deno.test("Registry node ids are not limited to 64", () => {
  const { registry } = setup(node(1, "ALIVE"));
  registry.merge([node(65, "ALIVE", 0), node(129, "ALIVE", 0), node(0xffff_fffe, "ALIVE", 0)]);
  assert.deepEqual(registry.members().map((m) => m.nodeId), [1, 65, 129, 0xffff_fffe]);
});

Deno.test("Registry notifies listeners once per operation with every change", () => {
  const { registry } = setup(node(1, "ALIVE"));
  const calls: number[] = [];
  registry.onChange((changes) => calls.push(changes.length));
  registry.merge([node(2, "ALIVE"), node(3, "ALIVE"), node(1, "ALIVE", 0)]);
  registry.merge([node(2, "ALIVE")]);
  registry.setSelfSchemaVersions({ shop: 1 });
  registry.setSelfSchemaVersions({ shop: 1 });
  assert.deepEqual(calls, [2, 1]);
});

Deno.test("Registry: a restored SUSPECT record yields to current news and is not gossiped", () => {
  const { registry } = setup(node(1, "JOINING", 4), [node(2, "SUSPECT", 7), node(3, "LEAVING", 2)]);
  assert.deepEqual(registry.gossip().map((n) => n.nodeId), [1, 3]);
  registry.merge([node(2, "ALIVE", 7)]); // same incarnation, yet replaces our stale guess
  assert.equal(statusOf(registry, 2), "ALIVE@7");
  assert.deepEqual(registry.gossip().map((n) => n.nodeId).sort(), [1, 2, 3]);
  registry.merge([node(2, "ALIVE", 6)]);
  assert.equal(statusOf(registry, 2), "ALIVE@7");
  registry.merge([node(3, "ALIVE", 2)]); // LEAVING restored keeps the normal rules
  assert.equal(statusOf(registry, 3), "LEAVING@2");
});

Deno.test("Failure detector: a stall of this process is not counted as the peers' silence", () => {
  const clock = { now: 100_000 };
  const registry = new Registry(node(1, "ALIVE"), [], {
    suspectTimeoutMs: 2500,
    deadTimeoutMs: 5000,
    checkIntervalMs: 1000,
    clock: () => clock.now,
  });
  registry.merge([node(2, "ALIVE", 1)]);
  registry.detectFailures();
  clock.now += 1000;
  registry.detectFailures(); // on time: 1000 ms of silence
  clock.now += 4000; // 3 s late: the peer's messages wait unread; counted as 2000 ms
  assert.deepEqual(registry.detectFailures(), []);
  assert.equal(statusOf(registry, 2), "ALIVE@1");
  clock.now += 1000; // 3000 ms
  registry.detectFailures();
  assert.equal(statusOf(registry, 2), "SUSPECT@1");
});
