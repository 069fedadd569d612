/**
 * End-to-end protocol tests with the real npm `mysql2` client. The in-test Executor
 * stands in for the SQL layer (built by other helpers): it returns canned results and
 * records the parameters the server decoded.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import mysql from "mysql2/promise";
import { startTestServer, type TestServer } from "./test_server.ts";

type Options = Parameters<typeof mysql.createConnection>[0] & object;

async function connect(t: TestServer, options: Partial<Options> = {}) {
  return await mysql.createConnection({
    host: "127.0.0.1",
    port: t.port,
    user: "root",
    password: "",
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...options,
  } as Options);
}

async function expectError(p: Promise<unknown>, errno: number, sqlState?: string) {
  await assert.rejects(p, (e: { errno?: number; sqlState?: string; message?: string }) => {
    assert.equal(e.errno, errno, e.message ?? "");
    if (sqlState) assert.equal(e.sqlState, sqlState);
    return true;
  });
}

Deno.test("mysql2: text query, multi-statements, ping, unknown database", async () => {
  const t = await startTestServer();
  try {
    const c = await connect(t, { multipleStatements: true });
    const [rows] = await c.query("SELECT 1");
    assert.deepEqual(rows, [{ 1: "1" }], "LONGLONG as string under bigNumberStrings");
    const [multi] = await c.query("select 1; insert into t values (1)") as unknown as [unknown[]];
    assert.equal(multi.length, 2);
    assert.equal((multi[1] as { insertId: number }).insertId, 5);
    await c.ping();
    await expectError(c.query("nonsense"), 1064, "42000");
    await c.end();
    assert.equal(t.executor.sessions[0]!.options.clientFoundRows, true, "mysql2 asks FOUND_ROWS");
    await expectError(connect(t, { database: "nope" }), 1049, "42000");
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: text result values of every type decode as mysql2 users expect", async () => {
  const t = await startTestServer();
  try {
    const c = await connect(t);
    const [rows] = await c.query("select types") as unknown as [Record<string, unknown>[]];
    const r = rows[0]!;
    assert.equal(r.i, -42);
    assert.equal(r.big, "18446744073709551615");
    assert.equal(r.d, 1.5);
    assert.equal(r.dec, "3.14");
    assert.equal(r.s, "héllo");
    assert.equal(r.dt, "2024-03-05 14:07:09.000123");
    assert.equal(r.day, "2024-03-05");
    assert.equal(r.t, "-26:03:04");
    assert.deepEqual([...(r.b as Buffer)], [0, 1, 2, 255]);
    assert.equal(r.n, null);
    await c.end();
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: prepared statements send parameters of several types, binary rows back", async () => {
  const t = await startTestServer();
  try {
    const c = await connect(t, { timezone: "Z" });
    const date = new Date(Date.UTC(2024, 2, 5, 14, 7, 9, 123));
    await c.execute("SELECT ?, ?, ?, ?, ?, ?, ?, ?", [
      42,
      -7.25,
      "héllo",
      null,
      Buffer.from([0, 255, 1]),
      date,
      true,
      "x".repeat(300),
    ]);
    const params = t.executor.sessions[0]!.lastParams!;
    assert.equal(params[0], 42);
    assert.equal(params[1], -7.25);
    assert.equal(params[2], "héllo");
    assert.equal(params[3], null);
    assert.ok(params[4] instanceof Uint8Array);
    assert.deepEqual([...(params[4] as Uint8Array)], [0, 255, 1]);
    assert.equal(params[5], "2024-03-05 14:07:09.123000");
    assert.equal(params[6], 1);
    assert.equal(params[7], "x".repeat(300));
    const [rows] = await c.execute("select types") as unknown as [Record<string, unknown>[]];
    const r = rows[0]!;
    assert.equal(r.i, -42);
    assert.equal(r.big, "18446744073709551615");
    assert.equal(r.d, 1.5);
    assert.equal(r.dec, "3.14");
    assert.equal(r.s, "héllo");
    assert.equal(r.dt, "2024-03-05 14:07:09.000123");
    assert.equal(r.day, "2024-03-05");
    assert.equal(r.t, "-26:03:04");
    assert.deepEqual([...(r.b as Buffer)], [0, 1, 2, 255]);
    assert.equal(r.n, null);
    // Executing again reuses the statement (mysql2 caches it per SQL text).
    await c.execute("SELECT ?, ?, ?, ?, ?, ?, ?, ?", [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(t.executor.sessions[0]!.lastParams, [1, 2, 3, 4, 5, 6, 7, 8]);
    await expectError(c.execute("UPDATE t SET a = ?", [1]), 1295);
    await c.end();
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: rows and statements larger than 16 MiB cross the packet split", async () => {
  const t = await startTestServer();
  try {
    const c = await connect(t);
    const size = 17 * 1024 * 1024;
    const [rows] = await c.query(`select big(${size})`) as unknown as [{ big: Buffer }[]];
    assert.equal(rows[0]!.big.length, size);
    const [ok] = await c.query(`insert into t values ('${"y".repeat(size)}')`) as unknown as [
      { affectedRows: number },
    ];
    assert.equal(ok.affectedRows, 1);
    assert.equal(t.executor.sessions[0]!.queries.at(-1)!.length, size + 25);
    await c.end();
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: passwords, wrong password 1045, changeUser", async () => {
  const t = await startTestServer();
  try {
    const c = await connect(t, { user: "root", password: "" });
    await c.query("SELECT 1");
    // (mysql2 replaces an empty changeUser password by the old one, so go root → app.)
    await c.changeUser({ user: "app", password: "secret" });
    assert.equal(t.executor.sessions[1]!.options.user, "app");
    assert.equal(t.executor.sessions[0]!.closed, true);
    await c.query("SELECT 1");
    await c.end();
    await expectError(connect(t, { user: "app", password: "wrong" }), 1045, "28000");
    await assert.rejects(
      connect(t, { user: "ghost", password: "x" }),
      /Access denied for user 'ghost'@'127.0.0.1' \(using password: YES\)/,
    );
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: caching_sha2_password fast auth", async () => {
  const t = await startTestServer({ greetingPlugin: "caching_sha2_password" });
  try {
    const c = await connect(t, { user: "app", password: "secret" });
    await c.query("SELECT 1");
    await c.end();
    const empty = await connect(t, { user: "root", password: "" });
    await empty.end();
    await expectError(connect(t, { user: "app", password: "bad" }), 1045);
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: caching_sha2_password full auth over TCP uses the RSA public key", async () => {
  const t = await startTestServer({ greetingPlugin: "caching_sha2_password", sha2Cache: "empty" });
  try {
    const c = await connect(t, { user: "app", password: "secret" });
    await c.query("SELECT 1");
    await c.end();
    // Now cached: the next login takes the fast path.
    const again = await connect(t, { user: "app", password: "secret" });
    await again.end();
    await expectError(connect(t, { user: "app", password: "bad" }), 1045);
  } finally {
    await t.close();
  }
});

Deno.test("mysql2: caching_sha2_password full auth over the Unix socket sends the password", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sock" });
  await Deno.remove(path);
  const t = await startTestServer({
    greetingPlugin: "caching_sha2_password",
    sha2Cache: "empty",
    unixSocket: path,
  });
  try {
    const c = await connect(t, { socketPath: path, user: "app", password: "secret" });
    await c.query("SELECT 1");
    await c.end();
    assert.equal(t.executor.sessions[0]!.options.host, "localhost");
    await expectError(connect(t, { socketPath: path, user: "app", password: "nope" }), 1045);
  } finally {
    await t.close();
  }
});
