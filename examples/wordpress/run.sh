#!/usr/bin/env bash
# Runs WordPress (Debian's `wordpress` package, unmodified) against one Marmot node:
# starts the node, creates the `wordpress` database, makes a private copy of WordPress with
# its own wp-config.php, serves it with PHP's built-in web server and prints the URL.
# Ctrl-C stops both. Data and the site copy are kept between runs.
#
#   bash examples/wordpress/run.sh [--http-port 8080] [--mysql-port 3306] [--dir DIR]
#
# Needs: php-cli, php-mysql, php-xml, wordpress, wordpress-theme-twentytwentythree and
# mariadb-client (bash scripts/install-test-deps.sh installs them on Debian).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
http_port=8080
mysql_port=3306
grpc_port=0
dir="$PWD/marmot-wordpress"

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --http-port) http_port="$2"; shift 2 ;;
    --mysql-port) mysql_port="$2"; shift 2 ;;
    --grpc-port) grpc_port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "wordpress: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

source "$repo/examples/lib/wordpress.sh"
wp_preflight

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
if ((grpc_port == 0)); then grpc_port=$((mysql_port + 10000)); fi

node_pid=""
wp_pid=""
stop() {
  trap - INT TERM EXIT
  echo
  say "stopping"
  # php -S runs in its own process group: signal the group, workers included.
  if [[ -n $wp_pid ]]; then kill -TERM -- "-$wp_pid" 2>/dev/null || true; fi
  if [[ -n $node_pid ]]; then kill -TERM "$node_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# 1. The node.
"$deno_bin" run -A "$repo/main.ts" -data-dir "$dir/data" -mysql-port "$mysql_port" \
  -grpc-port "$grpc_port" >"$dir/node.log" 2>&1 &
node_pid=$!
wp_wait_sql "$mysql_port" "$node_pid" "$dir/node.log"
wp_sql "$mysql_port" "CREATE DATABASE IF NOT EXISTS wordpress" || fail "cannot create the database"

# 2. A private copy of WordPress with its own wp-config.php, served by PHP's web server.
wp_prepare_site "$dir/site" "$mysql_port" "$dir/salts.txt"
wp_serve "$dir/site" "$http_port" "$dir/php.log"

url="http://127.0.0.1:$http_port"
say "Marmot node on 127.0.0.1:$mysql_port (log: $dir/node.log, data: $dir/data)"
say "WordPress at $url/ (first run: $url/wp-admin/install.php)"
say "press Ctrl-C to stop both"
# Whichever stops first (Ctrl-C, a crash) stops the other through the EXIT trap.
wait -n "$wp_pid" "$node_pid" || true
