/**
 * Cost of the stored-value triggers (src/sql/ddl/coercion.ts) on sysbench's table:
 * `deno run -A tests/unit/sql/ddl/coercion_bench.ts [rows] [rounds]`. Runs 50k autocommit
 * INSERTs and 50k autocommit UPDATEs of `c` per variant on a WAL file (synchronous=NORMAL, as
 * storage opens them) with every MySQL function registered, alternating variants across rounds
 * and printing medians, with and without the coercion triggers (on this table every coerced
 * column is an integer or a CHAR, so "without" is also what dropping those checks would give),
 * each also inside one transaction, where the fsync-free cost of the triggers shows alone.
 */
import { DatabaseSync } from "node:sqlite";
import { executeDdl } from "../../../../src/sql/ddl/mod.ts";
import { registerMysqlFunctions } from "../../../../src/sql/functions/mod.ts";

const ROWS = Number(Deno.args[0] ?? 50_000);
const ROUNDS = Number(Deno.args[1] ?? 5);
const TABLE = "CREATE TABLE sbtest1 (id INTEGER NOT NULL AUTO_INCREMENT, " +
  "k INTEGER DEFAULT '0' NOT NULL, c CHAR(120) DEFAULT '' NOT NULL, " +
  "pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))";

type Variant =
  | "no triggers"
  | "triggers"
  | "in transaction, no triggers"
  | "in transaction, triggers";
const VARIANTS: Variant[] = [
  "no triggers",
  "triggers",
  "in transaction, no triggers",
  "in transaction, triggers",
];

function digits(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(Math.floor(Math.random() * 10));
  return s;
}

function sysbenchString(groups: number): string {
  return Array.from({ length: groups }, () => digits(11)).join("-");
}

const cValues = Array.from({ length: 1000 }, () => sysbenchString(10));
const padValues = Array.from({ length: 1000 }, () => sysbenchString(5));

function run(variant: Variant): { insert: number; update: number } {
  const dir = Deno.makeTempDirSync({ prefix: "marmot-coercion-bench-" });
  const db = new DatabaseSync(`${dir}/bench.db`);
  try {
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL");
    registerMysqlFunctions(db);
    executeDdl(TABLE, { database: "bench", db });
    executeDdl("CREATE INDEX k_1 ON sbtest1(k)", { database: "bench", db });
    if (!variant.endsWith(", triggers") && variant !== "triggers") {
      for (const r of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").all()) {
        db.exec(`DROP TRIGGER "${String(r.name)}"`);
      }
    }
    const tx = variant.startsWith("in transaction");
    const insert = db.prepare("INSERT INTO sbtest1 (k, c, pad) VALUES (?, ?, ?)");
    const update = db.prepare("UPDATE sbtest1 SET c = ? WHERE id = ?");
    if (tx) db.exec("BEGIN");
    const t0 = performance.now();
    for (let i = 0; i < ROWS; i++) {
      insert.run(i % 10_000, cValues[i % 1000]!, padValues[i % 1000]!);
    }
    const t1 = performance.now();
    for (let i = 0; i < ROWS; i++) update.run(cValues[(i + 7) % 1000]!, i + 1);
    const t2 = performance.now();
    if (tx) db.exec("COMMIT");
    return { insert: (1000 * (t1 - t0)) / ROWS, update: (1000 * (t2 - t1)) / ROWS };
  } finally {
    db.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

const results = new Map<Variant, { insert: number[]; update: number[] }>();
for (let round = 0; round < ROUNDS; round++) {
  for (const v of VARIANTS) {
    const r = run(v);
    const acc = results.get(v) ?? { insert: [], update: [] };
    acc.insert.push(r.insert);
    acc.update.push(r.update);
    results.set(v, acc);
  }
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`${ROWS} rows per run, ${ROUNDS} rounds, median µs per statement`);
for (const [v, r] of results) {
  console.log(
    `${v.padEnd(30)} insert ${median(r.insert).toFixed(2).padStart(6)}   update ${
      median(r.update).toFixed(2).padStart(6)
    }`,
  );
}
