import assert from "node:assert/strict";
import { argsWithoutDaemon } from "../../../src/process/daemon.ts";
import { isProcessAlive, readPidFile } from "../../../src/process/pid_file.ts";

const PROGRAM = new URL("./fixtures/daemon_child.ts", import.meta.url).pathname;

Deno.test("argsWithoutDaemon drops every spelling of -daemon and keeps the rest", () => {
  assert.deepEqual(
    argsWithoutDaemon(["-daemon", "--daemon", "-daemon=true", "-pid-file", "p", "-daemonx"]),
    ["-pid-file", "p", "-daemonx"],
  );
});

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("runAsDaemon starts a detached child without -daemon and prints its pid", async () => {
  const dir = await Deno.makeTempDir();
  const pidFile = `${dir}/d.pid`;
  const logFile = `${dir}/d.log`;
  let pid = 0;
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", PROGRAM, "-daemon", "-pid-file", pidFile],
      env: { TEST_LOG_FILE: logFile },
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    pid = Number(new TextDecoder().decode(out.stdout).trim());
    assert.ok(pid > 0);
    assert.equal(readPidFile(pidFile), pid);
    assert.equal(isProcessAlive(pid), true);
    await waitUntil(() => {
      try {
        return Deno.readTextFileSync(logFile).includes("child running");
      } catch {
        return false;
      }
    }, "the child's line in the log file");
    assert.match(Deno.readTextFileSync(logFile), /child running with \["-pid-file",".*d\.pid"\]/);

    // A second daemon on the same pid file is refused while the first runs.
    const again = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", PROGRAM, "-daemon", "-pid-file", pidFile],
    }).output();
    assert.equal(again.code, 1);
    assert.match(new TextDecoder().decode(again.stderr), /names process \d+, which is running/);
  } finally {
    if (pid > 0 && isProcessAlive(pid)) Deno.kill(pid, "SIGKILL");
    await waitUntil(() => !isProcessAlive(pid), "the daemon to die").catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

for (
  const [when, env, code, line] of [
    ["before writing its pid file", { TEST_FAIL_EARLY: "1" }, 3, /child failing on purpose/],
    // A node that wrote its pid file, then found its port taken or its join refused.
    ["after writing its pid file", { TEST_FAIL_AFTER_PID_FILE: "1" }, 4, /failing after its pid/],
  ] as const
) {
  Deno.test(`runAsDaemon exits 1 when the child dies ${when}, before it is ready`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", PROGRAM, "-daemon", "-pid-file", `${dir}/d.pid`],
        env: { ...env, TEST_LOG_FILE: `${dir}/d.log` },
      }).output();
      assert.equal(out.code, 1);
      assert.equal(new TextDecoder().decode(out.stdout), "");
      assert.match(
        new TextDecoder().decode(out.stderr),
        new RegExp(`exited with code ${code} before it was ready; see .*d\\.log`),
      );
      assert.match(await Deno.readTextFile(`${dir}/d.log`), line);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
