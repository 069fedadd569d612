import assert from "node:assert/strict";
import {
  histogramPercentile,
  parseLatencyHistogram,
  percentile,
} from "../../../bench/percentiles.ts";

// The head of a report printed with --histogram=on (sysbench 1.0.20), 20 events.
const HISTOGRAM = `Threads started!

Latency histogram (values are in milliseconds)
       value  ------------- distribution ------------- count
       2.913 |****************************************  10
       3.425 |****************                          4
       3.551 |************                              3
      81.479 |****                                      1
     155.801 |****                                      1
     467.304 |****                                      1

SQL statistics:
    queries performed:
`;

Deno.test("parseLatencyHistogram reads every bucket and stops at the block's end", () => {
  assert.deepEqual(parseLatencyHistogram(HISTOGRAM), [
    { valueMs: 2.913, count: 10 },
    { valueMs: 3.425, count: 4 },
    { valueMs: 3.551, count: 3 },
    { valueMs: 81.479, count: 1 },
    { valueMs: 155.801, count: 1 },
    { valueMs: 467.304, count: 1 },
  ]);
  assert.deepEqual(parseLatencyHistogram("SQL statistics:\n"), []);
});

Deno.test("histogramPercentile rounds the rank to nearest as sysbench does", () => {
  const buckets = parseLatencyHistogram(HISTOGRAM);
  assert.equal(histogramPercentile(buckets, 50), 2.913); // rank 10 of 20
  assert.equal(histogramPercentile(buckets, 52), 2.913); // rank 10.4 rounds to 10
  assert.equal(histogramPercentile(buckets, 53), 3.425); // rank 10.6 rounds to 11
  assert.equal(histogramPercentile(buckets, 85), 3.551); // rank 17
  assert.equal(histogramPercentile(buckets, 95), 155.801); // rank 19
  assert.equal(histogramPercentile(buckets, 99), 467.304); // rank 19.8 rounds to 20
  assert.equal(histogramPercentile(buckets, 100), 467.304);
  assert.equal(histogramPercentile([], 99), undefined);
});

Deno.test("percentile is nearest-rank over unsorted samples", () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1
  assert.equal(percentile(samples, 50), 50);
  assert.equal(percentile(samples, 99), 99);
  assert.equal(percentile(samples, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([3, 1, 2], 50), 2);
  assert.equal(percentile([], 50), undefined);
  assert.deepEqual(samples.slice(0, 2), [100, 99], "the input is not sorted in place");
});
