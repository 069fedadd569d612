#!/usr/bin/env bash
# Runs the first node of a local cluster (node 1, no seed) in the foreground: MySQL on
# 127.0.0.1:3307, peers on 127.0.0.1:8081. Others join it with
#   bash examples/join-cluster.sh 2 127.0.0.1:8081
# Extra arguments go to the server. See join-cluster.sh for the data directory and the secret.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/join-cluster.sh" 1 none "$@"
