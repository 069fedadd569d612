/**
 * The 3-node section of the benchmark report: per workload the cluster's TPS next to the
 * single node's of the same run, p95/p99 latency and replication lag, then issue 4's targets.
 */
import { type LagSummary, PROBE_INTERVAL_MS } from "./lag_probe.ts";
import type { Outcome } from "./report.ts";

/** Issue 4's targets on this machine. */
export const CLUSTER_TARGETS = {
  /** 3-node QUORUM oltp_insert TPS over single-node oltp_insert TPS, at least. */
  insertRatio: 0.4,
  /** Replication lag p99, below. */
  lagP99Ms: 50,
} as const;

/** One workload on the cluster. */
export interface ClusterRow {
  workload: string;
  cluster: Outcome;
  /** Undefined when the probe did not run (the workload failed before it). */
  lag?: LagSummary;
  /** What differed between the nodes after the run; undefined when they agreed. */
  divergence?: string;
  /** Anything else the reader should know about this workload's figures. */
  notes?: string[];
  /** The single node's outcome in the same run, when it ran this workload. */
  singleNode?: Outcome;
}

/** What the section says about the cluster run. */
export interface ClusterMeta {
  label: string;
  settings: string;
  durability: string;
}

function _ms(value: number | undefined): string {
  return value === undefined ? "-" : value.toFixed(2);
}

function _ratio(row: ClusterRow): number | undefined {
  const single = row.singleNode;
  if (!row.cluster.ok || !single?.ok || single.result.tps <= 0) return undefined;
  return row.cluster.result.tps / single.result.tps;
}

/**
 * The markdown table: workload | 3-node TPS | single-node TPS | ratio | p95 | p99 | lag p50 |
 * lag p99 | lag samples.
 */
export function formatClusterTable(rows: readonly ClusterRow[]): string {
  const header = [
    "workload",
    "3-node TPS",
    "single-node TPS",
    "ratio",
    "p95 ms",
    "p99 ms",
    "lag p50 ms",
    "lag p99 ms",
    "lag samples",
  ];
  const lines = [
    `| ${header.join(" | ")} |`,
    `| --- |${" ---: |".repeat(header.length - 1)}`,
  ];
  for (const row of rows) {
    const c = row.cluster.ok ? row.cluster.result : undefined;
    const single = row.singleNode?.ok ? row.singleNode.result.tps.toFixed(1) : "-";
    const ratio = _ratio(row);
    lines.push(
      `| ${row.workload} | ${c ? c.tps.toFixed(1) : "failed"} | ${single} | ` +
        `${ratio === undefined ? "-" : ratio.toFixed(2)} | ${_ms(c?.p95Ms)} | ${_ms(c?.p99Ms)} | ` +
        `${_ms(row.lag?.p50Ms)} | ${_ms(row.lag?.p99Ms)} | ${row.lag?.samples ?? "-"} |`,
    );
  }
  return lines.join("\n");
}

function _verdict(met: boolean): string {
  return met ? "met" : "NOT met";
}

/** One line per target: the figure, the target, met or not (or why it was not measured). */
export function formatTargets(rows: readonly ClusterRow[]): string[] {
  const insert = rows.find((r) => r.workload === "oltp_insert");
  const ratio = insert && _ratio(insert);
  const ratioLine = ratio === undefined
    ? "not measured (needs oltp_insert on both the single node and the cluster)"
    : `${ratio.toFixed(2)}: ${_verdict(ratio >= CLUSTER_TARGETS.insertRatio)}`;
  const worst = rows
    .flatMap((r) => r.lag?.p99Ms === undefined ? [] : [{ workload: r.workload, ms: r.lag.p99Ms }])
    .sort((a, b) => b.ms - a.ms)[0];
  const lagLine = worst === undefined
    ? "not measured"
    : `worst ${worst.ms.toFixed(2)} ms (${worst.workload}): ` +
      _verdict(worst.ms < CLUSTER_TARGETS.lagP99Ms);
  const { insertRatio, lagP99Ms } = CLUSTER_TARGETS;
  return [
    `- 3-node oltp_insert / single-node oltp_insert (target >= ${insertRatio}): ${ratioLine}`,
    `- replication lag p99 (target < ${lagP99Ms} ms): ${lagLine}`,
  ];
}

function _notes(rows: readonly ClusterRow[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    const { workload, cluster, lag } = row;
    if (!cluster.ok) notes.push(`- ${workload}: failed: ${cluster.error}`);
    else if (cluster.result.ignoredErrors > 0) {
      notes.push(
        `- ${workload}: ${cluster.result.ignoredErrors} ignored errors (retried by sysbench)`,
      );
    }
    if (lag && lag.missed > 0) {
      notes.push(
        `- ${workload}: ${lag.missed} lag samples not visible in time (counted at the timeout)`,
      );
    }
    if (lag && lag.writeErrors > 0) {
      const first = lag.firstWriteError ? ` (first: ${lag.firstWriteError})` : "";
      notes.push(`- ${workload}: ${lag.writeErrors} probe writes refused${first}`);
    }
    if (row.divergence) notes.push(`- ${workload}: nodes differ after the run: ${row.divergence}`);
    for (const note of row.notes ?? []) notes.push(`- ${workload}: ${note}`);
  }
  return notes;
}

/** The whole section, to append to the report. */
export function formatClusterSection(rows: readonly ClusterRow[], meta: ClusterMeta): string {
  const notes = _notes(rows);
  return [
    "## 3-node cluster (QUORUM writes)",
    "",
    `- cluster: ${meta.label}; durability: ${meta.durability}`,
    `- sysbench: ${meta.settings}`,
    "- ratio = 3-node TPS / single-node TPS of this run (the `ours` column above)",
    "- lag = time from the coordinator's OK to the row being visible on another node (a probe " +
    `row every ${PROBE_INTERVAL_MS} ms during the run, each node coordinating in turn; ` +
    "includes one poll round trip)",
    "",
    formatClusterTable(rows),
    "",
    "Targets:",
    ...formatTargets(rows),
    ...(notes.length > 0 ? ["", "Notes:", ...notes] : []),
    "",
  ].join("\n");
}
