/**
 * The benchmark driver (`deno task bench`): runs sysbench's OLTP workloads against a
 * throwaway MariaDB and against our node, one server at a time, and writes a markdown table
 * to bench/results/<date>-<host>.md.
 *
 * Then (unless BENCH_CLUSTER=0) the same run measures a 3-node QUORUM cluster of ours (see
 * cluster_bench.ts) and appends its section, compared with the single node's figures.
 *
 * Both servers run side by side and each workload alternates between them BENCH_ROUNDS times
 * (default 3); the table shows each side's median round. Measured here, MariaDB's own figure
 * for one workload moved by up to 1.8x between runs minutes apart, so one run per side made
 * ratios that said more about the moment than about the servers.
 *
 * Environment: BENCH_TIME (seconds per run, default 30), BENCH_WORKLOADS (comma list, default
 * all six; the cluster runs the same list, or its own four when the variable is unset),
 * BENCH_CLUSTER=0 (skip the cluster), BENCH_CLUSTER_THREADS (sysbench threads over the three
 * nodes, default 24: every cluster commit waits two network round trips, so a client spends
 * most of its time waiting; measured on this VM, oltp_insert on 3 nodes went 650 -> 2,200 ->
 * 2,900 TPS with 6 -> 24 -> 48 threads while each node stayed under a third of a core),
 * BENCH_OURS=mariadb (measure a second MariaDB as "ours": checks the driver
 * itself; its report goes to a temp file, not to bench/results).
 */
import { loadConfig } from "../src/config/load_config.ts";
import { VERSION } from "../src/config/version.ts";
import { mysqlCli } from "../tests/helpers/mysql_cli.ts";
import { startNode } from "../tests/helpers/start_node.ts";
import {
  AUTO_INC_WORKLOADS,
  CLUSTER_NODES,
  CLUSTER_WORKLOADS,
  runClusterBench,
} from "./cluster_bench.ts";
import { type ClusterRow, formatClusterSection } from "./cluster_report.ts";
import { MARIADB_DURABILITY, startMariadb } from "./mariadb.ts";
import { formatReport, type Outcome, type ReportRow } from "./report.ts";
import {
  parseSysbenchOutput,
  runSysbench,
  type RunSysbenchOptions,
  sysbenchFailure,
  WORKLOADS,
} from "./sysbench.ts";

interface Server {
  port: number;
  label: string;
  stop(): Promise<void>;
}

interface Settings {
  time: number;
  workloads: string[];
  /** Empty when BENCH_CLUSTER=0. */
  clusterWorkloads: string[];
  clusterThreads: number;
  rounds: number;
}

