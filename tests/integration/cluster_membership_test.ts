/**
 * Membership over real node processes: convergence, failure detection after SIGKILL, restart
 * with a higher incarnation, graceful LEAVING on SIGTERM, refused peers (wrong secret,
 * duplicate node id) and a restarted node that must not take a quorum of one.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import type { ClusterView } from "../../src/cluster/mod.ts";
import { startCluster } from "../helpers/mod.ts";

function statuses(view: ClusterView): string {
  return view.nodes.map((m) => `${m.nodeId}:${m.status}`).join(" ");
}

function incarnationOf(view: ClusterView, nodeId: number): number {
  return view.nodes.find((m) => m.nodeId === nodeId)!.incarnation;
}

function availability(view: ClusterView, level: string) {
  return view.writeAvailability.find((w) => w.level === level)!;
}

/** A Ping with no metadata at all, built without our proto loader. */
function rawPing(address: string): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      "/marmot.v2.MarmotService/Ping",
      (value: Uint8Array) => Buffer.from(value),
      (bytes: Buffer) => bytes,
      new Uint8Array(),
      { deadline: Date.now() + 3000 },
      (error) => {
        client.close();
        resolve(error);
      },
    );
  });
}

Deno.test("Cluster membership across node processes", async (t) => {
  await using cluster = await startCluster(3);

  await t.step("three nodes converge to three ALIVE", async () => {
    for (const node of cluster.nodes) {
      const view = await node.view();
      assert.equal(view.selfNodeId, node.nodeId);
      assert.equal(statuses(view), "1:ALIVE 2:ALIVE 3:ALIVE");
      assert.ok(view.writeAvailability.every((w) => w.available), JSON.stringify(view));
    }
  });

  await t.step("a peer without the cluster secret is refused and logged", async () => {
    await assert.rejects(cluster.addNode(4, { secret: "wrong-secret" }), (e: Error) => {
      assert.match(e.message, /exited with code 3/);
      assert.match(e.message, /refused this node's cluster secret/);
      return true;
    });
    const error = await rawPing(cluster.node(1).grpcAddress);
    assert.equal(error?.code, grpc.status.UNAUTHENTICATED);
    assert.match(error!.details, /Invalid cluster secret/);
    assert.match(
      cluster.node(1).logs(),
      /Refused peer call from .*127\.0\.0\.1:\d+: (invalid|missing) cluster secret/,
    );
    assert.equal(statuses(await cluster.node(1).view()), "1:ALIVE 2:ALIVE 3:ALIVE");
  });

  await t.step("a second node under a taken node id is refused", async () => {
    await assert.rejects(cluster.addNode(2), (e: Error) => {
      assert.match(e.message, /exited with code 3/);
      assert.match(e.message, /Node id 2 is already used by ALIVE member 127\.0\.0\.1:\d+/);
      return true;
    });
  });

  let incarnationBefore = 0;
  await t.step("a killed node is seen SUSPECT, then DEAD", async () => {
    incarnationBefore = incarnationOf(await cluster.node(1).view(), 3);
    await cluster.node(3).kill();
    await Promise.all([
      cluster.waitForStatus(1, 3, "SUSPECT", 8000),
      cluster.waitForStatus(2, 3, "SUSPECT", 8000),
    ]);
    const [view] = await Promise.all([
      cluster.waitForStatus(1, 3, "DEAD", 10000),
      cluster.waitForStatus(2, 3, "DEAD", 10000),
    ]);
    assert.equal(availability(view, "QUORUM").available, true);
    assert.equal(availability(view, "ALL").available, false);
    assert.match(availability(view, "ALL").error, /ALL needs 3 of 3 nodes but only 2 reachable/);
  });

  await t.step(
    "the node restarted on its data dir is ALIVE again at a higher incarnation",
    async () => {
      await cluster.restart(3);
      for (const observer of [1, 2, 3]) {
        const view = await cluster.node(observer).view();
        assert.equal(statuses(view), "1:ALIVE 2:ALIVE 3:ALIVE");
        assert.ok(incarnationOf(view, 3) > incarnationBefore, JSON.stringify(view.nodes));
      }
    },
  );

  await t.step("a node stopped with SIGTERM is seen LEAVING", async () => {
    const exit = await cluster.node(2).stop("SIGTERM");
    assert.equal(exit.code, 0);
    for (const observer of [1, 3]) {
      const view = await cluster.waitForStatus(observer, 2, "LEAVING", 3000);
      assert.equal(availability(view, "ALL").total, 2);
    }
  });

  await t.step("a restarted node whose peers are down refuses QUORUM", async () => {
    await Promise.all([cluster.node(1).kill(), cluster.node(3).kill()]);
    await cluster.restart(3, { waitAlive: false });
    const view = await cluster.waitForView(
      3,
      "node 1 not ALIVE",
      (v) => v.nodes.some((m) => m.nodeId === 1 && (m.status === "SUSPECT" || m.status === "DEAD")),
      5000,
    );
    assert.equal(view.nodes.find((m) => m.nodeId === 2)!.status, "LEAVING");
    const quorum = availability(view, "QUORUM");
    assert.equal(quorum.available, false);
    assert.equal(quorum.total, 2);
    assert.match(quorum.error, /QUORUM needs 2 of 2 nodes but only 1 reachable \(nodes 3\)/);
    assert.equal(availability(view, "ONE").available, true);
  });
});
