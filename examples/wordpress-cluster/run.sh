#!/usr/bin/env bash
# Three Marmot nodes on this machine and three WordPress instances (Debian's `wordpress`
# package, PHP's built-in web server), each instance talking to its own node, writes at
# QUORUM. One database content, three sites: install on site 1, write anywhere, read anywhere.
#
#   bash examples/wordpress-cluster/run.sh up [--dir DIR] [--http-port 8091]
#   bash examples/wordpress-cluster/run.sh status [--dir DIR]
#   bash examples/wordpress-cluster/run.sh down [--dir DIR]
#
# The nodes are examples/join-cluster.sh's: node i (1..3) on MySQL 3306+i, peers 8080+i, admin
# API 9090+i; its WordPress is on http-port+i-1. Everything lives in DIR (default
# ./marmot-wordpress-cluster) and is kept by `down`; delete DIR to start over. Needs what
# examples/wordpress/run.sh needs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$repo/examples/lib/wordpress.sh"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
command="${1:-}"
[[ $command == up || $command == status || $command == down ]] || { usage >&2; exit 2; }
shift
dir="$PWD/marmot-wordpress-cluster"
http_port=""
while (($#)); do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --http-port) http_port="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "$WP_PROG: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ $command == up ]]; then mkdir -p "$dir"; fi
[[ -d $dir ]] || fail "no $dir (run.sh up first)"
dir="$(cd "$dir" && pwd)"
NODES=(1 2 3)
# `up` records the first HTTP port here: `status` and the next `up` read it.
port_file="$dir/http_port"
if [[ -z $http_port ]]; then
  http_port="$(cat "$port_file" 2>/dev/null || echo 8091)"
fi
mysql_port() { echo $((3306 + $1)); }

running() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
node_pid_file() { echo "$dir/node$1/node.pid"; }
wp_pid_file() { echo "$dir/wp$1/php.pid"; }

# What node $1's membership file (written on every change) says: "1:ALIVE 2:ALIVE 3:ALIVE".
membership() {
  local file="$dir/node$1/data/cluster_membership.json"
  [[ -f $file ]] || return 0
  php -r '$nodes = json_decode(file_get_contents($argv[1]), true)["nodes"] ?? [];
    usort($nodes, fn($a, $b) => $a["node_id"] <=> $b["node_id"]);
    foreach ($nodes as $n) echo $n["node_id"], ":", $n["status"], " ";' "$file"
}

# start_node I SEED: node I through examples/join-cluster.sh, in the background in its own
# session; the node writes its pid file and removes it at exit.
start_node() {
  local i="$1" pid
  mkdir -p "$dir/node$i"
  MARMOT_CLUSTER_DIR="$dir" MARMOT_CLUSTER_SECRET="$(cat "$dir/cluster_secret")" \
    setsid bash "$repo/examples/join-cluster.sh" "$i" "$2" -pid-file "$(node_pid_file "$i")" \
    </dev/null >>"$dir/node$i/node.log" 2>&1 &
  pid=$!
  wp_wait_sql "$(mysql_port "$i")" "$pid" "$dir/node$i/node.log"
}

wait_all_alive() {
  local i view
  for _ in $(seq 1 300); do
    local ready=0
    for i in "${NODES[@]}"; do
      view="$(membership "$i")"
      [[ $view == "1:ALIVE 2:ALIVE 3:ALIVE " ]] && ready=$((ready + 1))
    done
    ((ready == 3)) && return 0
    sleep 0.2
  done
  for i in "${NODES[@]}"; do echo "node $i sees: $(membership "$i")" >&2; done
  fail "the three nodes did not all see each other ALIVE within 60 s"
}

# The database is created once, on node 1, and must reach the other nodes by replication.
create_database() {
  wp_sql "$(mysql_port 1)" "CREATE DATABASE IF NOT EXISTS wordpress" || fail "cannot create the database"
  local i
  for i in 2 3; do
    for _ in $(seq 1 50); do
      [[ -n $(wp_sql "$(mysql_port "$i")" "SHOW DATABASES LIKE 'wordpress'" -N) ]] && continue 2
      sleep 0.2
    done
    fail "the database created on node 1 did not reach node $i within 10 s"
  done
}

# signal_all SIGNAL: signals every process of the example (PHP's whole process groups).
signal_all() {
  local file
  for file in "$dir"/wp*/php.pid; do
    running "$file" && kill "-$1" -- "-$(cat "$file")" 2>/dev/null
  done
  for file in "$dir"/node*/node.pid; do
    running "$file" && kill "-$1" "$(cat "$file")" 2>/dev/null
  done
  return 0
}

down() {
  signal_all TERM
  for _ in $(seq 1 100); do
    local left=0 file
    for file in "$dir"/wp*/php.pid "$dir"/node*/node.pid; do
      if running "$file"; then left=$((left + 1)); fi
    done
    ((left == 0)) && break
    sleep 0.2
  done
  if ((left > 0)); then
    echo "$WP_PROG: $left processes still running after 20 s: killing them" >&2
    signal_all KILL
  fi
  rm -f "$dir"/wp*/php.pid "$dir"/node*/node.pid
}

up() {
  for i in "${NODES[@]}"; do
    if running "$(node_pid_file "$i")" || running "$(wp_pid_file "$i")"; then
      fail "already up (run.sh status --dir $dir; run.sh down --dir $dir first)"
    fi
  done
  wp_preflight
  # Another cluster on these ports would answer for the nodes that fail to bind them.
  local port
  for port in 3307 3308 3309 8081 8082 8083 9091 9092 9093 "$http_port" $((http_port + 1)) \
    $((http_port + 2)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      fail "port $port is already in use (examples/run-cluster.sh running?): not starting"
    fi
  done
  echo "$http_port" >"$port_file"
  [[ -s $dir/cluster_secret ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/cluster_secret"
  # Whatever fails from here on stops what was started.
  trap 'echo "$WP_PROG: up failed: stopping what started" >&2; down' EXIT

  say "starting three nodes"
  # Node 1 is the seed: the others join through its peer port (8080 + 1).
  start_node 1 none
  start_node 2 127.0.0.1:8081 &
  start_node 3 127.0.0.1:8081 &
  wait -n && wait -n || fail "a node did not start"
  wait_all_alive
  create_database

  # Uploads are files, not rows: the three instances share one directory, as real
  # deployments share a volume or object store.
  mkdir -p "$dir/uploads"
  for i in "${NODES[@]}"; do
    local url="http://127.0.0.1:$((http_port + i - 1))"
    mkdir -p "$dir/wp$i"
    wp_prepare_site "$dir/wp$i/site" "$(mysql_port "$i")" "$dir/salts.txt" "$url"
    rm -rf "$dir/wp$i/site/wp-content/uploads"
    ln -s "$dir/uploads" "$dir/wp$i/site/wp-content/uploads"
    wp_serve "$dir/wp$i/site" "$((http_port + i - 1))" "$dir/wp$i/php.log"
    echo "$wp_pid" >"$(wp_pid_file "$i")"
  done
  trap - EXIT

  for i in "${NODES[@]}"; do
    say "node $i: MySQL 127.0.0.1:$(mysql_port "$i"), WordPress http://127.0.0.1:$((http_port + i - 1))/"
  done
  say "first run: install at http://127.0.0.1:$http_port/wp-admin/install.php"
  say "logs: $dir/node*/node.log, $dir/wp*/php.log; stop with: $0 down --dir $dir"
}

status() {
  client="$(command -v mariadb || command -v mysql || true)"
  local i ok=0 port state posts site page
  for i in "${NODES[@]}"; do
    port="$(mysql_port "$i")"
    state="stopped"
    if running "$(node_pid_file "$i")"; then
      state="running (pid $(cat "$(node_pid_file "$i")"))"
      posts="$(wp_sql "$port" "SELECT COUNT(*) FROM wordpress.wp_posts" -N 2>/dev/null || echo "-")"
      [[ $(membership "$i") == "1:ALIVE 2:ALIVE 3:ALIVE " ]] && ok=$((ok + 1))
      state="$state, sees: $(membership "$i")| wp_posts rows: $posts"
    fi
    echo "node $i  127.0.0.1:$port  $state"
  done
  for i in "${NODES[@]}"; do
    site="http://127.0.0.1:$((http_port + i - 1))/"
    state="stopped"
    if running "$(wp_pid_file "$i")"; then
      page="$(php -r '$h = @get_headers($argv[1]); echo $h ? $h[0] : "no answer";' "$site")"
      state="running (pid $(cat "$(wp_pid_file "$i")")), $page"
      [[ $page == *" 200 "* || $page == *" 302 "* ]] && ok=$((ok + 1))
    fi
    echo "wordpress $i  $site  $state"
  done
  ((ok == 6))
}

case "$command" in
  up) up ;;
  status) status ;;
  down)
    down
    say "stopped (data kept in $dir)"
    ;;
esac
