/**
 * Catch-up after downtime (issue 5): a 3-node cluster under a steady write load through nodes
 * 1 and 2; node 3 is killed (SIGKILL) for BENCH_CATCHUP_DOWN_S seconds (60), then restarted
 * while the load goes on. Reported: the transactions it missed, the time from its restart to
 * holding every row written while it was down (its log pull), the time until it is promoted
 * ALIVE again, and whether all three hold the same rows once the load stops. Target: the
 * backlog of 60 s caught up in under 10 s.
 *
 *   deno run -A bench/catchup_bench.ts      (BENCH_CATCHUP=0 in run.sh skips it)
 */
import type mysql from "mysql2/promise";
import { connectMysql2, startCluster } from "../tests/helpers/mod.ts";

const DOWN_S = Number(Deno.env.get("BENCH_CATCHUP_DOWN_S") ?? "60");
const WRITERS = 4;
const TARGET_S = 10;

export interface CatchupResult {
  downSeconds: number;
  missedTxns: number;
  writesPerSecond: number;
  caughtUpMs: number;
  aliveMs: number;
  converged: boolean;
}

async function scalar(conn: mysql.Connection, sql: string): Promise<number> {
  const [rows] = await conn.query({ sql, rowsAsArray: true });
  return Number((rows as unknown[][])[0]![0]);
}

export async function runCatchupBench(downSeconds = DOWN_S): Promise<CatchupResult> {
  await using cluster = await startCluster(3, { timeoutMs: 60_000 });
  const admin = await connectMysql2(cluster.node(1).mysqlPort, { database: "marmot" });
  await admin.query("CREATE TABLE catchup (id INT PRIMARY KEY, writer INT, n INT, pad TEXT)");
  let stop = false;
  let written = 0;
  const pad = "x".repeat(100);
  // Each writer owns its id range: steady inserts and updates, no conflicts between them.
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    const conn = await connectMysql2(cluster.node(1 + (w % 2)).mysqlPort, { database: "marmot" });
    try {
      for (let i = 0; !stop; i++) {
        const id = w * 10_000_000 + i;
        await conn.query("INSERT INTO catchup VALUES (?, ?, 0, ?)", [id, w, pad]);
        if (i > 0) await conn.query("UPDATE catchup SET n = n + 1 WHERE id = ?", [id - 1]);
        written += i > 0 ? 2 : 1;
      }
    } finally {
      await conn.end();
    }
  });
  try {
    await new Promise((r) => setTimeout(r, 3000));
    await cluster.node(3).kill();
    const downAt = written;
    const downStarted = performance.now();
    await new Promise((r) => setTimeout(r, downSeconds * 1000));
    const missedTxns = written - downAt;
    const writesPerSecond = missedTxns / ((performance.now() - downStarted) / 1000);
    const rowsBefore = await scalar(admin, "SELECT count(*) FROM catchup");
    const restarted = performance.now();
    await cluster.restart(3, { waitAlive: false });
    const n3 = await connectMysql2(cluster.node(3).mysqlPort, { database: "marmot" });
    let caughtUpMs = -1;
    let aliveMs = -1;
    try {
      const deadline = restarted + 300_000;
      while ((caughtUpMs < 0 || aliveMs < 0) && performance.now() < deadline) {
        if (caughtUpMs < 0) {
          const have = await scalar(n3, "SELECT count(*) FROM catchup").catch(() => 0);
          if (have >= rowsBefore) caughtUpMs = performance.now() - restarted;
        }
        if (aliveMs < 0) {
          const view = await cluster.node(1).view().catch(() => null);
          if (view?.nodes.some((n) => n.nodeId === 3 && n.status === "ALIVE")) {
            aliveMs = performance.now() - restarted;
          }
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      stop = true;
      await Promise.all(writers);
      let converged = false;
      const sql = "SELECT count(*) * 1000003 + sum(n) FROM catchup";
      // Rows committed between node 3's last JOINING round and its promotion come with the
      // round that follows the promotion.
      for (let i = 0; i < 150 && !converged; i++) {
        const sums = await Promise.all(
          [admin, n3].map((c) => scalar(c, sql)),
        );
        converged = sums[0] === sums[1];
        if (!converged) await new Promise((r) => setTimeout(r, 200));
      }
      return { downSeconds, missedTxns, writesPerSecond, caughtUpMs, aliveMs, converged };
    } finally {
      await n3.end();
    }
  } finally {
    stop = true;
    await Promise.allSettled(writers);
    await admin.end();
  }
}

export function formatCatchupSection(r: CatchupResult): string {
  const s = (ms: number) => (ms < 0 ? "did not happen in 300 s" : `${(ms / 1000).toFixed(2)} s`);
  return [
    "## Catch-up after downtime (3 nodes, QUORUM)",
    "",
    `Node 3 killed for ${r.downSeconds} s while ${WRITERS} clients wrote through nodes 1 and 2 ` +
    `(${r.missedTxns} transactions, ${r.writesPerSecond.toFixed(0)}/s), then restarted under the ` +
    "same load.",
    "",
    "| measure | value | target |",
    "| --- | ---: | ---: |",
    `| every row written while down present on node 3, after its restart | ${s(r.caughtUpMs)} | ` +
    `< ${TARGET_S} s |`,
    `| node 3 promoted ALIVE again | ${s(r.aliveMs)} | |`,
    `| all nodes equal after the load stopped | ${r.converged ? "yes" : "NO"} | yes |`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  console.error(`bench: catch-up: node 3 down for ${DOWN_S} s under load`);
  const section = formatCatchupSection(await runCatchupBench());
  const date = new Date().toISOString().slice(0, 10);
  const path = Deno.env.get("BENCH_CATCHUP_OUT") ??
    new URL(`./results/${date}-${Deno.hostname()}.md`, import.meta.url).pathname;
  await Deno.writeTextFile(path, "\n" + section, { append: true });
  console.log(section);
  console.error(`bench: catch-up section appended to ${path}`);
}

if (import.meta.main) await main();
