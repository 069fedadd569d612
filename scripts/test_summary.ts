/**
 * Turns `deno test` output into the one line CI reads: `tests: N passed, N failed`.
 * Test cases and steps each count as one. A run that failed without saying which test
 * failed (type check error, crash, timeout) counts as one more failure, so it is never
 * reported as green.
 *
 * Usage: deno run --allow-read scripts/test_summary.ts <deno-test-output-file> <exit-code>
 * Prints any notes, then the summary line last; exits 1 when anything failed.
 */

/** Counts read from one `deno test` run. */
export interface TestSummary {
  passed: number;
  failed: number;
  ignored: number;
  /** Why the counts are not simply deno's own summary, for the reader of the CI log. */
  notes: string[];
}

// deno test's closing line, e.g. "FAILED | 2 passed (4 steps) | 3 failed (1 step) | 1 ignored (67ms)".
const SUMMARY =
  /^(ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored(?: \((\d+) steps?\))?)?/;

/** Removes ANSI colour codes, which deno writes even into pipes. */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

function _count(match: RegExpExecArray, group: number): number {
  return Number(match[group] ?? 0);
}

/** Reads the counts from the output of `deno test` and the exit code it returned. */
export function summarizeTestOutput(output: string, exitCode: number): TestSummary {
  const lines = stripAnsi(output).split(/\r?\n/);
  const notes: string[] = [];
  let summary: RegExpExecArray | null = null;
  for (const line of lines) summary = SUMMARY.exec(line.trim()) ?? summary;

  let passed: number;
  let failed: number;
  let ignored = 0;
  if (summary) {
    passed = _count(summary, 2) + _count(summary, 3);
    failed = _count(summary, 4) + _count(summary, 5);
    ignored = _count(summary, 6) + _count(summary, 7);
  } else {
    // No closing line: deno stopped early. Count what it reported before stopping.
    passed = lines.filter((l) => / \.\.\. ok( \(|$)/.test(l)).length;
    failed = lines.filter((l) => / \.\.\. FAILED( \(|$)/.test(l)).length;
    notes.push("deno test printed no summary line (it stopped early); counted the result lines");
  }
  if (lines.some((l) => /^error: Type checking failed/.test(l.trim()))) {
    notes.push("Type checking failed: see the TS errors above");
  }
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(
      `deno test exited with code ${exitCode} without naming a failed test; counted as 1 failure`,
    );
  }
  if (ignored > 0) notes.push(`${ignored} ignored (not counted)`);
  return { passed, failed, ignored, notes };
}

/** The line CI reads, exactly. */
export function formatSummaryLine(summary: TestSummary): string {
  return `tests: ${summary.passed} passed, ${summary.failed} failed`;
}

if (import.meta.main) {
  const [file, code] = Deno.args;
  if (file === undefined || code === undefined) {
    console.error("Usage: test_summary.ts <deno-test-output-file> <exit-code>");
    Deno.exit(2);
  }
  const summary = summarizeTestOutput(await Deno.readTextFile(file), Number(code));
  for (const note of summary.notes) console.log(`note: ${note}`);
  console.log(formatSummaryLine(summary));
  Deno.exit(summary.failed > 0 ? 1 : 0);
}
