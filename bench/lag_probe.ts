/**
 * Replication lag under load: every `intervalMs` the probe writes one row, each node
 * coordinating in turn, and polls every other node until it shows the row. A sample is the
 * time from the coordinator's OK (its commit) to the first poll that sees the row on one
 * other node, so it includes one poll round trip (a fraction of a millisecond on loopback).
 */
import type { Connection } from "mysql2/promise";
import { connectMysql2 } from "../tests/helpers/mysql2.ts";
import { mysqlCli } from "../tests/helpers/mysql_cli.ts";
import { percentile } from "./percentiles.ts";

/** The probe's table, in the benchmark's database. */
export const LAG_TABLE = "bench_lag";

/** Default time between the starts of two probes. */
export const PROBE_INTERVAL_MS = 50;

/** What one probe run saw. */
export interface LagSummary {
  /** Probes written times the other nodes polled for each. */
  samples: number;
  /** Undefined when there were no samples. */
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** Samples whose row was not visible within the timeout (counted at the timeout). */
  missed: number;
  /** Probe writes the coordinator refused (conflict, consistency not reached, ...). */
  writeErrors: number;
  /** The first refusal's message. */
  firstWriteError?: string;
}

/** Options for `startLagProbe`. */
export interface LagProbeOptions {
  database: string;
  /** Time between the starts of two probes; default `PROBE_INTERVAL_MS`. */
  intervalMs?: number;
  /** Give up on a row after this long; default 5000 ms. */
  visibleTimeoutMs?: number;
}

/** A running probe. */
export interface LagProbe {
  /** Ends the probe after the write in flight and summarises what it measured. */
  stop(): Promise<LagSummary>;
}

/** Percentiles of lag samples (ms), with the counts that qualify them. */
export function summarizeLag(
  samplesMs: readonly number[],
  counts: { missed: number; writeErrors: number; firstWriteError?: string },
): LagSummary {
  const summary: LagSummary = { samples: samplesMs.length, ...counts };
  if (samplesMs.length > 0) {
    summary.p50Ms = percentile(samplesMs, 50);
    summary.p99Ms = percentile(samplesMs, 99);
    summary.maxMs = Math.max(...samplesMs);
  }
  return summary;
}

const _sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * (Re)creates the probe table on the first node and waits until every node has it.
 * @throws {Error} when the table cannot be created or does not reach a node in `timeoutMs`
 */
export async function createLagTable(
  ports: readonly number[],
  database: string,
  timeoutMs = 30000,
): Promise<void> {
  const created = await mysqlCli(
    ports[0]!,
    `DROP TABLE IF EXISTS ${LAG_TABLE}; ` +
      `CREATE TABLE ${LAG_TABLE} (id BIGINT PRIMARY KEY, coordinator INT NOT NULL)`,
    { database },
  );
  if (created.code !== 0) throw new Error(`Cannot create ${LAG_TABLE}: ${created.stderr.trim()}`);
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while ((await mysqlCli(port, `SELECT 1 FROM ${LAG_TABLE}`, { database })).code !== 0) {
      if (Date.now() > deadline) {
        throw new Error(`Table ${LAG_TABLE} did not reach the node on port ${port}`);
      }
      await _sleep(100);
    }
  }
}

/** Polls until `id` is visible; the lag from `committedAt`, or undefined after the timeout. */
async function _visibleAfter(
  conn: Connection,
  id: number,
  committedAt: number,
  timeoutMs: number,
): Promise<number | undefined> {
  for (;;) {
    try {
      const [rows] = await conn.execute(`SELECT id FROM ${LAG_TABLE} WHERE id = ?`, [id]);
      if ((rows as unknown[]).length > 0) return performance.now() - committedAt;
    } catch {
      // A failed poll is retried until the timeout, not counted on its own.
      await _sleep(5);
    }
    if (performance.now() - committedAt > timeoutMs) return undefined;
  }
}

/**
 * Connects to every node and starts probing; the table must exist (`createLagTable`).
 * @example
 * const probe = await startLagProbe(ports, { database: "marmot" });
 * await runLoad();
 * const { p99Ms } = await probe.stop();
 */
export async function startLagProbe(
  ports: readonly number[],
  options: LagProbeOptions,
): Promise<LagProbe> {
  const intervalMs = options.intervalMs ?? PROBE_INTERVAL_MS;
  const timeoutMs = options.visibleTimeoutMs ?? 5000;
  const conns = await Promise.all(
    ports.map((p) => connectMysql2(p, { database: options.database })),
  );
  const samples: number[] = [];
  const counts: { missed: number; writeErrors: number; firstWriteError?: string } = {
    missed: 0,
    writeErrors: 0,
  };
  let stopping = false;

  const loop = (async () => {
    for (let id = 1; !stopping; id++) {
      const started = performance.now();
      const coordinator = id % conns.length;
      try {
        await conns[coordinator]!.execute(
          `INSERT INTO ${LAG_TABLE} (id, coordinator) VALUES (?, ?)`,
          [id, coordinator + 1],
        );
      } catch (error) {
        counts.writeErrors++;
        counts.firstWriteError ??= error instanceof Error ? error.message : String(error);
        await _sleep(intervalMs);
        continue;
      }
      const committedAt = performance.now();
      const others = conns.filter((_, i) => i !== coordinator);
      const lags = await Promise.all(
        others.map((c) => _visibleAfter(c, id, committedAt, timeoutMs)),
      );
      for (const lag of lags) {
        if (lag === undefined) counts.missed++;
        samples.push(lag ?? timeoutMs);
      }
      const rest = intervalMs - (performance.now() - started);
      if (rest > 0) await _sleep(rest);
    }
  })();

  return {
    async stop() {
      stopping = true;
      await loop;
      await Promise.all(conns.map((c) => c.end().catch(() => {})));
      return summarizeLag(samples, counts);
    },
  };
}
