/** Runs sysbench's OLTP workloads against a MySQL port (or several) and reads its report. */
import { histogramPercentile, parseLatencyHistogram } from "./percentiles.ts";

/** The sysbench workloads of the comparison, in table order. */
export const WORKLOADS = [
  "oltp_point_select",
  "oltp_read_only",
  "oltp_write_only",
  "oltp_read_write",
  "oltp_insert",
  "oltp_update_index",
] as const;

/** Figures from one `sysbench ... run` report. */
export interface SysbenchResult {
  tps: number;
  qps: number;
  p95Ms: number;
  /** From the latency histogram, when the run printed one (`histogram: true`). */
  p99Ms?: number;
  /** Ignored errors per the report (deadlocks and the like, retried by sysbench). */
  ignoredErrors: number;
}

/** Options for `runSysbench`. */
export interface RunSysbenchOptions {
  /** Several ports: sysbench gives each new connection the next one in turn. */
  port: number | readonly number[];
  /** Default `sbtest`. */
  database?: string;
  /** Print the latency histogram, from which `p99Ms` is read. */
  histogram?: boolean;
  /** false: ids chosen by sysbench (1..tableSize in prepare) instead of AUTO_INCREMENT. */
  autoInc?: boolean;
  /** Seconds of the `run` phase. */
  time: number;
  threads?: number;
  tables?: number;
  tableSize?: number;
  /** Kill sysbench after this long (a hung server must not hang the benchmark). */
  timeoutMs?: number;
}

function _number(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`Cannot read ${what} from the sysbench report`);
  return Number(match[1]);
}

/**
 * Reads TPS, QPS, p95 latency and ignored errors from sysbench 1.0's report, and p99 from its
 * latency histogram when it printed one.
 * @throws {Error} when the text is not a complete report
 */
export function parseSysbenchOutput(text: string): SysbenchResult {
  const result: SysbenchResult = {
    tps: _number(text, /^\s*transactions:\s+\d+\s+\(([\d.]+) per sec\.\)/m, "transactions"),
    qps: _number(text, /^\s*queries:\s+\d+\s+\(([\d.]+) per sec\.\)/m, "queries"),
    p95Ms: _number(text, /^\s*95th percentile:\s+([\d.]+)/m, "the 95th percentile"),
    ignoredErrors: _number(text, /^\s*ignored errors:\s+(\d+)/m, "ignored errors"),
  };
  const p99Ms = histogramPercentile(parseLatencyHistogram(text), 99);
  if (p99Ms !== undefined) result.p99Ms = p99Ms;
  return result;
}

/** sysbench's reason for failing: its first FATAL line, else the last line it printed. */
export function sysbenchFailure(stdout: string, stderr: string): string {
  const text = `${stdout}\n${stderr}`;
  const fatal = text.split("\n").find((l) => l.startsWith("FATAL:"));
  return (fatal ?? text.trim().split("\n").at(-1) ?? "no output").slice(0, 300);
}

/** The command-line arguments for one phase (`prepare`, `run`, `cleanup`). */
export function sysbenchArgs(
  workload: string,
  phase: "prepare" | "run" | "cleanup",
  options: RunSysbenchOptions,
): string[] {
  return [
    workload,
    `--tables=${options.tables ?? 4}`,
    `--table-size=${options.tableSize ?? 10000}`,
    `--threads=${options.threads ?? 4}`,
    `--time=${options.time}`,
    "--db-ps-mode=auto",
    "--db-driver=mysql",
    "--mysql-host=127.0.0.1",
    `--mysql-port=${[options.port].flat().join(",")}`,
    "--mysql-user=root",
    "--mysql-password=",
    `--mysql-db=${options.database ?? "sbtest"}`,
    "--mysql-ssl=off",
    ...(options.histogram ? ["--histogram=on"] : []),
    ...(options.autoInc === false ? ["--auto_inc=off"] : []),
    phase,
  ];
}

/** Runs one phase; resolves with sysbench's output and exit code (never throws for a failure). */
export async function runSysbench(
  workload: string,
  phase: "prepare" | "run" | "cleanup",
  options: RunSysbenchOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("sysbench", {
    args: sysbenchArgs(workload, phase, options),
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? (options.time + 300) * 1000),
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
