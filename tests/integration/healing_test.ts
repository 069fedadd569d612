/**
 * Healing across a real 3-node cluster (issue 5): a node that was killed, stopped, wiped or
 * whose coordinator died mid-commit converges to the rows the others hold, through log-pull
 * anti-entropy, without an operator.
 */
import assert from "node:assert/strict";
import type mysql from "mysql2/promise";
import { connectMysql2, startCluster } from "../helpers/mod.ts";
import type { ClusterHandle } from "../helpers/start_cluster.ts";

const AE_SECONDS = 1;
const HEARTBEAT_SECONDS = 2;
const CONFIG = `
[replication]
anti_entropy_interval_seconds = ${AE_SECONDS}
# A node without data copies a database by snapshot once a peer's log holds 50 commits.
delta_sync_threshold_transactions = 50

[transaction]
heartbeat_timeout_seconds = ${HEARTBEAT_SECONDS}
`;

type Conn = mysql.Connection;

function connect(cluster: ClusterHandle, nodeId: number): Promise<Conn> {
  return connectMysql2(cluster.node(nodeId).mysqlPort, { database: "marmot" });
}

async function rowsOf(conn: Conn, sql: string): Promise<string> {
  const [rows] = await conn.query({ sql, rowsAsArray: true });
  return JSON.stringify(rows);
}

