/**
 * scripts/test-ddl-replication.sh against real node processes: it passes on a 3-node QUORUM
 * cluster, and fails (exit 1, naming the node and showing its rows) when one of the ports it
 * is given belongs to a lone node outside the cluster.
 */
import assert from "node:assert/strict";
import { startCluster } from "../helpers/start_cluster.ts";
import { startNode } from "../helpers/start_node.ts";

const SCRIPT = new URL("../../scripts/test-ddl-replication.sh", import.meta.url).pathname;
const QUORUM = '[replication]\ndefault_write_consistency = "QUORUM"\n';

async function runScript(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("bash", {
    args: [SCRIPT, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(120000),
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test("test-ddl-replication.sh passes on a 3-node cluster and names a node that differs", async (t) => {
  await using cluster = await startCluster(3, { config: QUORUM });
  const ports = cluster.nodes.map((n) => String(n.mysqlPort));

  await t.step("every step agrees on all three nodes", async () => {
    const run = await runScript([], { MARMOT_MYSQL_PORTS: ports.join(",") });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.code, 0, output);
    for (
      const step of [
        "CREATE TABLE on node 1",
        "INSERT on node 1",
        "UPDATE on node 2",
        "DELETE on node 1",
        "DROP TABLE on node 1",
      ]
    ) {
      assert.match(run.stdout, new RegExp(`^ok: ${step}: all 3 nodes agree$`, "m"), output);
    }
    assert.match(run.stdout, /^test-ddl-replication: passed$/m);
  });

  await t.step("a lone node in the list fails the CREATE TABLE step", async () => {
    await using lone = await startNode();
    const run = await runScript([ports[0]!, ports[1]!, String(lone.mysqlPort)], {
      MARMOT_SYNC_TIMEOUT: "2",
    });
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(
      run.stderr,
      new RegExp(`FAIL: CREATE TABLE on node 1: node 3 \\(127\\.0\\.0\\.1:${lone.mysqlPort}\\)`),
    );
    assert.match(run.stderr, /--- node 3 shows\n[\s\S]*doesn't exist/);
  });

  await t.step("fewer than two ports is a usage error", async () => {
    const run = await runScript([ports[0]!]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /need the MySQL ports of at least 2 nodes/);
  });
});
