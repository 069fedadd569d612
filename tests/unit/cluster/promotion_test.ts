import assert from "node:assert/strict";
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/config/logger.ts";
import type { NodeInfo, NodeStatus } from "../../../src/cluster/node_info.ts";
import { PromotionChecker } from "../../../src/cluster/promotion.ts";
import { Registry } from "../../../src/cluster/registry.ts";

const logger = createLogger(defaultConfig().logging, { destination: { write() {} } });

function node(nodeId: number, status: NodeStatus, incarnation = 0): NodeInfo {
  return { nodeId, address: `127.0.0.1:${9000 + nodeId}`, status, incarnation, schemaVersions: {} };
}

function setup(peers: NodeInfo[], gate: () => boolean, isolated = () => false) {
  const clock = { now: 0 };
  const registry = new Registry(node(1, "JOINING", 2), peers, {
    suspectTimeoutMs: 1500,
    deadTimeoutMs: 3000,
    clock: () => clock.now,
  });
  let promoted = 0;
  const checker = new PromotionChecker({
    registry,
    gate,
    isolated,
    checkIntervalMs: 1000,
    minHealthyMs: 3000,
    onPromoted: () => promoted++,
    logger,
    clock: () => clock.now,
  });
  return { registry, checker, clock, promoted: () => promoted };
}

Deno.test("Promotion waits for the gate to hold for min_healthy_duration, then bumps the incarnation", () => {
  let caughtUp = false;
  const { registry, checker, clock, promoted } = setup([node(2, "ALIVE", 1)], () => caughtUp);
  assert.equal(checker.check(), false);
  caughtUp = true;
  assert.equal(checker.check(), false); // eligible from now
  clock.now += 2000;
  caughtUp = false; // a break resets the count
  assert.equal(checker.check(), false);
  caughtUp = true;
  clock.now += 1000;
  assert.equal(checker.check(), false);
  clock.now += 2999;
  assert.equal(checker.check(), false);
  clock.now += 1;
  assert.equal(checker.check(), true);
  assert.equal(registry.self.status, "ALIVE");
  assert.equal(registry.self.incarnation, 3);
  assert.equal(promoted(), 1);
  assert.equal(checker.check(), false); // only JOINING nodes are promoted
});

Deno.test("Promotion: with no ALIVE peer the node is eligible whatever the gate says", () => {
  const { registry, checker, clock } = setup([node(2, "SUSPECT", 1), node(3, "DEAD")], () => false);
  checker.check();
  clock.now += 3000;
  assert.equal(checker.check(), true);
  assert.equal(registry.self.status, "ALIVE");
});

Deno.test("Promotion: a gate that throws counts as not eligible", () => {
  const { registry, checker, clock } = setup([node(2, "ALIVE")], () => {
    throw new Error("catch-up state unavailable");
  });
  checker.check();
  clock.now += 10_000;
  assert.equal(checker.check(), false);
  assert.equal(registry.self.status, "JOINING");
});

Deno.test("Promotion: a node with seeds that reached none stays JOINING", () => {
  let isolated = true;
  const { registry, checker, clock } = setup([], () => true, () => isolated);
  checker.check();
  clock.now += 10_000;
  assert.equal(checker.check(), false);
  assert.equal(registry.self.status, "JOINING");
  isolated = false;
  checker.check();
  clock.now += 3000;
  assert.equal(checker.check(), true);
});
