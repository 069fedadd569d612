import assert from "node:assert/strict";
import { isProcessAlive, readPidFile, writePidFile } from "../../../src/process/pid_file.ts";

async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("writePidFile writes this pid and the remover deletes the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/run/marmot.pid`;
    const remove = writePidFile(path);
    assert.equal(await Deno.readTextFile(path), `${Deno.pid}\n`);
    assert.equal(readPidFile(path), Deno.pid);
    remove();
    assert.equal(readPidFile(path), null);
    remove();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writePidFile refuses a pid file naming a live process", async () => {
  const dir = await Deno.makeTempDir();
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  try {
    const path = `${dir}/marmot.pid`;
    await Deno.writeTextFile(path, `${sleeper.pid}\n`);
    assert.throws(
      () => writePidFile(path),
      new RegExp(`pid file ${path} names process ${sleeper.pid}, which is running`),
    );
    assert.equal(readPidFile(path), sleeper.pid);
  } finally {
    sleeper.kill("SIGKILL");
    await sleeper.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writePidFile replaces a stale pid file and leaves a foreign one at removal", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/marmot.pid`;
    const stale = await deadPid();
    assert.equal(isProcessAlive(stale), false);
    await Deno.writeTextFile(path, `${stale}\n`);
    const remove = writePidFile(path);
    assert.equal(readPidFile(path), Deno.pid);
    await Deno.writeTextFile(path, "12345678\n");
    remove();
    assert.equal(readPidFile(path), 12345678);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("isProcessAlive tells running from gone and rejects nonsense pids", async () => {
  assert.equal(isProcessAlive(Deno.pid), true);
  assert.equal(isProcessAlive(await deadPid()), false);
  assert.equal(isProcessAlive(0), false);
  assert.equal(isProcessAlive(-5), false);
});

Deno.test("A pid file is removed when the process calls Deno.exit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/marmot.pid`;
    const child = new URL("./fixtures/pid_exit_child.ts", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), { args: ["run", "-A", child, path] })
      .output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(readPidFile(path), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
