#!/usr/bin/env bash
# Runs node N of a local cluster in the foreground, joining through SEED ("host:port" of any
# member's peer port; "none" for the first node). Ctrl-C or SIGTERM leaves the cluster
# gracefully.
#
#   bash examples/join-cluster.sh N SEED [server flags...]
#   bash examples/join-cluster.sh 2 127.0.0.1:8081
#
# Node N listens on 127.0.0.1 only: MySQL on 3306+N, peers on 8080+N (advertised as
# 127.0.0.1:8080+N), admin HTTP API and /metrics on 9090+N (the peer and snapshot byte streams
# on free ports). Its data and config live in $MARMOT_CLUSTER_DIR/nodeN (default
# ./marmot-cluster/nodeN). Every node of a cluster needs the same MARMOT_CLUSTER_SECRET
# (unset = peer authentication off, with a warning in the log, and the admin API answers 403
# but for /metrics and /admin/cluster/health).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
if (($# < 2)) || [[ ! $1 =~ ^[1-9][0-9]*$ ]]; then
  usage >&2
  exit 2
fi
node_id="$1"
seed="$2"
shift 2
seeds="[]"
if [[ $seed != none ]]; then
  [[ $seed =~ ^[^[:space:]:]+:[0-9]+$ ]] || { echo "join-cluster: SEED must be host:port, got '$seed'" >&2; exit 2; }
  seeds="[\"$seed\"]"
fi

dir="${MARMOT_CLUSTER_DIR:-$PWD/marmot-cluster}/node$node_id"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
grpc_port=$((8080 + node_id))
mysql_port=$((3306 + node_id))
admin_port=$((9090 + node_id))
cat >"$dir/config.toml" <<TOML
# Written by examples/join-cluster.sh.
node_id = $node_id
data_dir = "$dir/data"

[cluster]
grpc_bind_address = "127.0.0.1"
grpc_port = $grpc_port
grpc_advertise_address = "127.0.0.1:$grpc_port"
seed_nodes = $seeds

[mysql]
bind_address = "127.0.0.1"
port = $mysql_port

[admin]
bind_address = "127.0.0.1"
port = $admin_port
TOML

echo "node $node_id: MySQL 127.0.0.1:$mysql_port, peers 127.0.0.1:$grpc_port, admin 127.0.0.1:$admin_port, seed $seed, data $dir/data" >&2
deno_bin="$(bash "$repo/scripts/install-deno.sh")"
exec "$deno_bin" run -A "$repo/main.ts" -config "$dir/config.toml" "$@"
