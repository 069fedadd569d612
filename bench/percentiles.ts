/**
 * Percentiles for the benchmark: from sysbench's latency histogram (`--histogram=on`, whose
 * report states only the 95th percentile) and from raw samples (replication lag).
 */

/** One histogram row: `count` events whose latency fell in the bucket shown as `valueMs`. */
export interface HistogramBucket {
  valueMs: number;
  count: number;
}

/** The rows of sysbench's "Latency histogram" block, in order; empty when there is none. */
export function parseLatencyHistogram(text: string): HistogramBucket[] {
  const start = text.indexOf("Latency histogram");
  if (start < 0) return [];
  const buckets: HistogramBucket[] = [];
  // Skip the title and the "value --- distribution --- count" header.
  for (const line of text.slice(start).split("\n").slice(2)) {
    const match = /^\s*([\d.]+)\s+\|\**\s+(\d+)\s*$/.exec(line);
    if (!match) break;
    buckets.push({ valueMs: Number(match[1]), count: Number(match[2]) });
  }
  return buckets;
}

/**
 * The bucket value under which `pct` percent of the events fall, computed as sysbench
 * computes its own percentile (rank rounded to nearest), so p95 here matches its report.
 * @returns undefined for an empty histogram
 */
export function histogramPercentile(
  buckets: readonly HistogramBucket[],
  pct: number,
): number | undefined {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.floor((total * pct) / 100 + 0.5));
  let seen = 0;
  for (const bucket of buckets) {
    seen += bucket.count;
    if (seen >= rank) return bucket.valueMs;
  }
  return buckets.at(-1)!.valueMs;
}

/**
 * Nearest-rank percentile of raw samples (the smallest value with at least `pct` percent of
 * the samples at or below it).
 * @returns undefined for no samples
 */
export function percentile(samples: readonly number[], pct: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((sorted.length * pct) / 100));
  return sorted[rank - 1];
}
