/** The benchmark's markdown report: one row per workload, ours next to MariaDB. */
import type { SysbenchResult } from "./sysbench.ts";

/** One side's outcome for one workload. */
export type Outcome = { ok: true; result: SysbenchResult } | { ok: false; error: string };

/** One workload measured on both servers. */
export interface ReportRow {
  workload: string;
  ours: Outcome;
  mariadb: Outcome;
}

/** What the report says about the run itself. */
export interface ReportMeta {
  date: string;
  host: string;
  cpus: number;
  settings: string;
  oursLabel: string;
  oursDurability: string;
  mariadbLabel: string;
  mariadbDurability: string;
}

function _fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

function _cells(outcome: Outcome): { tps: string; p95: string } {
  if (!outcome.ok) return { tps: "failed", p95: "-" };
  return { tps: _fixed(outcome.result.tps, 1), p95: _fixed(outcome.result.p95Ms, 2) };
}

/** The markdown table: workload | ours TPS | MariaDB TPS | ratio | ours p95 ms | MariaDB p95 ms. */
export function formatTable(rows: readonly ReportRow[]): string {
  const lines = [
    "| workload | ours TPS | MariaDB TPS | ratio | ours p95 ms | MariaDB p95 ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const ours = _cells(row.ours);
    const theirs = _cells(row.mariadb);
    const ratio = row.ours.ok && row.mariadb.ok && row.mariadb.result.tps > 0
      ? _fixed(row.ours.result.tps / row.mariadb.result.tps, 2)
      : "-";
    lines.push(
      `| ${row.workload} | ${ours.tps} | ${theirs.tps} | ${ratio} | ${ours.p95} | ${theirs.p95} |`,
    );
  }
  return lines.join("\n");
}

function _notes(rows: readonly ReportRow[]): string[] {
  const notes: string[] = [];
  for (const row of rows) {
    for (const [side, outcome] of [["ours", row.ours], ["MariaDB", row.mariadb]] as const) {
      if (!outcome.ok) notes.push(`- ${row.workload}, ${side}: failed: ${outcome.error}`);
      else if (outcome.result.ignoredErrors > 0) {
        notes.push(
          `- ${row.workload}, ${side}: ${outcome.result.ignoredErrors} ignored errors ` +
            "(retried by sysbench)",
        );
      }
    }
  }
  return notes;
}

/** The whole report file. */
export function formatReport(rows: readonly ReportRow[], meta: ReportMeta): string {
  const notes = _notes(rows);
  return [
    `# sysbench: Marmot for Deno vs MariaDB (${meta.date}, ${meta.host})`,
    "",
    `- machine: ${meta.host}, ${meta.cpus} CPUs; both servers and sysbench on the same machine, one server at a time`,
    `- sysbench: ${meta.settings}`,
    `- ours: ${meta.oursLabel}; durability: ${meta.oursDurability}`,
    `- MariaDB: ${meta.mariadbLabel}; durability: ${meta.mariadbDurability}`,
    "- ratio = ours TPS / MariaDB TPS",
    "",
    formatTable(rows),
    ...(notes.length > 0 ? ["", "Notes:", ...notes] : []),
    "",
  ].join("\n");
}
