import assert from "node:assert/strict";
import {
  formatSummaryLine,
  stripAnsi,
  summarizeTestOutput,
} from "../../../scripts/test_summary.ts";

const ESC = "\x1b";
const RED_FAILED = `${ESC}[0m${ESC}[31mFAILED${ESC}[0m`;

const GREEN_RUN = `running 2 tests from ./tests/unit/a_test.ts
pass one ... ${ESC}[0m${ESC}[32mok${ESC}[0m (1ms)
with steps ...
  step a ... ok (0ms)
  step b ... ok (0ms)
with steps ... ok (2ms)

${ESC}[0m${ESC}[32mok${ESC}[0m | 2 passed (2 steps) | 0 failed ${ESC}[0m${ESC}[38;5;245m(12ms)${ESC}[0m
`;

const FAILING_RUN = `running 4 tests from ./a_test.ts
pass ... ok (0ms)
fail ... FAILED (1ms)
ign ... ignored (0ms)
steps ...
  s1 ... ok (0ms)
  s2 ... FAILED (0ms)
steps ... FAILED (due to 1 failed step) (1ms)
./b_test.ts (uncaught error)

 FAILURES 

fail => ./a_test.ts:2:6
steps ... s2 => ./a_test.ts:6:11
./b_test.ts (uncaught error)

${RED_FAILED} | 2 passed (4 steps) | 3 failed (1 step) | 1 ignored (67ms)

error: Test failed
`;

const TYPE_ERROR_RUN = `Check a_test.ts
TS2322 [ERROR]: Type 'string' is not assignable to type 'number'.
const x: number = "s";
    at file:///tmp/c_test.ts:1:7

${ESC}[0m${ESC}[1m${ESC}[31merror${ESC}[0m: Type checking failed.
`;

Deno.test("stripAnsi removes colour codes", () => {
  assert.equal(stripAnsi(RED_FAILED), "FAILED");
});

Deno.test("A green run counts test cases and steps", () => {
  const summary = summarizeTestOutput(GREEN_RUN, 0);
  assert.deepEqual(summary, { passed: 4, failed: 0, ignored: 0, notes: [] });
  assert.equal(formatSummaryLine(summary), "tests: 4 passed, 0 failed");
});

Deno.test("A failing run counts failed tests, failed steps and uncaught file errors", () => {
  const summary = summarizeTestOutput(FAILING_RUN, 1);
  assert.equal(formatSummaryLine(summary), "tests: 6 passed, 4 failed");
  assert.equal(summary.ignored, 1);
});

Deno.test("A type check error with no summary counts as one failure", () => {
  const summary = summarizeTestOutput(TYPE_ERROR_RUN, 1);
  assert.equal(formatSummaryLine(summary), "tests: 0 passed, 1 failed");
  assert.ok(summary.notes.some((n) => n.startsWith("Type checking failed")));
});

Deno.test("A run cut short counts the result lines it printed plus the abnormal exit", () => {
  const cut = GREEN_RUN.split("\n").slice(0, 5).join("\n");
  const summary = summarizeTestOutput(cut, 124);
  assert.equal(formatSummaryLine(summary), "tests: 3 passed, 1 failed");
});

Deno.test("A nonzero exit with an all-passed summary is still a failure", () => {
  const summary = summarizeTestOutput(GREEN_RUN, 1);
  assert.equal(formatSummaryLine(summary), "tests: 4 passed, 1 failed");
});

Deno.test("The CLI prints the summary line last and exits 1 on failures", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/out.txt`, FAILING_RUN);
    const script = new URL("../../../scripts/test_summary.ts", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", script, `${dir}/out.txt`, "1"],
    }).output();
    assert.equal(out.code, 1);
    const lines = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
    assert.equal(lines.at(-1), "tests: 6 passed, 4 failed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
