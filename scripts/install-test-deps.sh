#!/usr/bin/env bash
# Installs the Debian packages the tests and the benchmark use, only those that are missing:
# the MariaDB client and server (real mysql CLI, reference server for the benchmark), sysbench,
# and PHP with mysqli plus WordPress for the WordPress tests (with its default theme, which
# apt would only pull in as a recommendation, and php-xml for sitemaps and XML-RPC), and iproute2
# (`ip netns`) for the network-partition test, and a JDK (and curl to fetch Connector/J) for
# the JDBC test, and Python's venv module for the SQLAlchemy test, and the drivers of the
# Python, Perl and PHP driver tests (MySQLdb, DBD::MariaDB, DBD::mysql, PDO_MYSQL). Non-interactive; runs
# `apt-get update` at most once. Set MARMOT_SKIP_APT=1 to only report what is missing.
set -euo pipefail

# package -> shell test that succeeds when it is already usable
declare -A check=(
  [mariadb-client]="command -v mariadb"
  [mariadb-server]="test -x /usr/sbin/mariadbd && command -v mariadb-install-db"
  [sysbench]="command -v sysbench"
  [php-cli]="command -v php"
  [php-mysql]="php -m 2>/dev/null | grep -qx mysqli"
  [php-xml]="php -m 2>/dev/null | grep -qx SimpleXML"
  [wordpress]="test -f /usr/share/wordpress/wp-settings.php"
  [wordpress-theme-twentytwentythree]="test -f /usr/share/wordpress/wp-content/themes/twentytwentythree/style.css"
  [iproute2]="command -v ip"
  [openjdk-17-jdk-headless]="command -v javac"
  [curl]="command -v curl"
  [python3-venv]="python3 -c 'import ensurepip, venv'"
  [python3-mysqldb]="/usr/bin/python3 -c 'import MySQLdb'"
  [libdbd-mariadb-perl]="perl -MDBD::MariaDB -e 1"
  [libdbd-mysql-perl]="perl -MDBD::mysql -e 1"
)
order=(mariadb-client mariadb-server sysbench php-cli php-mysql php-xml wordpress
  wordpress-theme-twentytwentythree iproute2 openjdk-17-jdk-headless curl python3-venv
  python3-mysqldb libdbd-mariadb-perl libdbd-mysql-perl)

missing=()
for pkg in "${order[@]}"; do
  bash -c "${check[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "install-test-deps: all present" >&2
  exit 0
fi
echo "install-test-deps: missing: ${missing[*]}" >&2
if [[ "${MARMOT_SKIP_APT:-}" == 1 ]]; then exit 0; fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-test-deps: need root or sudo for apt-get" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Package scripts try to start services (mariadb, apache); in a container or CI there is no
# init to start them and we start our own servers anyway. policy-rc.d answers "not allowed"
# for the duration of the install, then goes away again.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  own_policy=1
fi
cleanup() { if ((own_policy)); then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

$sudo apt-get update -qq
# A failing post-install (a service that cannot start) must not stop us: what matters is
# whether the programs are there afterwards, which is checked below.
$sudo apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" >&2 || echo "install-test-deps: apt-get reported errors; checking the result" >&2

still=()
for pkg in "${missing[@]}"; do
  bash -c "${check[$pkg]}" >/dev/null 2>&1 || still+=("$pkg")
done
if ((${#still[@]} > 0)); then
  echo "install-test-deps: still missing after apt-get: ${still[*]}" >&2
  exit 1
fi
echo "install-test-deps: installed ${missing[*]}" >&2
