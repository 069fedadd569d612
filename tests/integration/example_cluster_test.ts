/**
 * The README's cluster commands as an operator runs them: examples/run-cluster.sh on its fixed
 * ports (MySQL 3307-3309, peers 8081-8083, admin 9091-9093), scripts/test-ddl-replication.sh
 * with no arguments, each node's admin API, Ctrl-C (SIGINT to the terminal's process group)
 * stopping every node gracefully, a second run on the same directory, and exit 1 when a port
 * is taken. Test runs on one machine take turns through a lock file, as the ports are fixed.
 */
import assert from "node:assert/strict";

const REPO = new URL("../..", import.meta.url).pathname;
const PORTS = [3307, 3308, 3309, 8081, 8082, 8083, 9091, 9092, 9093];
const LOCK_FILE = "/tmp/marmot-example-cluster-ports.lock";

interface Run {
  child: Deno.ChildProcess;
  /** stderr so far. */
  err: () => string;
  done: Promise<number>;
}

/** Starts run-cluster.sh in a process group of its own, as a terminal would. */
function runCluster(dir: string): Run {
  const child = new Deno.Command("bash", {
    args: [`${REPO}/examples/run-cluster.sh`],
    cwd: dir,
    env: { MARMOT_CLUSTER_DIR: `${dir}/cluster` },
    clearEnv: false,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    detached: true,
  }).spawn();
  let err = "";
  const decoder = new TextDecoder();
  const drained = child.stderr.pipeTo(
    new WritableStream({ write: (chunk) => void (err += decoder.decode(chunk)) }),
  );
  const done = Promise.all([child.status, drained]).then(([s]) => s.code);
  return { child, err: () => err, done };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function exitCode(run: Run, what: string): Promise<number> {
  let code: number | undefined;
  run.done.then((c) => code = c);
  await waitFor(what, () => code);
  return code!;
}

function portFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line names a file under `dir` (from /proc, no procps needed). */
function nodePids(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).includes(dir)) {
        pids.push(Number(entry.name));
      }
    } catch { /* exited meanwhile */ }
  }
  return pids;
}

async function adminGet(port: number, path: string, secret?: string): Promise<Response> {
  return await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: secret === undefined ? {} : { "X-Marmot-Secret": secret },
  });
}

Deno.test("examples/run-cluster.sh: as the README says, Ctrl-C, again, and ports in use", async (t) => {
  using lock = await Deno.open(LOCK_FILE, { create: true, write: true });
  await lock.lock(true);
  const busy = PORTS.filter((p) => !portFree(p));
  assert.deepEqual(busy, [], `ports the example uses are taken on this machine: ${busy}`);
  const dir = await Deno.makeTempDir({ prefix: "marmot-example-cluster-" });
  const runs: Run[] = [];
  try {
    await t.step("three nodes come up and the README's commands work against them", async () => {
      const run = runCluster(dir);
      runs.push(run);
      await waitFor("cluster ready", () => {
        assert.doesNotMatch(run.err(), /exited while|timed out/, run.err());
        return run.err().includes("cluster ready: 3 nodes ALIVE") ? true : undefined;
      });
      const script = await new Deno.Command("bash", {
        args: [`${REPO}/scripts/test-ddl-replication.sh`],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(script.stdout) +
        new TextDecoder().decode(script.stderr);
      assert.equal(script.code, 0, out);
      assert.match(out, /^test-ddl-replication: passed$/m);

      const secret = (await Deno.readTextFile(`${dir}/cluster/cluster_secret`)).trim();
      for (const [i, port] of [9091, 9092, 9093].entries()) {
        const members = await (await adminGet(port, "/admin/cluster/members", secret)).json();
        assert.equal(members.local_node_id, i + 1);
        assert.equal(members.alive_count, 3, JSON.stringify(members));
        const metrics = await adminGet(port, "/metrics");
        assert.equal(metrics.status, 200);
        assert.match(await metrics.text(), /^marmot_v2_cluster_quorum_available\{.*\} 1$/m);
        assert.equal((await adminGet(port, "/admin/databases")).status, 401);
      }
    });

    await t.step("Ctrl-C stops every node gracefully and exits 0", async () => {
      const run = runs[0]!;
      Deno.kill(-run.child.pid, "SIGINT"); // the terminal signals the whole process group
      assert.equal(await exitCode(run, "run-cluster.sh to exit"), 0, run.err());
      for (const id of [1, 2, 3]) {
        const log = await Deno.readTextFile(`${dir}/cluster/node${id}/node.log`);
        assert.match(log, /"This node is LEAVING the cluster"[\s\S]*"msg":"Stopped"/, log);
      }
      await waitFor("the ports to be free", () => PORTS.every(portFree) || undefined);
    });

    await t.step("a second run on the same directory comes up again", async () => {
      const run = runCluster(dir);
      runs.push(run);
      await waitFor("cluster ready again", () => {
        assert.doesNotMatch(run.err(), /exited while|timed out/, run.err());
        return run.err().includes("cluster ready: 3 nodes ALIVE") ? true : undefined;
      });
      run.child.kill("SIGTERM");
      assert.equal(await exitCode(run, "run-cluster.sh to exit"), 0, run.err());
      await waitFor("the ports to be free", () => PORTS.every(portFree) || undefined);
    });

    await t.step("a port in use: run-cluster.sh refuses before starting anything", async () => {
      using _taken = Deno.listen({ hostname: "127.0.0.1", port: 9092 });
      const run = runCluster(dir);
      runs.push(run);
      assert.equal(await exitCode(run, "run-cluster.sh to refuse"), 1, run.err());
      assert.match(run.err(), /port 9092 on 127\.0\.0\.1 is in use/);
    });

    await t.step("a node whose MySQL port is taken exits 1 and says why", async () => {
      using _taken = Deno.listen({ hostname: "127.0.0.1", port: 3308 });
      const out = await new Deno.Command("bash", {
        args: [`${REPO}/examples/join-cluster.sh`, "2", "none"],
        cwd: dir,
        env: { MARMOT_CLUSTER_DIR: `${dir}/cluster` },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(120_000),
      }).output();
      const log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 1, log);
      assert.match(
        log,
        /Cannot listen for MySQL clients on 127\.0\.0\.1:3308: Address already in use/,
      );
      assert.doesNotMatch(log, /Uncaught/);
    });
  } finally {
    for (const run of runs) {
      try {
        Deno.kill(-run.child.pid, "SIGKILL");
      } catch { /* already gone */ }
      await run.done.catch(() => {});
    }
    // Nodes run in sessions of their own: kill any the script left behind.
    for (const pid of nodePids(`${dir}/cluster/`)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await Deno.remove(dir, { recursive: true });
  }
});
