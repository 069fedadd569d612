/**
 * End-to-end tests with PHP's mysqlnd (mysqli and PDO with native prepares) when `php` is
 * installed. The in-test Executor stands in for the SQL layer built by other helpers.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./test_server.ts";
import type { MysqlServerOptions } from "../../../src/mysql/server.ts";

const HAVE_PHP = (() => {
  try {
    return Deno.statSync("/usr/bin/php").isFile;
  } catch {
    return false;
  }
})();

const SCRIPT = new URL("./fixtures/mysqlnd_client.php", import.meta.url).pathname;

async function runPhp(options: Partial<MysqlServerOptions>) {
  const t = await startTestServer(options);
  try {
    const out = await new Deno.Command("php", {
      args: [SCRIPT, String(t.port)],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr) + stdout);
    return JSON.parse(stdout);
  } finally {
    await t.close();
  }
}

const EXPECTED_TEXT = [
  "-42",
  "18446744073709551615",
  "1.5",
  "3.14",
  "héllo",
  "2024-03-05 14:07:09.000123",
  "2024-03-05",
  "-26:03:04",
];

for (
  const [name, options] of [
    ["mysql_native_password", {}],
    ["caching_sha2_password full auth (RSA)", {
      greetingPlugin: "caching_sha2_password",
      sha2Cache: "empty",
    }],
  ] as const
) {
  Deno.test({
    name: `PHP mysqlnd (${name}): mysqli text/prepared/multi-query, PDO native prepares, 1045`,
    ignore: !HAVE_PHP,
    fn: async () => {
      const r = await runPhp(options);
      assert.deepEqual(r.text.slice(0, 8), EXPECTED_TEXT);
      assert.equal(r.text[9], null);
      assert.deepEqual(r.prepared, ["42", "héllo", "1.5"]);
      assert.deepEqual(r.binary.slice(0, 8), [
        -42,
        ...EXPECTED_TEXT.slice(1, 2),
        1.5,
        ...EXPECTED_TEXT.slice(3),
      ]);
      assert.equal(r.multi, 2);
      assert.equal(r.ping, true);
      assert.match(r.stat, /^Uptime: 42 /);
      assert.deepEqual(r.err, [1064, "42000"]);
      assert.deepEqual(r.pdo, ["7", "x"]);
      assert.equal(r.denied, 1045);
    },
  });
}
