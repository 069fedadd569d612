/**
 * End-to-end tests with the real `mariadb` command-line client (libmariadb). The in-test
 * Executor stands in for the SQL layer (built by other helpers) and returns canned results.
 */
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./test_server.ts";

const HAVE_CLI = (() => {
  try {
    return Deno.statSync("/usr/bin/mariadb").isFile;
  } catch {
    return false;
  }
})();

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("mariadb", {
    args: ["--connect-timeout=5", ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const tcp = (t: TestServer) => ["-h127.0.0.1", `-P${t.port}`];

Deno.test({
  name: "mariadb CLI: select 1, typed values, status, unknown database",
  ignore: !HAVE_CLI,
  fn: async () => {
    const t = await startTestServer();
    try {
      const one = await cli([...tcp(t), "-uroot", "-e", "select 1"]);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stdout, "1\n1\n");
      const types = await cli([...tcp(t), "-uroot", "-N", "-B", "-e", "select types"]);
      assert.equal(types.code, 0, types.stderr);
      const fields = types.stdout.trimEnd().split("\t");
      assert.deepEqual(fields.slice(0, 8), [
        "-42",
        "18446744073709551615",
        "1.5",
        "3.14",
        "héllo",
        "2024-03-05 14:07:09.000123",
        "2024-03-05",
        "-26:03:04",
      ]);
      assert.equal(fields[9], "NULL");
      const status = await cli([...tcp(t), "-uroot", "-e", "status"]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /Server version:\s+8\.0\.32-Marmot/);
      assert.match(status.stdout, /Uptime:\s+42 sec/);
      const bad = await cli([...tcp(t), "-uroot", "nope", "-e", "select 1"]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /ERROR 1049 \(42000\)/);
    } finally {
      await t.close();
    }
  },
});

Deno.test({
  name: "mariadb CLI: mysql_native_password and caching_sha2_password logins",
  ignore: !HAVE_CLI,
  fn: async () => {
    const t = await startTestServer();
    try {
      const ok = await cli([...tcp(t), "-uapp", "-psecret", "-e", "select 1"]);
      assert.equal(ok.code, 0, ok.stderr);
      const wrong = await cli([...tcp(t), "-uapp", "-pwrong", "-e", "select 1"]);
      assert.equal(wrong.code, 1);
      assert.match(
        wrong.stderr,
        /ERROR 1045 \(28000\).*Access denied for user 'app'@'127\.0\.0\.1' \(using password: YES\)/,
      );
      const sha2 = ["--default-auth=caching_sha2_password"];
      const fast = await cli([...tcp(t), ...sha2, "-uapp", "-psecret", "-e", "select 1"]);
      assert.equal(fast.code, 0, fast.stderr);
      const empty = await cli([...tcp(t), ...sha2, "-uroot", "-e", "select 1"]);
      assert.equal(empty.code, 0, empty.stderr);
      const bad = await cli([...tcp(t), ...sha2, "-uapp", "-pnope", "-e", "select 1"]);
      assert.match(bad.stderr, /ERROR 1045/);
      const other = await cli([
        ...tcp(t),
        "--default-auth=dialog",
        "-uapp",
        "-psecret",
        "-e",
        "select 1",
      ]);
      assert.equal(other.code, 0, `AuthSwitch to native: ${other.stderr}`);
    } finally {
      await t.close();
    }
  },
});

Deno.test({
  name: "mariadb CLI: caching_sha2 full authentication needs the Unix socket, then fast auth",
  ignore: !HAVE_CLI,
  fn: async () => {
    const path = await Deno.makeTempFile({ suffix: ".sock" });
    await Deno.remove(path);
    const t = await startTestServer({ unixSocket: path, sha2Cache: "empty" });
    try {
      const sha2 = ["--default-auth=caching_sha2_password", "-uapp", "-psecret", "-e", "select 1"];
      // libmariadb answers "perform full authentication" with the clear-text password even
      // over TCP; the server refuses to look at it there (MySQL does the same).
      const refused = await cli([...tcp(t), ...sha2]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /ERROR 1045/);
      const sock = await cli([`-S${path}`, ...sha2]);
      assert.equal(sock.code, 0, sock.stderr);
      // The socket login filled the cache: TCP now takes the fast path.
      const cached = await cli([...tcp(t), ...sha2]);
      assert.equal(cached.code, 0, cached.stderr);
    } finally {
      await t.close();
    }
  },
});
