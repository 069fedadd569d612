#!/usr/bin/env bash
# Benchmark: sysbench OLTP workloads against our node and a throwaway MariaDB, one at a time,
# then against a 3-node QUORUM cluster of ours on this machine (TPS, p95/p99, replication lag).
# Installs only what scripts/install-deno.sh and scripts/install-test-deps.sh install.
#   bash bench/run.sh                      # all six workloads, 30 s each per server; cluster: 4
#   BENCH_TIME=10 BENCH_WORKLOADS=oltp_point_select,oltp_insert bash bench/run.sh
#   BENCH_CLUSTER=0 bash bench/run.sh      # no cluster run
#   BENCH_CLUSTER_THREADS=3 bash bench/run.sh   # sysbench threads over the 3 nodes (default 24)
#   BENCH_SNAPSHOT=0 bash bench/run.sh     # no snapshot run; BENCH_SNAPSHOT_MB=256: its size (1024)
#   BENCH_CATCHUP=0 bash bench/run.sh      # no catch-up run; BENCH_CATCHUP_DOWN_S=20: downtime (60)
# Writes bench/results/<date>-<host>.md and prints the table.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno_bin="$(bash "$repo/scripts/install-deno.sh")"
bash "$repo/scripts/install-test-deps.sh"
"$deno_bin" run -A "$repo/bench/bench.ts"
# Snapshot transfer (bench/snapshot_bench.ts): BENCH_SNAPSHOT=0 skips it, BENCH_SNAPSHOT_MB sizes it.
if [ "${BENCH_SNAPSHOT:-1}" != "0" ]; then
  "$deno_bin" run -A "$repo/bench/snapshot_bench.ts"
fi
# Catch-up after downtime (bench/catchup_bench.ts): BENCH_CATCHUP=0 skips it.
if [ "${BENCH_CATCHUP:-1}" != "0" ]; then
  "$deno_bin" run -A "$repo/bench/catchup_bench.ts"
fi
