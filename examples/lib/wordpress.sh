# Shell functions shared by examples/wordpress/run.sh and examples/wordpress-cluster/run.sh:
# the checks, a private copy of Debian's WordPress with its own wp-config.php, and PHP's
# built-in web server. Source it from a script that sets `repo` (the repository root).

WP_SOURCE=/usr/share/wordpress
WP_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Messages name the example: "wordpress: ..." or "wordpress-cluster: ...".
WP_PROG="$(basename "$(cd "$(dirname "$0")" && pwd)")"

fail() { echo "$WP_PROG: $*" >&2; exit 1; }
say() { echo "$WP_PROG: $*"; }

# Checks the Debian packages and sets `client` (the mariadb/mysql CLI) and `deno_bin`.
wp_preflight() {
  [[ -f $WP_SOURCE/wp-settings.php ]] || fail "WordPress is not in $WP_SOURCE (apt-get install wordpress)"
  command -v php >/dev/null || fail "php is missing (apt-get install php-cli php-mysql)"
  php -m | grep -x mysqli >/dev/null || fail "PHP has no mysqli (apt-get install php-mysql)"
  client="$(command -v mariadb || command -v mysql || true)"
  [[ -n $client ]] || fail "the mariadb client is missing (apt-get install mariadb-client)"
  deno_bin="$(bash "$repo/scripts/install-deno.sh")"
}

# wp_sql PORT SQL [client options...]: runs SQL as root on 127.0.0.1:PORT.
wp_sql() {
  local port="$1" sql="$2"
  shift 2
  "$client" --no-defaults --skip-ssl --connect-timeout=5 -h127.0.0.1 -P"$port" -uroot "$@" -e "$sql"
}

# wp_wait_sql PORT PID LOG: waits until the node (process PID) answers SQL.
wp_wait_sql() {
  for _ in $(seq 1 150); do
    if wp_sql "$1" "SELECT 1" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || fail "the node on port $1 exited; see $3"
    sleep 0.2
  done
  fail "the node on port $1 does not answer; see $3"
}

# wp_salts FILE: WordPress's eight keys and salts as define() lines, made once and kept, so
# logins survive restarts (and instances sharing the file accept each other's cookies).
wp_salts() {
  if [[ ! -f $1 ]]; then
    local key
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT \
      LOGGED_IN_SALT NONCE_SALT; do
      echo "define('$key', '$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')');"
    done >"$1"
  fi
  cat "$1"
}

# wp_prepare_site SITE MYSQL_PORT SALTS_FILE [URL]: copies WordPress into SITE (first time
# only) and writes its wp-config.php and router. URL, when given, is pinned as WP_HOME and
# WP_SITEURL, overriding the `home` and `siteurl` rows of wp_options.
wp_prepare_site() {
  local site="$1" port="$2" salts="$3" url="${4:-}"
  # A copy, not symlinks: PHP resolves symlinks in __DIR__ and would find Debian's
  # wp-config.php, which reads /etc/wordpress/config-<host>.php.
  if [[ ! -f $site/wp-settings.php ]]; then
    say "copying WordPress into $site"
    mkdir -p "$site"
    cp -rL "$WP_SOURCE/." "$site/"
    rm -f "$site/.htaccess" "$site/wp-config.php"
    mkdir -p "$site/wp-content/uploads"
  fi
  local pinned=""
  if [[ -n $url ]]; then
    pinned="// This instance's own address, whatever wp_options says (see the README).
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');"
  fi
  cat >"$site/wp-config.php" <<EOF
<?php
// Written by examples/$WP_PROG/run.sh: WordPress on the Marmot node at 127.0.0.1:$port.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:$port');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$(wp_salts "$salts")
\$table_prefix = 'wp_';
$pinned
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
  cp "$WP_LIB/marmot-router.php" "$site/marmot-router.php"
}

# wp_serve SITE HTTP_PORT LOG: starts PHP's web server on SITE in the background and sets
# `wp_pid`. php -S runs in its own process group (setsid), so `kill -- -$wp_pid` stops its
# workers too. Several workers: WordPress sends requests to itself (install, cron).
wp_serve() {
  local site="$1" port="$2" log="$3"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is already in use"; fi
  (cd "$site" && PHP_CLI_SERVER_WORKERS=4 exec setsid php -d sendmail_path=/bin/true \
    -S "127.0.0.1:$port" -t "$site" "$site/marmot-router.php") </dev/null >"$log" 2>&1 &
  wp_pid=$!
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$wp_pid" 2>/dev/null || fail "php -S did not start on port $port; see $log"
    sleep 0.1
  done
  fail "php -S does not listen on port $port; see $log"
}
