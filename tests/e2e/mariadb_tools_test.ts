/**
 * The client package's admin tools against a node: `mysqladmin` (ping, status, processlist,
 * variables, extended-status, version, refresh and flush-threads (COM_REFRESH), debug
 * (COM_DEBUG), flush-*, create/drop, kill), `mysqlshow` (databases, tables, columns, counts,
 * table status) and `mysqlcheck` (CHECK/ANALYZE/OPTIMIZE per table). mysqlimport and
 * mysqlslap are in cli_test.ts. MariaDB ships the tools under both names.
 */
import assert from "node:assert/strict";
import { mysqlCli, mysqlToolArgs } from "../helpers/mod.ts";
import { e2eSuite } from "./support/suite.ts";

async function tool(name: string, port: number, args: string[]) {
  const out = await new Deno.Command(name, {
    args: [...mysqlToolArgs(port), ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

async function ok(name: string, port: number, args: string[]): Promise<string> {
  const r = await tool(name, port, args);
  assert.equal(r.code, 0, `${name} ${args.join(" ")}: ${r.text}`);
  return r.text;
}

e2eSuite("mysqladmin, mysqlshow and mysqlcheck work unmodified", async ({ port, step }) => {
  await step(
    "mysqladmin ping, status, version, processlist, variables, extended-status",
    async () => {
      assert.match(await ok("mysqladmin", port, ["ping"]), /mysqld is alive/);
      assert.match(
        await ok("mysqladmin", port, ["status"]),
        /^Uptime: \d+ +Threads: \d+ +Questions: \d+/,
      );
      assert.match(await ok("mysqladmin", port, ["version"]), /Server version\s+\d+\.\d+\.\d+/);
      assert.match(
        await ok("mysqladmin", port, ["processlist"]),
        /\| *Id *\| *User *\|.*\n(.|\n)*show processlist/i,
      );
      const vars = await ok("mysqladmin", port, ["variables"]);
      assert.match(vars, /\| *max_allowed_packet *\| *\d+ *\|/);
      assert.match(vars, /\| *version *\| *\d+\.\d+/);
      assert.match(await ok("mysqladmin", port, ["extended-status"]), /\| *Uptime *\| *\d+ *\|/);
    },
  );

  await step(
    "mysqladmin refresh, flush-threads (COM_REFRESH), debug (COM_DEBUG), flush-*",
    async () => {
      for (
        const cmd of [
          "refresh",
          "flush-threads",
          "debug",
          "flush-tables",
          "flush-logs",
          "flush-privileges",
          "flush-status",
          "reload",
        ]
      ) {
        const r = await tool("mysqladmin", port, [cmd]);
        assert.equal(r.code, 0, `${cmd}: ${r.text}`);
        assert.equal(r.text, "", cmd);
      }
      assert.match(await ok("mysqladmin", port, ["ping"]), /alive/);
    },
  );

  await step("mysqladmin create, drop -f, kill of an unknown id is a clear error", async () => {
    await ok("mysqladmin", port, ["create", "e2e_admin"]);
    const dbs = await mysqlCli(port, "SHOW DATABASES LIKE 'e2e_admin'");
    assert.equal(dbs.stdout, "Database (e2e_admin)\ne2e_admin\n");
    assert.match(
      await ok("mysqladmin", port, ["drop", "-f", "e2e_admin"]),
      /Database "e2e_admin" dropped/,
    );
    const kill = await tool("mysqladmin", port, ["kill", "999999"]);
    assert.notEqual(kill.code, 0);
    assert.match(kill.text, /kill failed on 999999; error: 'Unknown thread id: 999999'/);
  });

  const setup = await mysqlCli(
    port,
    "DROP DATABASE IF EXISTS e2e_tools; CREATE DATABASE e2e_tools; USE e2e_tools; " +
      "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50), born DATE); " +
      "CREATE TABLE notes (n INT); INSERT INTO people VALUES (1, 'Ann', '2000-01-02'), (2, 'Bøb', NULL);",
  );
  assert.equal(setup.code, 0, setup.stderr);

  await step(
    "mysqlshow lists databases, tables (with counts), columns and table status",
    async () => {
      assert.match(await ok("mysqlshow", port, []), /\| e2e_tools +\|/);
      assert.match(
        await ok("mysqlshow", port, ["e2e_tools"]),
        /Database: e2e_tools\n(.|\n)*\| notes +\|\n\| people +\|/,
      );
      const counts = await ok("mysqlshow", port, ["-vv", "e2e_tools"]);
      assert.match(counts, /\| people +\| +3 \| +2 \|/);
      const cols = await ok("mysqlshow", port, ["e2e_tools", "people"]);
      assert.match(cols, /\| id +\| int(\(11\))? +\| +\| NO +\| PRI \|/);
      assert.match(cols, /\| name +\| varchar\(50\) +\| \w+_ci +\| YES +\|/);
      assert.match(
        await ok("mysqlshow", port, ["e2e_tools", "people", "bo%"]),
        /Wildcard: bo%(.|\n)*\| born +\| date/,
      );
      assert.match(
        await ok("mysqlshow", port, ["--status", "e2e_tools"]),
        /\| people +\| InnoDB +\|/,
      );
    },
  );

  await step("mysqlcheck check, analyze and optimize answer OK per table", async () => {
    for (const mode of [[], ["--analyze"], ["--optimize"], ["--extended"]]) {
      const out = await ok("mysqlcheck", port, [...mode, "e2e_tools"]);
      // InnoDB on MariaDB adds a note and a "status : OK" line for OPTIMIZE.
      for (const table of ["notes", "people"]) {
        const okLine = new RegExp(`e2e_tools\\.${table}(?: +OK|\\n(?:.+\\n)*?status +: OK)\\n`);
        assert.match(out, okLine, `${mode.join(" ")} ${table}`);
      }
    }
    assert.match(await ok("mysqlcheck", port, ["--all-databases"]), /e2e_tools\.people +OK/);
    const missing = await tool("mysqlcheck", port, ["e2e_tools", "nope"]);
    assert.match(missing.text, /Table 'e2e_tools\.nope' doesn't exist/);
  });
});
