import assert from "node:assert/strict";
import { formatReport, formatTable, type ReportRow } from "../../../bench/report.ts";

const ROWS: ReportRow[] = [
  {
    workload: "oltp_point_select",
    ours: { ok: true, result: { tps: 35000, qps: 35000, p95Ms: 0.2, ignoredErrors: 0 } },
    mariadb: { ok: true, result: { tps: 70000, qps: 70000, p95Ms: 0.1, ignoredErrors: 0 } },
  },
  {
    workload: "oltp_insert",
    ours: { ok: false, error: "prepare: FATAL: syntax error" },
    mariadb: { ok: true, result: { tps: 15300.456, qps: 15300, p95Ms: 1.234, ignoredErrors: 3 } },
  },
];

Deno.test("formatTable shows both sides, the ratio and failures", () => {
  assert.equal(
    formatTable(ROWS),
    [
      "| workload | ours TPS | MariaDB TPS | ratio | ours p95 ms | MariaDB p95 ms |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      "| oltp_point_select | 35000.0 | 70000.0 | 0.50 | 0.20 | 0.10 |",
      "| oltp_insert | failed | 15300.5 | - | - | 1.23 |",
    ].join("\n"),
  );
});

Deno.test("formatReport states each side's durability and explains failures", () => {
  const report = formatReport(ROWS, {
    date: "2025-01-02",
    host: "box",
    cpus: 2,
    settings: "--threads=4",
    oursLabel: "Marmot",
    oursDurability: "SQLite WAL, synchronous=NORMAL",
    mariadbLabel: "MariaDB 10.11",
    mariadbDurability: "innodb_flush_log_at_trx_commit=1",
  });
  assert.match(report, /^# sysbench: Marmot for Deno vs MariaDB \(2025-01-02, box\)/);
  assert.match(report, /- ours: Marmot; durability: SQLite WAL, synchronous=NORMAL/);
  assert.match(report, /- MariaDB: MariaDB 10.11; durability: innodb_flush_log_at_trx_commit=1/);
  assert.match(report, /- oltp_insert, ours: failed: prepare: FATAL: syntax error/);
  assert.match(report, /- oltp_insert, MariaDB: 3 ignored errors/);
});
