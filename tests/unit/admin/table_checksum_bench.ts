/**
 * CPU time of `checksumTable` per 100k rows and the longest turn it holds the event loop.
 * Run: deno run -A tests/unit/admin/table_checksum_bench.ts [rows]
 * Tables: sysbench's sbtest shape (INTEGER PRIMARY KEY, INT, 120 + 60 characters) and a
 * table without a primary key (rowid hashed) with a REAL, a 32-byte BLOB and a short TEXT.
 */
import { DatabaseSync } from "node:sqlite";
import process from "node:process";
import { checksumTable } from "../../../src/admin/table_checksum.ts";

const ROWS = Number(Deno.args[0] ?? 100_000);
const db = new DatabaseSync(":memory:");
db.exec(`CREATE TABLE sbtest (id INTEGER PRIMARY KEY, k INTEGER, c CHAR(120), pad CHAR(60));
  CREATE TABLE nokey (a REAL, b BLOB, c TEXT)`);
const text = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(48 + (i * 7 + seed) % 43)).join("");
db.exec("BEGIN");
const sbtest = db.prepare("INSERT INTO sbtest VALUES (?, ?, ?, ?)");
const nokey = db.prepare("INSERT INTO nokey VALUES (?, ?, ?)");
for (let i = 1; i <= ROWS; i++) {
  sbtest.run(i, (i * 31) % 100_000, text(120, i), text(60, i));
  nokey.run(i / 3, new Uint8Array(32).fill(i & 255), `row ${i}`);
}
db.exec("COMMIT");

for (const table of ["sbtest", "nokey"]) {
  for (let round = 0; round < 3; round++) {
    let longest = 0;
    let turns = 1;
    let last = performance.now();
    const cpu = process.cpuUsage();
    const start = last;
    const result = await checksumTable(db, table, {
      pause: async () => {
        longest = Math.max(longest, performance.now() - last);
        turns++;
        await new Promise((r) => setTimeout(r, 0));
        last = performance.now();
      },
    });
    longest = Math.max(longest, performance.now() - last);
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const per100k = (ms: number) => (ms * 100_000 / result.rows).toFixed(0);
    console.log(
      `${table}: ${result.rows} rows, ${per100k(cpuMs)} ms CPU ` +
        `(${per100k(performance.now() - start)} ms wall) per 100k rows, ${turns} turns, ` +
        `longest ${longest.toFixed(1)} ms`,
    );
  }
}
