#!/usr/bin/env bash
# Benchmark: sysbench OLTP workloads against our node and a throwaway MariaDB, one at a time.
# Installs only what scripts/install-deno.sh and scripts/install-test-deps.sh install.
#   bash bench/run.sh                      # all six workloads, 30 s each per server
#   BENCH_TIME=10 BENCH_WORKLOADS=oltp_point_select,oltp_insert bash bench/run.sh
# Writes bench/results/<date>-<host>.md and prints the table.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno_bin="$(bash "$repo/scripts/install-deno.sh")"
bash "$repo/scripts/install-test-deps.sh"
exec "$deno_bin" run -A "$repo/bench/bench.ts"
