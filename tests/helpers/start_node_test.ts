import assert from "node:assert/strict";
import { freePort } from "./free_port.ts";
import { startNode } from "./start_node.ts";

const testdata = (name: string) => new URL(`./testdata/${name}`, import.meta.url).pathname;

async function startError(options: Parameters<typeof startNode>[0]): Promise<Error> {
  try {
    const node = await startNode(options);
    await node.cleanup();
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail("startNode should have failed");
}

Deno.test("startNode reports a server that exits at start, with its exit code and stderr", async () => {
  const error = await startError({ mainModule: testdata("failing_server.ts") });
  assert.match(error.message, /^Marmot node failed to start: process exited with code 3 /);
  assert.match(error.message, /boom: cannot open the data directory/);
  assert.match(error.message, /command: deno run -A .*failing_server\.ts -data-dir /);
});

Deno.test("startNode gives up after its timeout, kills the server and shows its output", async () => {
  const error = await startError({ mainModule: testdata("silent_server.ts"), timeoutMs: 1500 });
  assert.match(error.message, /no MySQL greeting on port \d+ within 1500 ms \(process killed\)/);
  assert.match(error.message, /still starting\.\.\./);
});

Deno.test("startNode waits for the greeting, passes ports and data dir, stops and cleans up", async () => {
  const mysqlPort = freePort();
  const node = await startNode({ mainModule: testdata("greeting_server.ts"), mysqlPort });
  try {
    assert.equal(node.mysqlPort, mysqlPort);
    assert.ok(node.pid > 0);
    assert.ok((await Deno.stat(node.dataDir)).isDirectory);
    await waitFor(() => node.logs().includes("listening"));
    assert.match(
      node.logs(),
      new RegExp(`"-data-dir","${node.dataDir}","-mysql-port","${mysqlPort}"`),
    );
    const exit = await node.stop();
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(node.logs(), /got SIGTERM/);
  } finally {
    await node.cleanup();
  }
  await assert.rejects(Deno.stat(node.dataDir), Deno.errors.NotFound);
});

Deno.test("startNode keeps a data dir it was given and kill() is a SIGKILL", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const node = await startNode({ mainModule: testdata("greeting_server.ts"), dataDir });
    assert.equal(node.dataDir, dataDir);
    assert.deepEqual(await node.kill(), { code: 137, signal: "SIGKILL" });
    await node.cleanup();
    assert.ok((await Deno.stat(dataDir)).isDirectory);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("startNode on the real main.ts fails clearly on a bad config value", async () => {
  const error = await startError({ config: '[mysql]\nport = "abc"\n' });
  assert.match(error.message, /process exited with code [1-9]/);
  assert.match(
    error.message,
    /Invalid config: mysql\.port must be an integer between 1 and 65535, got "abc"/,
  );
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}
