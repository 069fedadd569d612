import assert from "node:assert/strict";
import {
  type ClusterRow,
  formatClusterSection,
  formatClusterTable,
  formatTargets,
} from "../../../bench/cluster_report.ts";
import type { Outcome } from "../../../bench/report.ts";

function ok(tps: number, p95Ms = 1, p99Ms?: number, ignoredErrors = 0): Outcome {
  return { ok: true, result: { tps, qps: tps, p95Ms, p99Ms, ignoredErrors } };
}

const LAG = { samples: 400, p50Ms: 1.234, p99Ms: 12.5, maxMs: 30, missed: 0, writeErrors: 0 };

const ROWS: ClusterRow[] = [
  {
    workload: "oltp_insert",
    cluster: ok(4000, 2.5, 7.25, 12),
    lag: LAG,
    singleNode: ok(8000),
  },
  {
    workload: "oltp_write_only",
    cluster: ok(300.04, 40, 90.5),
    lag: { ...LAG, p99Ms: 75.5, missed: 2, writeErrors: 1, firstWriteError: "QUORUM not reached" },
    divergence: "node 1: sbtest1 10000 5 | node 2: sbtest1 9999 5",
  },
  { workload: "oltp_read_write", cluster: { ok: false, error: "run: FATAL: lost connection" } },
];

Deno.test("formatClusterTable shows TPS, the single-node ratio, p95/p99 and lag", () => {
  assert.equal(
    formatClusterTable(ROWS),
    [
      "| workload | 3-node TPS | single-node TPS | ratio | p95 ms | p99 ms | lag p50 ms | lag p99 ms | lag samples |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      "| oltp_insert | 4000.0 | 8000.0 | 0.50 | 2.50 | 7.25 | 1.23 | 12.50 | 400 |",
      "| oltp_write_only | 300.0 | - | - | 40.00 | 90.50 | 1.23 | 75.50 | 400 |",
      "| oltp_read_write | failed | - | - | - | - | - | - | - |",
    ].join("\n"),
  );
});

Deno.test("formatTargets judges the insert ratio and the worst lag p99", () => {
  assert.deepEqual(formatTargets(ROWS), [
    "- 3-node oltp_insert / single-node oltp_insert (target >= 0.4): 0.50: met",
    "- replication lag p99 (target < 50 ms): worst 75.50 ms (oltp_write_only): NOT met",
  ]);
  const slow = [{ ...ROWS[0]!, cluster: ok(3000), lag: { ...LAG, p99Ms: 49.99 } }];
  assert.deepEqual(formatTargets(slow), [
    "- 3-node oltp_insert / single-node oltp_insert (target >= 0.4): 0.38: NOT met",
    "- replication lag p99 (target < 50 ms): worst 49.99 ms (oltp_insert): met",
  ]);
  assert.deepEqual(formatTargets([ROWS[2]!]), [
    "- 3-node oltp_insert / single-node oltp_insert (target >= 0.4): not measured " +
    "(needs oltp_insert on both the single node and the cluster)",
    "- replication lag p99 (target < 50 ms): not measured",
  ]);
});

Deno.test("formatClusterSection explains failures, ignored errors, missed lag and divergence", () => {
  const section = formatClusterSection(ROWS, {
    label: "Marmot 3 nodes",
    settings: "--threads=6",
    durability: "SQLite WAL",
  });
  assert.match(section, /^## 3-node cluster \(QUORUM writes\)\n/);
  assert.match(section, /- cluster: Marmot 3 nodes; durability: SQLite WAL/);
  assert.match(section, /- sysbench: --threads=6/);
  assert.match(section, /a probe row every 50 ms/);
  assert.match(section, /- oltp_insert: 12 ignored errors \(retried by sysbench\)/);
  assert.match(section, /- oltp_write_only: 2 lag samples not visible in time/);
  assert.match(section, /- oltp_write_only: 1 probe writes refused \(first: QUORUM not reached\)/);
  assert.match(section, /- oltp_write_only: nodes differ after the run: node 1: sbtest1 10000 5/);
  assert.match(section, /- oltp_read_write: failed: run: FATAL: lost connection/);
  assert.match(section, /Targets:\n- 3-node oltp_insert/);
});
