#!/usr/bin/env bash
# Runs one Marmot node with the embedded default config: data in ./marmot-data, MySQL on
# port 3306, gRPC on 8080. Installs the pinned Deno on first use. Extra arguments are passed
# to the server, e.g.  bash scripts/start.sh -mysql-port 3307 -config my.toml
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deno_bin="$(bash "$repo/scripts/install-deno.sh")"
exec "$deno_bin" run -A "$repo/main.ts" "$@"