function _positive(name: string, fallback: string): number {
  const value = Number(Deno.env.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function _settings(): Settings {
  const time = _positive("BENCH_TIME", "30");
  const clusterThreads = _positive("BENCH_CLUSTER_THREADS", "24");
  const rounds = _positive("BENCH_ROUNDS", "3");
  const raw = Deno.env.get("BENCH_WORKLOADS");
  const workloads = raw ? raw.split(",").map((w) => w.trim()).filter((w) => w) : [...WORKLOADS];
  const unknown = workloads.filter((w) => !(WORKLOADS as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown BENCH_WORKLOADS: ${unknown.join(", ")} (known: ${WORKLOADS.join(", ")})`,
    );
  }
  const skipCluster = Deno.env.get("BENCH_CLUSTER") === "0";
  const clusterWorkloads = skipCluster ? [] : raw ? workloads : [...CLUSTER_WORKLOADS];
  return { time, workloads, clusterWorkloads, clusterThreads, rounds };
}

const DRIVER_CHECK = Deno.env.get("BENCH_OURS") === "mariadb";
const REPO = new URL("../", import.meta.url).pathname;

/** What "ours" is and how durable its commits are, known before it starts. */
async function _oursDescription(): Promise<{ label: string; durability: string }> {
  if (DRIVER_CHECK) {
    return { label: "a second MariaDB (driver check only)", durability: MARIADB_DURABILITY };
  }
  // startNode runs main.ts in the repo with no -config: read the config the same way.
  const { config } = await loadConfig([], { cwd: REPO });
  const sync = config.storage.synchronous;
  return {
    label: `Marmot for Deno ${VERSION} (single node, embedded default config)`,
    durability: `SQLite WAL, synchronous=${sync.toUpperCase()} ` +
      (sync === "full" ? "(fsync per commit)" : "(fsync at checkpoints, not per commit)") +
      " ([storage] synchronous)",
  };
}

async function _startOurs(label: string): Promise<Server> {
  if (DRIVER_CHECK) {
    const db = await startMariadb();
    return { port: db.port, label, stop: db.stop };
  }
  const node = await startNode({ timeoutMs: 60000 });
  return { port: node.mysqlPort, label, stop: () => node.cleanup() };
}

async function _measure(
  workload: string,
  options: RunSysbenchOptions & { port: number },
): Promise<Outcome> {
  const reset = await mysqlCli(
    options.port,
    "DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest;",
  );
  if (reset.code !== 0) return { ok: false, error: `creating sbtest: ${reset.stderr.trim()}` };
  try {
    const prepare = await runSysbench(workload, "prepare", options);
    if (prepare.code !== 0) {
      return { ok: false, error: `prepare: ${sysbenchFailure(prepare.stdout, prepare.stderr)}` };
    }
    const run = await runSysbench(workload, "run", options);
    if (run.code !== 0) {
      return { ok: false, error: `run: ${sysbenchFailure(run.stdout, run.stderr)}` };
    }
    return { ok: true, result: parseSysbenchOutput(run.stdout) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await runSysbench(workload, "cleanup", options).catch(() => {});
  }
}

/**
 * The cluster's rows, each with the single node's outcome of the same workload; a cluster
 * that does not start fails every row.
 */
async function _measureCluster(
  settings: Settings,
  single: Map<string, Outcome>,
): Promise<ClusterRow[]> {
  const { clusterWorkloads: workloads, time, clusterThreads: threads } = settings;
  console.error(`bench: ${CLUSTER_NODES}-node cluster: ${workloads.length} workloads x ${time} s`);
  let rows: ClusterRow[];
  try {
    rows = await runClusterBench(workloads, {
      time,
      threads,
      rounds: settings.rounds,
      onMeasured: (row) => {
        const shown = row.cluster.ok
          ? `${row.cluster.result.tps.toFixed(1)} TPS, p99 ${row.cluster.result.p99Ms} ms, ` +
            `lag p99 ${row.lag?.p99Ms?.toFixed(2)} ms`
          : `failed: ${row.cluster.error}`;
        console.error(`bench: cluster: ${row.workload}: ${shown}`);
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`bench: ${message}`);
    const reason = message.split("\n")[0]!;
    rows = workloads.map((workload) => ({ workload, cluster: { ok: false, error: reason } }));
  }
  return rows.map((row) => ({ ...row, singleNode: single.get(row.workload) }));
}

/**
 * Each workload `rounds` times on each server, alternating (MariaDB, ours, MariaDB, ...), so
 * both sides see the same moments of a shared machine; each side's median round per workload.
 */
async function _measureAlternating(
  servers: { mariadb: Server; ours: Server | string },
  workloads: string[],
  settings: Settings,
): Promise<{ theirs: Map<string, Outcome>; ours: Map<string, Outcome> }> {
  const theirs = new Map<string, Outcome>();
  const ours = new Map<string, Outcome>();
  const measure = async (server: Server | string, workload: string): Promise<Outcome> => {
    if (typeof server === "string") return { ok: false, error: server };
    const outcome = await _measure(workload, { port: server.port, time: settings.time });
    const shown = outcome.ok
      ? `${outcome.result.tps.toFixed(1)} TPS, p95 ${outcome.result.p95Ms} ms`
      : `failed: ${outcome.error}`;
    console.error(`bench: ${server.label.split(" (")[0]}: ${workload}: ${shown}`);
    return outcome;
  };
  for (const workload of workloads) {
    const runs: { theirs: Outcome[]; ours: Outcome[] } = { theirs: [], ours: [] };
    for (let round = 0; round < settings.rounds; round++) {
      runs.theirs.push(await measure(servers.mariadb, workload));
      runs.ours.push(await measure(servers.ours, workload));
    }
    theirs.set(workload, _medianRound(runs.theirs));
    ours.set(workload, _medianRound(runs.ours));
  }
  return { theirs, ours };
}

/** The round with the median TPS (the lower middle of an even count); a failure if any
 * round failed. */
function _medianRound(outcomes: Outcome[]): Outcome {
  const failed = outcomes.find((o) => !o.ok);
  if (failed !== undefined) return failed;
  const sorted = outcomes.toSorted((a, b) => (a.ok ? a.result.tps : 0) - (b.ok ? b.result.tps : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function main(): Promise<void> {
  const settings = _settings();
  const { time, workloads } = settings;
  const described = await _oursDescription();
  console.error(`bench: ${workloads.length} workloads x ${time} s on each server`);
  console.error(`bench: ${settings.rounds} alternating rounds per workload`);
  const db = await startMariadb();
  const mariadbLabel = `MariaDB ${db.version}`;
  let theirs: Map<string, Outcome>;
  let ours: Map<string, Outcome>;
  try {
    // Our server not starting is a result worth a table too, not a crash of the driver.
    let oursServer: Server | string;
    try {
      oursServer = await _startOurs(described.label);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: ${message}`);
      oursServer = message.split("\n")[0]!;
    }
    try {
      ({ theirs, ours } = await _measureAlternating(
        { mariadb: { port: db.port, label: mariadbLabel, stop: db.stop }, ours: oursServer },
        workloads,
        settings,
      ));
    } finally {
      if (typeof oursServer !== "string") await oursServer.stop();
    }
  } finally {
    await db.stop();
  }
  const clusterRows = settings.clusterWorkloads.length > 0
    ? await _measureCluster(settings, ours)
    : [];

  const rows: ReportRow[] = workloads.map((workload) => ({
    workload,
    ours: ours.get(workload)!,
    mariadb: theirs.get(workload)!,
  }));
  const date = new Date().toISOString().slice(0, 10);
  const host = Deno.hostname();
  let report = formatReport(rows, {
    date,
    host,
    cpus: navigator.hardwareConcurrency,
    settings: `--tables=4 --table-size=10000 --threads=4 --time=${time} --db-ps-mode=auto; ` +
      `each side's median of ${settings.rounds} rounds, the two servers alternating`,
    oursLabel: described.label,
    oursDurability: described.durability,
    mariadbLabel,
    mariadbDurability: MARIADB_DURABILITY,
  });
  if (clusterRows.length > 0) {
    report += "\n" + formatClusterSection(clusterRows, {
      label: `Marmot for Deno ${VERSION}, ${CLUSTER_NODES} nodes on this machine ` +
        "(default config plus fast gossip), write consistency QUORUM",
      durability: described.durability,
      settings: `--tables=4 --table-size=10000 --threads=${settings.clusterThreads} ` +
        `--time=${time} --db-ps-mode=auto --histogram=on, ` +
        `--mysql-port=<the ${CLUSTER_NODES} nodes' ports>, database marmot; ` +
        `--auto_inc=off except for ${AUTO_INC_WORKLOADS.join(", ")} (rows get ids ` +
        "1..10000 as a single node's dense AUTO_INCREMENT gives them); " +
        `each workload's median of ${settings.rounds} runs`,
    });
  }
  const path = DRIVER_CHECK
    ? await Deno.makeTempFile({ prefix: "marmot-bench-driver-check-", suffix: ".md" })
    : new URL(`./results/${date}-${host}.md`, import.meta.url).pathname;
  await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(path, report);
  console.log(report);
  console.error(`bench: report written to ${path}`);
}

if (import.meta.main) await main();
