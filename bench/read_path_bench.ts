/**
 * CPU cost of the session layer and SQLite for sysbench's oltp_read_only transaction (BEGIN,
 * 10 point selects, 4 range selects on `c`, COMMIT) without sockets or the protocol layer: a
 * real ClientSession on a database file sysbench prepared (4 tables of 10000 rows). Run it under
 * `--cpu-prof` to see where the session's share goes.
 *   deno run -A bench/read_path_bench.ts <data dir of a node after `sysbench ... prepare`> [txns]
 */
import type { DatabaseSync } from "node:sqlite";
import { DatabaseSync as Sqlite } from "node:sqlite";
import { registerMysqlFunctions } from "../src/sql/functions/mod.ts";
import { defaultSystemVariables } from "../src/sql/system_variables.ts";
import { Translator } from "../src/sql/translator.ts";
import { Connection } from "../src/storage/connection.ts";
import { DatabaseRegistry } from "../src/storage/database_registry.ts";
import type { Replicator } from "../src/session/replicator.ts";
import { SessionManager } from "../src/session/session_manager.ts";

const [dataDir, count] = Deno.args;
if (dataDir === undefined) throw new Error("usage: read_path_bench.ts <data dir> [transactions]");
const transactions = Number(count ?? 5000);
const withFunctions = (db: DatabaseSync) => registerMysqlFunctions(db);
const registry = new DatabaseRegistry(dataDir, {
  connection: { onOpen: withFunctions },
  lock: { timeoutMs: 1000, maxWaiters: 10 },
  runDdl: () => {},
});
const scratch = new Sqlite(":memory:");
withFunctions(scratch);
const sessions = new SessionManager({
  registry,
  translator: new Translator(),
  scratch: new Connection(scratch, { version: 0 }),
  globals: defaultSystemVariables(),
  replicator: {} as Replicator, // read-only transactions replicate nothing
}, { accounts: [{ user: "root", password: "" }], serverVersion: "8.0.32" });
const session = sessions.openSession({
  user: "root",
  host: "localhost",
  connectionId: 1,
  clientFoundRows: false,
  database: "sbtest",
  disconnect: () => {}, // no connection to close: KILL is never issued here
});
const range = (what: string) => `SELECT ${what} FROM sbtest1 WHERE id BETWEEN ? AND ?`;
const point = session.prepare("SELECT c FROM sbtest1 WHERE id=?");
const ranges = [
  session.prepare(range("c")),
  session.prepare(range("SUM(k)")),
  session.prepare(`${range("c")} ORDER BY c`),
  session.prepare(`${range("DISTINCT c")} ORDER BY c`),
];
const spent = { begin: 0, point: 0, range: [0, 0, 0, 0], commit: 0 };
const random = () => 1 + Math.floor(Math.random() * 9900);
async function transaction(timed: boolean): Promise<void> {
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return timed ? d : 0;
  };
  await session.query("BEGIN", { multiStatements: false });
  spent.begin += lap();
  for (let i = 0; i < 10; i++) await session.execute(point, [random()]);
  spent.point += lap();
  for (let i = 0; i < ranges.length; i++) {
    const from = random();
    await session.execute(ranges[i]!, [from, from + 99]);
    spent.range[i]! += lap();
  }
  await session.query("COMMIT", { multiStatements: false });
  spent.commit += lap();
}
for (let i = 0; i < 500; i++) await transaction(false);
const start = performance.now();
for (let i = 0; i < transactions; i++) await transaction(true);
const us = (ms: number) => (ms * 1000 / transactions).toFixed(1);
console.log(
  `${us(performance.now() - start)} µs per transaction: BEGIN ${us(spent.begin)}, ` +
    `10 point selects ${us(spent.point)}, ranges ${spent.range.map(us).join(" / ")} ` +
    `(simple / SUM / ORDER BY / DISTINCT), COMMIT ${us(spent.commit)}`,
);
await session.close();
registry.close();
