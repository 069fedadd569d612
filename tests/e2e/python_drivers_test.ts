/**
 * Python DB-API drivers unmodified against a node (`drivers/python_dbapi.py`, one step per
 * check): mysql-connector-python (MySQL's own, pure-Python protocol, server-side prepared
 * statements, caching_sha2_password) from the `.cache/python` venv of
 * `scripts/install-python-packages.sh`, and mysqlclient (MySQLdb on libmariadb, Debian's
 * python3-mysqldb) with the system python3. A driver that is not installed is not run.
 */
import { type DriverProgram, driverSuite, runs } from "./support/driver_checks.ts";

const SCRIPT = new URL("./drivers/python_dbapi.py", import.meta.url).pathname;
const VENV_PYTHON = new URL("../../.cache/python/bin/python3", import.meta.url).pathname;
const SYSTEM_PYTHON = "/usr/bin/python3";

const programs: DriverProgram[] = [];
const missing: string[] = [];
if (runs(VENV_PYTHON, ["-c", "import mysql.connector"])) {
  programs.push({
    label: "mysql-connector-python",
    command: VENV_PYTHON,
    args: [SCRIPT, "connector"],
    checks: 17,
  });
} else {
  missing.push("mysql-connector-python (bash scripts/install-python-packages.sh)");
}
if (runs(SYSTEM_PYTHON, ["-c", "import MySQLdb"])) {
  programs.push({
    label: "mysqlclient",
    command: SYSTEM_PYTHON,
    args: [SCRIPT, "mysqldb"],
    checks: 12,
  });
} else {
  missing.push("MySQLdb (apt-get install python3-mysqldb)");
}
if (missing.length > 0) {
  console.warn(`python_drivers_test.ts: not installed: ${missing.join(", ")}`);
}

driverSuite(
  "Python drivers (mysql-connector-python, mysqlclient) work unmodified",
  programs,
  programs.length === 0 ? missing.join(", ") : null,
);