/** Waits until node `nodeId` answers `sql` as `expected` does on node `reference`. */
async function convergeOn(
  cluster: ClusterHandle,
  sql: string,
  nodes: number[],
  timeoutMs = 15_000,
): Promise<string> {
  const conns = await Promise.all(nodes.map((n) => connect(cluster, n)));
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answers = await Promise.all(conns.map((c) => rowsOf(c, sql)));
      if (answers.every((a) => a === answers[0])) return answers[0]!;
      if (Date.now() > deadline) {
        assert.fail(`nodes ${nodes.join(", ")} disagree on ${sql}:\n${answers.join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** Waits until process `pid` is stopped (state T), as the STOP_AFTER_PREPARE hook leaves it. */
async function stoppedByItself(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // /proc/<pid>/stat: "pid (name) state ..."; the name may hold spaces, the state follows ")".
  const state = () => Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]?.[0];
  while (state() !== "T") {
    if (Date.now() > deadline) assert.fail(`process ${pid} did not stop itself after PREPARE`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Inserts rows `from`..`to` through nodes taken in turn. */
async function writeRows(cluster: ClusterHandle, nodes: number[], from: number, to: number) {
  const conns = await Promise.all(nodes.map((n) => connect(cluster, n)));
  try {
    for (let i = from; i <= to; i++) {
      await conns[i % conns.length]!.query("INSERT INTO events VALUES (?, ?)", [i, `event ${i}`]);
    }
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

const ALL = "SELECT count(*), coalesce(sum(id), 0), " +
  "GROUP_CONCAT(payload ORDER BY id SEPARATOR '|') FROM events";

Deno.test("killed, stopped and wiped nodes converge through anti-entropy", async (t) => {
  await using cluster = await startCluster(3, { config: CONFIG });
  const n1 = await connect(cluster, 1);
  await n1.query("CREATE TABLE events (id INT PRIMARY KEY, payload TEXT)");
  await n1.end();
  await writeRows(cluster, [1, 2, 3], 1, 30);
  await convergeOn(cluster, ALL, [1, 2, 3]);

  await t.step("SIGKILL during a stream of writes, restart: equal within two rounds", async () => {
    const writing = writeRows(cluster, [1, 2], 31, 130);
    await new Promise((r) => setTimeout(r, 300));
    await cluster.node(3).kill();
    await writing;
    await cluster.restart(3);
    const started = Date.now();
    const all = await convergeOn(cluster, ALL, [1, 2, 3]);
    assert.match(all, /^\[\[130,"8515",/);
    console.log(`node 3 converged ${Date.now() - started} ms after it was ALIVE again`);
  });

  await t.step("SIGSTOP longer than the dead timeout, write, SIGCONT: it catches up", async () => {
    const pid = cluster.node(3).pid;
    Deno.kill(pid, "SIGSTOP");
    try {
      await cluster.waitForStatus(1, 3, "DEAD", 20_000);
      await writeRows(cluster, [1, 2], 131, 160);
    } finally {
      Deno.kill(pid, "SIGCONT");
    }
    await cluster.waitForStatus(1, 3, "ALIVE", 20_000);
    const all = await convergeOn(cluster, ALL, [1, 2, 3]);
    assert.match(all, /^\[\[160,/);
  });

  await t.step(
    "hot rows rewritten on two nodes while the third is down converge (LWW)",
    async () => {
      const c1 = await connect(cluster, 1);
      await c1.query("CREATE TABLE hot (id INT PRIMARY KEY, v INT)");
      await c1.query("INSERT INTO hot VALUES (1, 0), (2, 0), (3, 0)");
      await convergeOn(cluster, "SELECT * FROM hot ORDER BY id", [1, 2, 3]);
      await cluster.node(3).kill();
      await cluster.waitForStatus(1, 3, "DEAD", 20_000);
      const c2 = await connect(cluster, 2);
      await Promise.all([c1, c2].map(async (c, i) => {
        for (let k = 0; k < 20; k++) {
          try {
            await c.query("UPDATE hot SET v = ? WHERE id = ?", [i * 100 + k, 1 + (k % 3)]);
          } catch (err) {
            assert.equal((err as { errno?: number }).errno, 1213);
          }
        }
      }));
      await Promise.all([c1.end(), c2.end()]);
      await cluster.restart(3);
      await convergeOn(cluster, "SELECT * FROM hot ORDER BY id", [1, 2, 3]);
    },
  );

  await t.step("a wiped node rebuilds every database from its peers (snapshot)", async () => {
    const c2 = await connect(cluster, 2);
    await c2.query("CREATE DATABASE extra");
    await c2.query("CREATE TABLE extra.t (a INT PRIMARY KEY, b BLOB)");
    await c2.query("INSERT INTO extra.t VALUES (1, x'00ff')");
    await c2.end();
    await cluster.node(3).stop();
    await Deno.remove(cluster.node(3).dataDir, { recursive: true });
    await cluster.restart(3);
    await convergeOn(cluster, ALL, [1, 2, 3]);
    await convergeOn(cluster, "SELECT a, hex(b) FROM extra.t", [1, 2, 3]);
    // `marmot` has over 50 commits: it came as a file; `extra` has 3: from the log.
    assert.match(cluster.node(3).logs(), /restoring a snapshot instead of replaying/);
    // The restored node takes writes and replicates them like any other.
    const c3 = await connect(cluster, 3);
    await c3.query("INSERT INTO events VALUES (1000, 'after the snapshot')");
    await c3.end();
    await convergeOn(cluster, ALL, [1, 2, 3]);
  });
});

Deno.test("a coordinator killed between PREPARE and COMMIT leaves no row locked", async () => {
  await using cluster = await startCluster(3, {
    config: CONFIG,
    env: { MARMOT_TEST_CRASH_AFTER_PREPARE: "doomed@1" },
  });
  const c1 = await connect(cluster, 1);
  await c1.query("CREATE TABLE doomed (id INT PRIMARY KEY, v TEXT)");
  await c1.query("CREATE TABLE other (id INT PRIMARY KEY)");
  await convergeOn(cluster, "SHOW TABLES", [1, 2, 3]);
  // Node 1 prepares the insert everywhere, then dies before any COMMIT.
  await assert.rejects(c1.query("INSERT INTO doomed VALUES (1, 'from the dead')"));
  await c1.end().catch(() => {});
  const c2 = await connect(cluster, 2);
  try {
    const started = Date.now();
    // The row is held by the prepared transaction until its heartbeat timeout, then free.
    for (;;) {
      try {
        await c2.query("INSERT INTO doomed VALUES (1, 'from node 2')");
        break;
      } catch (err) {
        assert.equal((err as { errno?: number }).errno, 1213);
        assert.ok(Date.now() - started < (HEARTBEAT_SECONDS + 5) * 1000, "row stayed locked");
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await cluster.restart(1, { waitAlive: true });
    // On none of the nodes did the dead coordinator's row commit.
    assert.equal(
      await convergeOn(cluster, "SELECT id, v FROM doomed", [1, 2, 3]),
      JSON.stringify([[1, "from node 2"]]),
    );
  } finally {
    await c2.end();
  }
});

Deno.test("a node that stalled mid-transaction cannot commit over writes made meanwhile", async (t) => {
  await using cluster = await startCluster(3, {
    config: CONFIG,
    env: { MARMOT_TEST_STOP_AFTER_PREPARE: "stalled@1" },
  });
  const c1 = await connect(cluster, 1);
  const c2 = await connect(cluster, 2);
  try {
    await c1.query("CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)");
    await c1.query("CREATE TABLE stalled (id INT PRIMARY KEY, bal INT NOT NULL)");
    await c1.query("INSERT INTO acct VALUES (1, 0)");
    await c2.query("INSERT INTO stalled VALUES (1, 0)"); // on node 1 it would stop it
    await convergeOn(cluster, "SELECT * FROM acct, stalled", [1, 2, 3]);

    await t.step(
      "read before the stall, committed after it: 1213, the newer write stays",
      async () => {
        await c1.query("BEGIN");
        await c1.query("UPDATE acct SET bal = bal + 1 WHERE id = 1");
        // Node 1 stops (a pause, a stopped VM) with the row read; the others go on without it.
        Deno.kill(cluster.node(1).pid, "SIGSTOP");
        try {
          await c2.query("UPDATE acct SET bal = bal + 10 WHERE id = 1");
        } finally {
          Deno.kill(cluster.node(1).pid, "SIGCONT");
        }
        await assert.rejects(c1.query("COMMIT"), (err: { errno?: number }) => err.errno === 1213);
        await c1.query("ROLLBACK");
        assert.equal(
          await convergeOn(cluster, "SELECT bal FROM acct", [1, 2, 3]),
          JSON.stringify([[10]]),
        );
        // Retried, it builds on the newer value.
        await c1.query("UPDATE acct SET bal = bal + 1 WHERE id = 1");
        assert.equal(
          await convergeOn(cluster, "SELECT bal FROM acct", [1, 2, 3]),
          JSON.stringify([[11]]),
        );
      },
    );

    await t.step(
      "prepared, then stalled past the heartbeat timeout: not committed late",
      async () => {
        // Node 1 stops itself once PREPARE is done everywhere, before deciding.
        const stalled = c1.query("UPDATE stalled SET bal = bal + 1 WHERE id = 1").then(
          () => null,
          (err: { errno?: number }) => err,
        );
        const started = Date.now();
        // The participants give up on it after the heartbeat timeout; then node 2's write goes in.
        for (;;) {
          try {
            await c2.query("UPDATE stalled SET bal = bal + 10 WHERE id = 1");
            break;
          } catch (err) {
            assert.equal((err as { errno?: number }).errno, 1213);
            assert.ok(Date.now() - started < (HEARTBEAT_SECONDS + 20) * 1000, "row stayed locked");
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        // Under load node 1 may reach its stop after the participants already gave up.
        await stoppedByItself(cluster.node(1).pid);
        Deno.kill(cluster.node(1).pid, "SIGCONT");
        // Its late decision is an abort; the statement, retried as autocommit statements are
        // after a conflict, may then go through on the current value (or give up with 1213).
        const err = await stalled;
        if (err !== null) assert.equal(err.errno, 1213, String(err));
        assert.equal(
          await convergeOn(cluster, "SELECT bal FROM stalled", [1, 2, 3]),
          JSON.stringify([[err === null ? 11 : 10]]),
          "every acknowledged increment counted once, none undone",
        );
      },
    );
  } finally {
    try {
      Deno.kill(cluster.node(1).pid, "SIGCONT");
    } catch {
      // Not running.
    }
    await c1.end().catch(() => {});
    await c2.end();
  }
});
