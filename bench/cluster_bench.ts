/**
 * The 3-node part of `deno task bench`: three nodes on this machine with QUORUM writes,
 * sysbench's connections spread over their three MySQL ports (sysbench hands each new
 * connection the next port of the list), the lag probe running beside each workload, and
 * checks that the nodes hold the same rows: complete after prepare (retried once, as sysbench
 * exits 0 even when a prepare thread died), identical after the run.
 */
import { startCluster } from "../tests/helpers/start_cluster.ts";
import { mysqlCli } from "../tests/helpers/mysql_cli.ts";
import type { ClusterRow } from "./cluster_report.ts";
import { createLagTable, type LagSummary, startLagProbe } from "./lag_probe.ts";
import type { Outcome } from "./report.ts";
import {
  parseSysbenchOutput,
  runSysbench,
  type RunSysbenchOptions,
  sysbenchFailure,
} from "./sysbench.ts";

/** The cluster's workloads when BENCH_WORKLOADS does not name others. */
export const CLUSTER_WORKLOADS = [
  "oltp_insert",
  "oltp_write_only",
  "oltp_read_write",
  "oltp_point_select",
] as const;

/** Number of nodes. */
export const CLUSTER_NODES = 3;

/** The database every node has from the start (no CREATE DATABASE needed). */
export const CLUSTER_DATABASE = "marmot";

/**
 * The workloads that run on AUTO_INCREMENT ids; the others get sysbench's own ids 1..10000,
 * the rows a single node's dense AUTO_INCREMENT gives them and the range sysbench reads and
 * updates, which the cluster's sparse cluster-unique ids would mostly miss.
 */
export const AUTO_INC_WORKLOADS: readonly string[] = ["oltp_insert"];

const CLUSTER_CONFIG = '[replication]\ndefault_write_consistency = "QUORUM"\n';
const TABLES = 4;
const TABLE_SIZE = 10000;
const CONVERGE_TIMEOUT_MS = 30000;
const PREPARE_ATTEMPTS = 2;

/** Options for `runClusterBench`. */
export interface ClusterBenchOptions {
  /** Seconds of each `run` phase. */
  time: number;
  /** sysbench threads in all (spread over the nodes). */
  threads: number;
  /** Runs of each workload; its row is the median run's (as the single node's figure is). */
  rounds: number;
  /** Called after each run (progress output). */
  onMeasured?: (row: ClusterRow) => void;
}

/** One sysbench table as one node holds it. */
interface TablePrint {
  table: string;
  rows: number;
  sumK: number;
  /** Rows whose id is in 1..TABLE_SIZE, the range sysbench's reads and updates pick from. */
  inKeyRange: number;
}

/** Each node's tables (or the error it gave), in port order. */
async function _fingerprints(ports: readonly number[]): Promise<(TablePrint[] | string)[]> {
  const sql = Array.from(
    { length: TABLES },
    (_, i) =>
      `SELECT 'sbtest${i + 1}', COUNT(*), COALESCE(SUM(k), 0), ` +
      `COALESCE(SUM(CASE WHEN id <= ${TABLE_SIZE} THEN 1 ELSE 0 END), 0) FROM sbtest${i + 1}`,
  )
    .join(" UNION ALL ");
  return await Promise.all(ports.map(async (port) => {
    const out = await mysqlCli(port, sql, {
      database: CLUSTER_DATABASE,
      args: ["--skip-column-names"],
    });
    if (out.code !== 0) return out.stderr.trim();
    return out.stdout.trim().split("\n").map((line) => {
      const [table, rows, sumK, inKeyRange] = line.split("\t");
      return {
        table: table!,
        rows: Number(rows),
        sumK: Number(sumK),
        inKeyRange: Number(inKeyRange),
      };
    });
  }));
}

function _shown(print: TablePrint[] | string): string {
  return typeof print === "string"
    ? print
    : print.map((t) => `${t.table} ${t.rows} rows, sum(k) ${t.sumK}`).join("; ");
}

/**
 * Waits until every node holds the same rows (and, with `complete`, TABLE_SIZE rows in each
 * table); returns what differed when they never do, else the last prints.
 */
