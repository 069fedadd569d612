import assert from "node:assert/strict";
import { defaultConfig } from "../../../src/config/schema.ts";
import { formatConsoleLine } from "../../../src/config/console_format.ts";
import { createLogger } from "../../../src/config/logger.ts";

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}

Deno.test("createLogger writes JSON lines at info level by default", () => {
  const out = capture();
  const logger = createLogger(defaultConfig().logging, { destination: out });
  logger.debug("hidden");
  logger.info({ port: 3306 }, "ready");
  assert.equal(out.lines.length, 1);
  const record = JSON.parse(out.lines[0]!);
  assert.equal(record.msg, "ready");
  assert.equal(record.port, 3306);
  assert.equal(record.level, 30);
  assert.equal(record.pid, Deno.pid);
});

Deno.test("createLogger logs debug records when verbose", () => {
  const out = capture();
  const logger = createLogger({ ...defaultConfig().logging, verbose: true }, { destination: out });
  logger.debug("shown");
  assert.equal(out.lines.length, 1);
  assert.equal(JSON.parse(out.lines[0]!).level, 20);
});

Deno.test("createLogger console format writes one human line per record", () => {
  const out = capture();
  const logger = createLogger({ ...defaultConfig().logging, format: "console" }, {
    destination: out,
  });
  logger.warn({ db: "marmot", note: "two words" }, "slow query");
  assert.equal(out.lines.length, 1);
  assert.match(
    out.lines[0]!,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN {2}slow query db=marmot note="two words"\n$/,
  );
});

Deno.test("formatConsoleLine shows an error's message and indented stack", () => {
  const line = formatConsoleLine(JSON.stringify({
    level: 50,
    time: 0,
    msg: "failed",
    err: { type: "Error", message: "boom", stack: "Error: boom\n    at x" },
  }));
  assert.equal(
    line,
    "1970-01-01T00:00:00.000Z ERROR failed err=boom\n    Error: boom\n        at x\n",
  );
  assert.equal(formatConsoleLine("not json"), "not json\n");
});

Deno.test("createLogger appends to the configured file and rotates it by size", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/logs/marmot.log`;
    const logging = { ...defaultConfig().logging, file, max_size_mb: 1, max_backups: 2 };
    const logger = createLogger(logging);
    logger.info("first");
    const text = await Deno.readTextFile(file);
    assert.equal(JSON.parse(text.trim()).msg, "first");
    const big = "x".repeat(300 * 1024);
    for (let i = 0; i < 8; i++) logger.info({ big }, `line ${i}`);
    const names = [...Deno.readDirSync(`${dir}/logs`)].map((e) => e.name).sort();
    assert.deepEqual(names, ["marmot.log", "marmot.log.1", "marmot.log.2"]);
    for (const name of names) {
      assert.ok(Deno.statSync(`${dir}/logs/${name}`).size <= 1024 * 1024, name);
    }
    const last = (await Deno.readTextFile(file)).trim().split("\n").at(-1)!;
    assert.equal(JSON.parse(last).msg, "line 7");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
