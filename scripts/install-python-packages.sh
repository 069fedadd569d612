#!/usr/bin/env bash
# Creates .cache/python, a venv with the pinned Python packages the SQLAlchemy and Python driver
# end-to-end tests use (tests/e2e/orm_sqlalchemy_test.ts, tests/e2e/python_drivers_test.ts),
# from PyPI, once. Prints the venv's python.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.cache/python"
packages=(SQLAlchemy==2.0.54 PyMySQL==1.2.3 mysql-connector-python==8.4.0)
if ! "$venv/bin/python3" -c 'import sqlalchemy, pymysql, mysql.connector' >/dev/null 2>&1; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"
fi
echo "$venv/bin/python3"
