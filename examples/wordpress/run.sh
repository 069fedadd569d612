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
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

wordpress=/usr/share/wordpress
fail() { echo "run.sh: $*" >&2; exit 1; }
[[ -f $wordpress/wp-settings.php ]] || fail "WordPress is not in $wordpress (apt-get install wordpress)"
command -v php >/dev/null || fail "php is missing (apt-get install php-cli php-mysql)"
php -m | grep -qx mysqli || fail "PHP has no mysqli (apt-get install php-mysql)"
client="$(command -v mariadb || command -v mysql || true)"
[[ -n $client ]] || fail "the mariadb client is missing (apt-get install mariadb-client)"
deno_bin="$(bash "$repo/scripts/install-deno.sh")"

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
site="$dir/site"
if ((grpc_port == 0)); then grpc_port=$((mysql_port + 10000)); fi

node_pid=""
php_pid=""
stop() {
  trap - INT TERM EXIT
  echo
  echo "run.sh: stopping"
  # php -S runs in its own process group (setsid): signal the group, workers included.
  if [[ -n $php_pid ]]; then kill -TERM -- "-$php_pid" 2>/dev/null || true; fi
  if [[ -n $node_pid ]]; then kill -TERM "$node_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# 1. The node.
"$deno_bin" run -A "$repo/main.ts" -data-dir "$dir/data" -mysql-port "$mysql_port" \
  -grpc-port "$grpc_port" >"$dir/node.log" 2>&1 &
node_pid=$!
sql() { "$client" --no-defaults --skip-ssl -h127.0.0.1 -P"$mysql_port" -uroot -e "$1"; }
for _ in $(seq 1 150); do
  if sql "SELECT 1" >/dev/null 2>&1; then break; fi
  kill -0 "$node_pid" 2>/dev/null || fail "the node exited; see $dir/node.log"
  sleep 0.2
done
sql "CREATE DATABASE IF NOT EXISTS wordpress" || fail "cannot create the database"

# 2. A private copy of WordPress: Debian's wp-config.php reads /etc/wordpress, ours does not.
# A copy, not symlinks: PHP resolves symlinks in __DIR__ and would find Debian's config.
if [[ ! -f $site/wp-settings.php ]]; then
  echo "run.sh: copying WordPress into $site"
  mkdir -p "$site"
  cp -rL "$wordpress/." "$site/"
  rm -f "$site/.htaccess" "$site/wp-config.php"
  mkdir -p "$site/wp-content/uploads"
fi
salt() { head -c 48 /dev/urandom | base64 | tr -d '/+=\n'; }
if [[ ! -f $site/wp-config.php ]] || ! grep -q "127.0.0.1:$mysql_port'" "$site/wp-config.php"; then
  cat >"$site/wp-config.php" <<EOF
<?php
// Written by examples/wordpress/run.sh: WordPress on a Marmot node at 127.0.0.1:$mysql_port.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:$mysql_port');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('AUTH_KEY', '$(salt)');
define('SECURE_AUTH_KEY', '$(salt)');
define('LOGGED_IN_KEY', '$(salt)');
define('NONCE_KEY', '$(salt)');
define('AUTH_SALT', '$(salt)');
define('SECURE_AUTH_SALT', '$(salt)');
define('LOGGED_IN_SALT', '$(salt)');
define('NONCE_SALT', '$(salt)');
\$table_prefix = 'wp_';
define('WP_DEBUG', false);
// No automatic updates or update checks: Debian's package is updated by apt.
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEFAULT_THEME', 'twentytwentythree');
// Remove this line if the machine can reach wordpress.org (plugins, themes, translations).
define('WP_HTTP_BLOCK_EXTERNAL', true);
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
EOF
fi
# php -S sends /wp-sitemap.xml and other missing paths with an extension to a 404; this
# router sends them to index.php, as WordPress's .htaccess rules do under Apache.
cat >"$site/marmot-router.php" <<'EOF'
<?php
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = __DIR__ . $path;
if ($path !== '/' && (is_file($file) || is_file(rtrim($file, '/') . '/index.php'))) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
chdir(__DIR__);
require __DIR__ . '/index.php';
EOF

# 3. The web server. Several workers: WordPress sends requests to itself (install, cron).
(cd "$site" && PHP_CLI_SERVER_WORKERS=4 exec setsid php -d sendmail_path=/bin/true \
  -S "127.0.0.1:$http_port" -t "$site" "$site/marmot-router.php") >"$dir/php.log" 2>&1 &
php_pid=$!
sleep 0.5
kill -0 "$php_pid" 2>/dev/null || fail "php -S did not start; see $dir/php.log"

url="http://127.0.0.1:$http_port"
echo "run.sh: Marmot node on 127.0.0.1:$mysql_port (log: $dir/node.log, data: $dir/data)"
echo "run.sh: WordPress at $url/ (first run: $url/wp-admin/install.php)"
echo "run.sh: press Ctrl-C to stop both"
# Whichever stops first (Ctrl-C, a crash) stops the other through the EXIT trap.
wait -n "$php_pid" "$node_pid" || true
