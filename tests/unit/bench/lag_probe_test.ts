import assert from "node:assert/strict";
import {
  createLagTable,
  LAG_TABLE,
  startLagProbe,
  summarizeLag,
} from "../../../bench/lag_probe.ts";
import { mysqlCli } from "../../../tests/helpers/mysql_cli.ts";
import { startNode } from "../../../tests/helpers/start_node.ts";

Deno.test("summarizeLag gives p50, p99 and max, or none without samples", () => {
  const samples = Array.from({ length: 200 }, (_, i) => i + 1);
  assert.deepEqual(summarizeLag(samples, { missed: 1, writeErrors: 2 }), {
    samples: 200,
    p50Ms: 100,
    p99Ms: 198,
    maxMs: 200,
    missed: 1,
    writeErrors: 2,
  });
  assert.deepEqual(summarizeLag([], { missed: 0, writeErrors: 3 }), {
    samples: 0,
    missed: 0,
    writeErrors: 3,
  });
});

Deno.test("the lag probe samples a row as soon as the polled node shows it", async () => {
  await using node = await startNode();
  // The same node twice: every row is visible on "the other node" when the write returns.
  const ports = [node.mysqlPort, node.mysqlPort];
  await createLagTable(ports, "marmot");
  const probe = await startLagProbe(ports, { database: "marmot", intervalMs: 20 });
  await new Promise((r) => setTimeout(r, 500));
  const lag = await probe.stop();
  assert.ok(lag.samples >= 5, `only ${lag.samples} samples`);
  assert.equal(lag.missed, 0);
  assert.equal(lag.writeErrors, 0);
  assert.ok(lag.p99Ms! < 1000, `p99 ${lag.p99Ms} ms for a row already there`);
  const rows = await mysqlCli(node.mysqlPort, `SELECT COUNT(*) FROM ${LAG_TABLE}`, {
    database: "marmot",
    args: ["--skip-column-names"],
  });
  assert.equal(Number(rows.stdout.trim()), lag.samples, "one sample per row written");
});

Deno.test("the lag probe counts a row another node never shows as missed, at the timeout", async () => {
  await using a = await startNode();
  await using b = await startNode();
  // Two unrelated nodes: each probe row stays on its coordinator.
  for (const port of [a.mysqlPort, b.mysqlPort]) await createLagTable([port], "marmot");
  const probe = await startLagProbe([a.mysqlPort, b.mysqlPort], {
    database: "marmot",
    intervalMs: 10,
    visibleTimeoutMs: 150,
  });
  await new Promise((r) => setTimeout(r, 400));
  const lag = await probe.stop();
  assert.ok(lag.samples >= 1);
  assert.equal(lag.missed, lag.samples);
  assert.ok(lag.p50Ms! >= 150 && lag.maxMs! === 150, JSON.stringify(lag));
});

Deno.test("createLagTable fails when the table never reaches a node", async () => {
  await using a = await startNode();
  await using b = await startNode();
  await mysqlCli(b.mysqlPort, `DROP TABLE IF EXISTS ${LAG_TABLE}`, { database: "marmot" });
  await assert.rejects(
    createLagTable([a.mysqlPort, b.mysqlPort], "marmot", 300),
    new RegExp(`Table ${LAG_TABLE} did not reach the node on port ${b.mysqlPort}`),
  );
});
