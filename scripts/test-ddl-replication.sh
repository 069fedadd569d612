#!/usr/bin/env bash
# DDL and DML replication check against a running cluster (the reference's script of the same
# name, for any number of nodes >= 2). With the mysql/mariadb CLI it creates a table on node 1,
# inserts on node 1, updates on node 2, deletes on node 1 and drops the table on node 1; after
# each step every node must show the same rows (or no table), waiting up to MARMOT_SYNC_TIMEOUT.
#
#   bash scripts/test-ddl-replication.sh                  # nodes on 127.0.0.1:3307 3308 3309
#   bash scripts/test-ddl-replication.sh 13307 13308      # MySQL ports of the nodes, node 1 first
#   MARMOT_MYSQL_PORTS=13307,13308,13309 bash scripts/test-ddl-replication.sh
#
# The default ports are those of examples/run-cluster.sh. Environment: MARMOT_HOST (127.0.0.1),
# MARMOT_USER (root), MARMOT_PASSWORD (empty), MARMOT_DATABASE (marmot, which every node has),
# MARMOT_SYNC_TIMEOUT (seconds per step, default 10).
# Exit status: 0 all steps matched on every node; 1 a node differed (its rows are printed);
# 2 bad arguments, no client, or a node that cannot be reached.
set -uo pipefail

host="${MARMOT_HOST:-127.0.0.1}"
user="${MARMOT_USER:-root}"
password="${MARMOT_PASSWORD:-}"
database="${MARMOT_DATABASE:-marmot}"
sync_timeout="${MARMOT_SYNC_TIMEOUT:-10}"
if [ "$#" -gt 0 ]; then
  ports=("$@")
else
  IFS=', ' read -r -a ports <<<"${MARMOT_MYSQL_PORTS:-3307,3308,3309}"
fi

die() {
  echo "test-ddl-replication: $*" >&2
  exit 2
}

[ "${#ports[@]}" -ge 2 ] || die "need the MySQL ports of at least 2 nodes, got: ${ports[*]:-none}"
for port in "${ports[@]}"; do
  [[ "$port" =~ ^[0-9]+$ ]] || die "not a port number: '$port'"
done
[[ "$sync_timeout" =~ ^[0-9]+$ ]] || die "MARMOT_SYNC_TIMEOUT must be whole seconds, got '$sync_timeout'"

client="$(command -v mariadb || command -v mysql || true)"
[ -n "$client" ] || die "neither the mariadb nor the mysql client is installed"
if "$client" --version | grep -qi mariadb; then ssl_off=--skip-ssl; else ssl_off=--ssl-mode=DISABLED; fi

# sql NODE_INDEX STATEMENTS: runs them on that node; tab-separated rows without headers.
sql() {
  "$client" --no-defaults --protocol=TCP "--host=$host" "--port=${ports[$1]}" "--user=$user" \
    "--password=$password" "$ssl_off" --connect-timeout=5 --batch --raw --skip-column-names \
    "--database=$database" -e "$2" 2>&1
}

for i in "${!ports[@]}"; do
  out="$(sql "$i" "SELECT 1")" ||
    die "cannot reach node $((i + 1)) at $host:${ports[$i]}: $out"
done

table="ddl_replication_check_$$_$RANDOM"
select_rows="SELECT id, name, qty FROM $table ORDER BY id"

# expect_everywhere STEP QUERY EXPECTED: polls every node until QUERY prints EXPECTED.
expect_everywhere() {
  local step="$1" query="$2" expected="$3" deadline=$((SECONDS + sync_timeout)) i out
  for i in "${!ports[@]}"; do
    while :; do
      out="$(sql "$i" "$query")" && [ "$out" = "$expected" ] && break
      if [ "$SECONDS" -ge "$deadline" ]; then
        {
          echo "FAIL: $step: node $((i + 1)) ($host:${ports[$i]}) differs after ${sync_timeout}s"
          echo "query: $query"
          echo "--- expected"
          printf '%s\n' "$expected"
          echo "--- node $((i + 1)) shows"
          printf '%s\n' "$out"
          echo "(table $database.$table is left in place for inspection)"
        } >&2
        exit 1
      fi
      sleep 0.1
    done
  done
  echo "ok: $step: all ${#ports[@]} nodes agree"
}

# run_on NODE_INDEX STEP STATEMENT: the write itself must succeed.
run_on() {
  local out
  out="$(sql "$1" "$3")" || {
    echo "FAIL: $2: node $(($1 + 1)) ($host:${ports[$1]}) refused it: $out" >&2
    exit 1
  }
}

tab=$'\t'
echo "test-ddl-replication: ${#ports[@]} nodes (${ports[*]}), table $database.$table"

run_on 0 "CREATE TABLE on node 1" \
  "CREATE TABLE $table (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT NOT NULL)"
expect_everywhere "CREATE TABLE on node 1" "SHOW COLUMNS FROM $table" \
  "$(sql 0 "SHOW COLUMNS FROM $table")"
expect_everywhere "CREATE TABLE on node 1 (empty)" "SELECT COUNT(*) FROM $table" "0"

run_on 0 "INSERT on node 1" \
  "INSERT INTO $table (id, name, qty) VALUES (1, 'apple', 10), (2, 'pear', 20), (3, 'plum', 30)"
expect_everywhere "INSERT on node 1" "$select_rows" \
  "1${tab}apple${tab}10
2${tab}pear${tab}20
3${tab}plum${tab}30"

run_on 1 "UPDATE on node 2" "UPDATE $table SET qty = qty + 5, name = 'big pear' WHERE id = 2"
expect_everywhere "UPDATE on node 2" "$select_rows" \
  "1${tab}apple${tab}10
2${tab}big pear${tab}25
3${tab}plum${tab}30"

run_on 0 "DELETE on node 1" "DELETE FROM $table WHERE id = 1"
expect_everywhere "DELETE on node 1" "$select_rows" \
  "2${tab}big pear${tab}25
3${tab}plum${tab}30"

run_on 0 "DROP TABLE on node 1" "DROP TABLE $table"
expect_everywhere "DROP TABLE on node 1" \
  "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$database' AND TABLE_NAME = '$table'" \
  "0"

echo "test-ddl-replication: passed"
