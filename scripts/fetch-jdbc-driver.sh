#!/usr/bin/env bash
# Downloads MySQL Connector/J from Maven Central into .cache/jdbc/ for the JDBC end-to-end test
# (tests/e2e/jdbc_test.ts), checked against Maven's SHA-1, once. Prints the jar's path.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="9.5.0"
name="mysql-connector-j-$version.jar"
dir="$repo/.cache/jdbc"
jar="$dir/$name"
if [[ ! -f $jar ]]; then
  mkdir -p "$dir"
  base="https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/$version/$name"
  curl -fsSL --retry 3 -o "$jar.part" "$base"
  expected="$(curl -fsSL --retry 3 "$base.sha1" | cut -c1-40)"
  actual="$(sha1sum "$jar.part" | cut -c1-40)"
  if [[ $expected != "$actual" ]]; then
    rm -f "$jar.part"
    echo "fetch-jdbc-driver: SHA-1 mismatch for $name" >&2
    exit 1
  fi
  mv "$jar.part" "$jar"
fi
echo "$jar"
