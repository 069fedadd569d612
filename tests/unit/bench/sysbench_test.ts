import assert from "node:assert/strict";
import { parseSysbenchOutput, sysbenchArgs, sysbenchFailure } from "../../../bench/sysbench.ts";

// A report as sysbench 1.0.20 prints it (oltp_read_write, 3 s, MariaDB).
const REPORT = `sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)

Running the test with following options:
Number of threads: 4
Initializing random number generator from current time


Initializing worker threads...

Threads started!

SQL statistics:
    queries performed:
        read:                            56042
        write:                           15994
        other:                           8000
        total:                           80036
    transactions:                        3997   (1330.14 per sec.)
    queries:                             80036  (26634.72 per sec.)
    ignored errors:                      6      (2.00 per sec.)
    reconnects:                          0      (0.00 per sec.)

General statistics:
    total time:                          3.0035s
    total number of events:              3997

Latency (ms):
         min:                                    0.99
         avg:                                    3.00
         max:                                    9.99
         95th percentile:                        5.09
         sum:                                11999.29

Threads fairness:
    events (avg/stddev):           999.2500/17.71
    execution time (avg/stddev):   2.9998/0.00
`;

Deno.test("parseSysbenchOutput reads TPS, QPS, p95 and ignored errors", () => {
  assert.deepEqual(parseSysbenchOutput(REPORT), {
    tps: 1330.14,
    qps: 26634.72,
    p95Ms: 5.09,
    ignoredErrors: 6,
  });
});

Deno.test("parseSysbenchOutput rejects an incomplete report", () => {
  const cut = REPORT.slice(0, REPORT.indexOf("Latency"));
  assert.throws(() => parseSysbenchOutput(cut), /Cannot read the 95th percentile/);
  assert.throws(() => parseSysbenchOutput(""), /Cannot read transactions/);
});

Deno.test("sysbenchFailure names the first FATAL line", () => {
  const stdout = "sysbench 1.0.20\nFATAL: unable to connect to MySQL server on host " +
    "'127.0.0.1', port 1, aborting...\nFATAL: error 2002: Can't connect\n";
  assert.equal(
    sysbenchFailure(stdout, ""),
    "FATAL: unable to connect to MySQL server on host '127.0.0.1', port 1, aborting...",
  );
  assert.equal(sysbenchFailure("", "Segmentation fault\n"), "Segmentation fault");
});

Deno.test("sysbenchArgs uses the stated settings", () => {
  assert.deepEqual(sysbenchArgs("oltp_insert", "run", { port: 3307, time: 30 }), [
    "oltp_insert",
    "--tables=4",
    "--table-size=10000",
    "--threads=4",
    "--time=30",
    "--db-ps-mode=auto",
    "--db-driver=mysql",
    "--mysql-host=127.0.0.1",
    "--mysql-port=3307",
    "--mysql-user=root",
    "--mysql-password=",
    "--mysql-db=sbtest",
    "--mysql-ssl=off",
    "run",
  ]);
});

Deno.test("parseSysbenchOutput reads p99 from the latency histogram when there is one", () => {
  const histogram = [
    "Latency histogram (values are in milliseconds)",
    "       value  ------------- distribution ------------- count",
    ...Array.from({ length: 98 }, (_, i) => `       ${(1 + i / 100).toFixed(3)} |*  1`),
    "      40.374 |*  1",
    "      99.334 |*  1",
    "",
    "",
  ].join("\n");
  const withHistogram = REPORT.replace("Threads started!\n", `Threads started!\n\n${histogram}`);
  assert.equal(parseSysbenchOutput(withHistogram).p99Ms, 40.374); // rank 99 of 100
  assert.equal("p99Ms" in parseSysbenchOutput(REPORT), false);
});

Deno.test("sysbenchArgs spreads connections over several ports; database, histogram, auto_inc", () => {
  const args = sysbenchArgs("oltp_insert", "run", {
    port: [3307, 3308, 3309],
    time: 10,
    threads: 6,
    database: "marmot",
    histogram: true,
    autoInc: false,
  });
  assert.ok(args.includes("--mysql-port=3307,3308,3309"));
  assert.ok(args.includes("--threads=6"));
  assert.ok(args.includes("--mysql-db=marmot"));
  assert.deepEqual(args.slice(-3), ["--histogram=on", "--auto_inc=off", "run"]);
  assert.ok(
    !sysbenchArgs("oltp_insert", "run", { port: 1, time: 1 }).some((a) => /auto_inc/.test(a)),
  );
});
