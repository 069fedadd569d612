#!/usr/bin/env bash
# Runs a three-node cluster on this machine until Ctrl-C: node 1 (the seed) then nodes 2 and
# 3 joining it, MySQL on 127.0.0.1:3307, 3308, 3309, peers on 8081..8083 and the admin HTTP
# API on 9091..9093 (see join-cluster.sh). Waits until every node sees the three ALIVE, then
# prints how to connect; exits 1 (stopping the nodes) if a node exits or that takes over 30 s.
# Logs go to $MARMOT_CLUSTER_DIR/nodeN/node.log (default ./marmot-cluster). A cluster secret
# is generated into $MARMOT_CLUSTER_DIR/cluster_secret unless MARMOT_CLUSTER_SECRET is set.
#
#   bash examples/run-cluster.sh
#   bash scripts/test-ddl-replication.sh     # in another terminal
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export MARMOT_CLUSTER_DIR="${MARMOT_CLUSTER_DIR:-$PWD/marmot-cluster}"
mkdir -p "$MARMOT_CLUSTER_DIR"
secret_hint='$MARMOT_CLUSTER_SECRET'
if [[ -z ${MARMOT_CLUSTER_SECRET:-} ]]; then
  secret_file="$MARMOT_CLUSTER_DIR/cluster_secret"
  secret_hint="\$(cat $secret_file)"
  [[ -s $secret_file ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$secret_file"
  MARMOT_CLUSTER_SECRET="$(cat "$secret_file")"
  export MARMOT_CLUSTER_SECRET
fi
bash "$here/../scripts/install-deno.sh" >/dev/null

pids=()
# stop [STATUS]: every node leaves gracefully, then the script exits (0 after Ctrl-C).
stop() {
  trap - INT TERM
  echo "stopping the cluster" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit "${1:-0}"
}
trap 'stop 0' INT TERM

# Each node runs in a session of its own, so a Ctrl-C in the terminal reaches only this script,
# which sends each node one SIGTERM (a node exits at once on a second signal, mid-leave).
start_node() {
  local id="$1" seed="$2"
  mkdir -p "$MARMOT_CLUSTER_DIR/node$id"
  setsid bash "$here/join-cluster.sh" "$id" "$seed" </dev/null >"$MARMOT_CLUSTER_DIR/node$id/node.log" 2>&1 &
  pids+=($!)
}

# The membership file each node rewrites on every change: true when it lists 3 ALIVE.
all_alive() {
  local file="$MARMOT_CLUSTER_DIR/node$1/data/cluster_membership.json"
  [[ -f $file ]] && (($(grep -c '"status": "ALIVE"' "$file") == 3))
}

wait_for() {
  local what="$1" check="$2" arg="$3"
  for _ in $(seq 300); do
    "$check" "$arg" && return 0
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a node exited while waiting for $what; see $MARMOT_CLUSTER_DIR/node*/node.log" >&2; stop 1; }
    done
    sleep 0.1
  done
  echo "timed out waiting for $what; see $MARMOT_CLUSTER_DIR/node*/node.log" >&2
  stop 1
}

peer_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A cluster already running here (or anything else on these ports) would make the nodes fail
# one by one after they rewrote its config files and logs: refuse before touching anything.
for port in 3307 3308 3309 8081 8082 8083 9091 9092 9093; do
  if peer_port_open "$port"; then
    echo "port $port on 127.0.0.1 is in use (a cluster already running?): not starting" >&2
    exit 1
  fi
done

start_node 1 none
wait_for "node 1's peer port" peer_port_open 8081
start_node 2 127.0.0.1:8081
start_node 3 127.0.0.1:8081
for id in 1 2 3; do wait_for "node $id to see 3 ALIVE" all_alive "$id"; done
cat >&2 <<TEXT
cluster ready: 3 nodes ALIVE
  mysql -h127.0.0.1 -P3307 -uroot      (nodes 2 and 3: -P3308, -P3309)
  curl -H "X-Marmot-Secret: $secret_hint" http://127.0.0.1:9091/admin/cluster/members
  (admin API and /metrics of nodes 2 and 3: ports 9092, 9093; /metrics needs no secret)
  logs and data in $MARMOT_CLUSTER_DIR; Ctrl-C stops the cluster
TEXT
wait
