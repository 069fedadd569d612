#!/usr/bin/env bash
# Installs the pinned Deno from the npm package `deno` into <repo>/.deno (idempotent) and
# prints the path of the deno binary on stdout. Needs only node and npm.
#   bash scripts/install-deno.sh            -> /path/to/repo/.deno/node_modules/.bin/deno
#   export PATH="$(dirname "$(bash scripts/install-deno.sh)"):$PATH"
set -euo pipefail

DENO_VERSION="2.9.6"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$repo/.deno"
bin="$prefix/node_modules/.bin/deno"

installed_version() {
  [[ -x "$bin" ]] || return 1
  "$bin" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

if [[ "$(installed_version || true)" != "$DENO_VERSION" ]]; then
  command -v npm >/dev/null || { echo "install-deno: npm is required (install Node.js first)" >&2; exit 1; }
  echo "install-deno: installing deno@$DENO_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  # A package.json of our own pins the version, so a later `npm install` there keeps it.
  printf '{"name":"marmot-deno-runtime","private":true,"dependencies":{"deno":"%s"}}\n' \
    "$DENO_VERSION" >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error >&2
  if [[ "$(installed_version || true)" != "$DENO_VERSION" ]]; then
    echo "install-deno: $bin does not report deno $DENO_VERSION after npm install" >&2
    exit 1
  fi
fi
echo "$bin"
