import assert from "node:assert/strict";

const CHILD = new URL("./fixtures/shutdown_child.ts", import.meta.url).pathname;

async function startChild(handlerMs: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, String(handlerMs)],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const waitFor = async (text: string): Promise<void> => {
    while (!seen.includes(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`Child stdout ended before "${text}": ${seen}`);
      seen += value;
    }
  };
  const finish = async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    await child.stderr.cancel();
    return { status: await child.status, stdout: seen };
  };
  await waitFor("ready");
  return { child, waitFor, finish };
}

Deno.test("onShutdown runs the handler once on SIGTERM and exits 0", async () => {
  const { child, finish } = await startChild(0);
  child.kill("SIGTERM");
  const { status, stdout } = await finish();
  assert.equal(status.code, 0);
  assert.equal(stdout.match(/handler SIGTERM/g)?.length, 1);
  assert.match(stdout, /handler done/);
});

Deno.test("onShutdown exits at once with 130 on a second signal during the handler", async () => {
  const { child, waitFor, finish } = await startChild(30000);
  child.kill("SIGINT");
  await waitFor("handler SIGINT");
  child.kill("SIGINT");
  const { status, stdout } = await finish();
  assert.equal(status.code, 130);
  assert.doesNotMatch(stdout, /handler done/);
});
