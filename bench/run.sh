#!/usr/bin/env bash
# Benchmark: sysbench OLTP workloads against our node and a throwaway MariaDB, one at a time,
# then against a 3-node QUORUM cluster of ours on this machine (TPS, p95/p99, replication lag).
# Installs only what scripts/install-deno.sh and scripts/install-test-deps.sh install.
#   bash bench/run.sh                      # all six workloads, 30 s each per server; cluster: 4
#   BENCH_TIME=10 BENCH_WORKLOADS=oltp_point_select,oltp_insert bash bench/run.sh
#   BENCH_CLUSTER=0 bash bench/run.sh      # no cluster run
#   BENCH_CLUSTER_THREADS=3 bash bench/run.sh   # sysbench threads over the 3 nodes (default 6)
# Writes bench/results/<date>-<host>.md and prints the table.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno_bin="$(bash "$repo/scripts/install-deno.sh")"
bash "$repo/scripts/install-test-deps.sh"
exec "$deno_bin" run -A "$repo/bench/bench.ts"
