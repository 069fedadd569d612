/**
 * sysbench `oltp_read_write` (Debian's sysbench 1.0.20, libmariadb driver) with server-side
 * prepared statements: prepare two tables of 1000 rows, run 4 threads for 10 s, clean up.
 * The run must finish without errors and commit transactions, and leave the tables
 * consistent (each transaction deletes and re-inserts one row, so the count stays 1000).
 */
import assert from "node:assert/strict";
import { connect, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

interface Run {
  code: number;
  out: string;
}

async function sysbench(
  port: number,
  command: string,
  extra: string[] = [],
  timeoutMs = 120_000,
): Promise<Run> {
  const child = new Deno.Command("sysbench", {
    args: [
      "oltp_read_write",
      "--db-driver=mysql",
      "--mysql-host=127.0.0.1",
      `--mysql-port=${port}`,
      "--mysql-user=root",
      "--mysql-password=",
      "--mysql-db=sbtest",
      "--tables=2",
      "--table-size=1000",
      ...extra,
      command,
    ],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).spawn();
  const out = await child.output();
  const d = new TextDecoder();
  return { code: out.code, out: d.decode(out.stdout) + d.decode(out.stderr) };
}

/** The first number after `label` in sysbench's report. */
function stat(out: string, label: string): number {
  const m = new RegExp(`^\\s*${label}:\\s+(\\d+)`, "m").exec(out);
  assert.ok(m, `no "${label}:" line in sysbench output:\n${out}`);
  return Number(m[1]);
}

e2eSuite("sysbench oltp_read_write runs without errors", async ({ port, step, target }) => {
  const setup = await connect(port);
  await setup.query("DROP DATABASE IF EXISTS sbtest");
  await setup.query("CREATE DATABASE sbtest");
  await setup.end();

  const prepared = await step("prepare creates and fills the tables", async () => {
    const r = await sysbench(port, "prepare");
    assert.equal(r.code, 0, r.out);
    const conn = await connect(port, { database: "sbtest" });
    try {
      assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM sbtest1"), [{ n: 1000 }]);
      assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM sbtest2"), [{ n: 1000 }]);
      const keys = (await rows<{ Key_name: string }>(conn, "SHOW INDEX FROM sbtest1")).map((k) =>
        k.Key_name
      );
      assert.deepEqual(keys, ["PRIMARY", "k_1"]);
    } finally {
      await conn.end();
    }
  });

  await step("run with prepared statements: transactions and no errors", async () => {
    assert.ok(prepared, "prepare failed, nothing to run");
    const r = await sysbench(port, "run", [
      "--threads=4",
      "--time=10",
      "--db-ps-mode=auto",
      "--report-interval=0",
    ], 60_000);
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /FATAL|error \d+/i, r.out);
    assert.ok(stat(r.out, "transactions") > 0, r.out);
    // sysbench 1.0.20 aborts on any error it does not tolerate; the tolerated ones (deadlock,
    // lock wait timeout) are counted here. InnoDB has a few under 4 threads; a single node
    // that serializes writers must have none.
    const ignored = stat(r.out, "ignored errors");
    if (target.external) console.log(`sysbench on the external server: ${ignored} ignored errors`);
    else assert.equal(ignored, 0, r.out);
    assert.equal(stat(r.out, "reconnects"), 0, r.out);
    const conn = await connect(port, { database: "sbtest" });
    try {
      assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM sbtest1"), [{ n: 1000 }]);
      assert.deepEqual(await rows(conn, "SELECT COUNT(*) AS n FROM sbtest2"), [{ n: 1000 }]);
    } finally {
      await conn.end();
    }
  });

  await step("cleanup drops the tables", async () => {
    const r = await sysbench(port, "cleanup");
    assert.equal(r.code, 0, r.out);
    const conn = await connect(port, { database: "sbtest" });
    try {
      assert.deepEqual(await rows(conn, "SHOW TABLES"), []);
    } finally {
      await conn.end();
    }
  });
});