async function _converge(
  ports: readonly number[],
  complete: boolean,
): Promise<{ differs?: string; prints: TablePrint[] }> {
  const deadline = Date.now() + CONVERGE_TIMEOUT_MS;
  for (;;) {
    const prints = await _fingerprints(ports);
    const shown = prints.map(_shown);
    const first = prints[0]!;
    const full = !complete ||
      prints.every((p) => typeof p !== "string" && p.every((t) => t.rows === TABLE_SIZE));
    if (typeof first !== "string" && full && shown.every((p) => p === shown[0])) {
      return { prints: first };
    }
    if (Date.now() > deadline) {
      return { differs: shown.map((p, i) => `node ${i + 1}: ${p}`).join(" | "), prints: [] };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The note when most rows lie outside sysbench's key range (sparse AUTO_INCREMENT ids). */
function _keyRangeNote(prints: TablePrint[]): string | undefined {
  const inRange = prints.reduce((n, t) => n + t.inKeyRange, 0);
  const rows = prints.reduce((n, t) => n + t.rows, 0);
  if (rows === 0 || inRange / rows > 0.9) return undefined;
  return `AUTO_INCREMENT gave only ${inRange} of ${rows} rows an id in 1..${TABLE_SIZE} ` +
    "(ids are sparse on the cluster; a single node's are dense)";
}

/** Cleanup and prepare until every node holds every row; the failure of the last attempt. */
async function _prepare(
  workload: string,
  ports: readonly number[],
  sysbench: RunSysbenchOptions,
): Promise<{ error?: string; notes: string[] }> {
  const notes: string[] = [];
  let error = "";
  for (let attempt = 1; attempt <= PREPARE_ATTEMPTS; attempt++) {
    // Tables of an earlier attempt or of a workload that failed halfway.
    await runSysbench(workload, "cleanup", sysbench);
    const prepare = await runSysbench(workload, "prepare", sysbench);
    const output = `${prepare.stdout}\n${prepare.stderr}`;
    if (prepare.code !== 0 || output.includes("FATAL:")) {
      error = `prepare: ${sysbenchFailure(prepare.stdout, prepare.stderr)}`;
    } else {
      const { differs, prints } = await _converge(ports, true);
      if (!differs) {
        const keyRange = _keyRangeNote(prints);
        return { notes: keyRange ? [...notes, keyRange] : notes };
      }
      error = `nodes incomplete or different after prepare: ${differs}`;
    }
    if (attempt < PREPARE_ATTEMPTS) notes.push(`prepare attempt ${attempt} failed: ${error}`);
  }
  return { error, notes };
}

function _failed(error: unknown): Outcome {
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}

async function _measure(
  workload: string,
  ports: readonly number[],
  options: ClusterBenchOptions,
): Promise<ClusterRow> {
  const sysbench: RunSysbenchOptions = {
    port: ports,
    time: options.time,
    threads: options.threads,
    tables: TABLES,
    database: CLUSTER_DATABASE,
    histogram: true,
    autoInc: AUTO_INC_WORKLOADS.includes(workload),
  };
  try {
    const { error, notes } = await _prepare(workload, ports, sysbench);
    if (error) return { workload, cluster: _failed(error), notes };
    await createLagTable(ports, CLUSTER_DATABASE);
    const probe = await startLagProbe(ports, { database: CLUSTER_DATABASE });
    let run: Awaited<ReturnType<typeof runSysbench>>;
    let lag: LagSummary;
    try {
      run = await runSysbench(workload, "run", sysbench);
    } finally {
      lag = await probe.stop();
    }
    if (run.code !== 0) {
      const cluster = _failed(`run: ${sysbenchFailure(run.stdout, run.stderr)}`);
      return { workload, cluster, lag, notes };
    }
    const cluster: Outcome = { ok: true, result: parseSysbenchOutput(run.stdout) };
    const { differs } = await _converge(ports, false);
    return { workload, cluster, lag, divergence: differs, notes };
  } catch (error) {
    return { workload, cluster: _failed(error) };
  } finally {
    await runSysbench(workload, "cleanup", sysbench).catch(() => {});
  }
}

/**
 * Starts the cluster, measures each workload on it and stops it.
 * @throws {Error} when the cluster does not start or its nodes do not see each other ALIVE
 */
export async function runClusterBench(
  workloads: readonly string[],
  options: ClusterBenchOptions,
): Promise<ClusterRow[]> {
  await using cluster = await startCluster(CLUSTER_NODES, {
    config: CLUSTER_CONFIG,
    timeoutMs: 60000,
  });
  const ports = cluster.nodes.map((n) => n.mysqlPort);
  const rows: ClusterRow[] = [];
  for (const workload of workloads) {
    const runs: ClusterRow[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const row = await _measure(workload, ports, options);
      options.onMeasured?.(row);
      runs.push(row);
    }
    rows.push(_medianRun(runs));
  }
  return rows;
}

/** The run with the median TPS (the lower middle of an even count), or the first failed one;
 * a divergence or note of any run is kept. */
function _medianRun(runs: ClusterRow[]): ClusterRow {
  const failed = runs.find((r) => !r.cluster.ok);
  const tps = (r: ClusterRow) => r.cluster.ok ? r.cluster.result.tps : 0;
  const chosen = failed ??
    runs.toSorted((a, b) => tps(a) - tps(b))[Math.floor((runs.length - 1) / 2)]!;
  const notes = [...new Set(runs.flatMap((r) => r.notes ?? []))];
  const divergence = runs.find((r) => r.divergence !== undefined)?.divergence;
  return { ...chosen, notes, divergence };
}
