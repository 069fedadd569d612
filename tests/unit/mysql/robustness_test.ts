/**
 * Bad peers and server lifecycle: garbage and truncated packets, oversized packets,
 * SSLRequest, connect timeout, max_connections, draining close, the Unix socket.
 */
import assert from "node:assert/strict";
import { Capability } from "../../../src/mysql/constants.ts";
import { decodeErrPacket } from "../../../src/mysql/packets/err_packet.ts";
import { PacketWriter } from "../../../src/mysql/framing/packet_writer.ts";
import { writeHandshakeResponse41 } from "../../../src/mysql/packets/handshake_response41.ts";
import { CLIENT_CAPS, RawClient } from "./raw_client.ts";
import { startTestServer } from "./test_server.ts";

const enc = (s: string) => [...new TextEncoder().encode(s)];

function errOf(p: { payload: Uint8Array } | null) {
  assert.ok(p, "expected a packet");
  assert.equal(p.payload[0], 0xff, "expected ERR");
  return decodeErrPacket(p.payload);
}

async function assertServes(port: number) {
  const c = await RawClient.connect(port);
  await c.send([0x0e]);
  assert.equal((await c.read())!.payload[0], 0, "another connection is served");
  c.close();
}

Deno.test("A garbage handshake response gets 1043 and only that connection closes", async () => {
  const t = await startTestServer();
  const c = await RawClient.open(t.port);
  await c.read();
  await c.send([1, 2, 3, 4, 5, 6, 7], 1);
  const err = errOf(await c.read());
  assert.equal(err.code, 1043);
  assert.equal(await c.read(500), null, "closed");
  c.close();
  await assertServes(t.port);
  await t.close();
});

Deno.test("Raw garbage bytes on the wire close the connection without crashing the server", async () => {
  const t = await startTestServer();
  const c = await RawClient.open(t.port);
  await c.read();
  await c.writeAll(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  // "GET" announces a 5-million-byte packet: over the 1 MiB pre-auth limit.
  const err = errOf(await c.read());
  assert.equal(err.code, 1153);
  assert.equal(await c.read(500), null);
  c.close();
  await assertServes(t.port);
  await t.close();
});

Deno.test("A truncated command packet gets 1835, is logged, and closes that connection", async () => {
  const t = await startTestServer();
  const c = await RawClient.connect(t.port);
  await c.send([0x16, ...enc("SELECT ?")]);
  for (let i = 0; i < 5; i++) await c.read(); // PREPARE_OK, param def, EOF, column def, EOF
  await c.send([0x17, 1, 0]);
  const err = errOf(await c.read());
  assert.equal(err.code, 1835);
  assert.equal(await c.read(500), null);
  assert.ok(t.logs.some((l) => l.level === "warn" && /Malformed/.test(l.msg)));
  c.close();
  await assertServes(t.port);
  await t.close();
  assert.equal(t.executor.sessions[0]!.closed, true, "session closed with the connection");
});

Deno.test("An empty command packet gets 1047 like an unknown command; the connection goes on", async () => {
  const t = await startTestServer();
  const c = await RawClient.connect(t.port);
  await c.send([]);
  assert.equal(errOf(await c.read()).code, 1047);
  await c.send([0x0e]);
  assert.equal((await c.read())!.payload[0], 0);
  c.close();
  await t.close();
});

Deno.test("A command with a sequence id other than 0 gets 1156 and the connection closes", async () => {
  const t = await startTestServer();
  const c = await RawClient.connect(t.port);
  await c.send([0x03, ...enc("select 1")], 5);
  const err = errOf(await c.read());
  assert.equal(err.code, 1156);
  assert.equal(err.sqlState, "08S01");
  assert.equal(await c.read(500), null);
  c.close();
  await assertServes(t.port);
  await t.close();
});

Deno.test("A packet over max_allowed_packet gets 1153 (08S01) and the connection closes", async () => {
  const t = await startTestServer({ maxAllowedPacket: 1024 });
  const c = await RawClient.connect(t.port);
  await c.send([0x03, ...new Array(1023).fill(0x20)]);
  assert.equal((await c.read())!.payload[0], 0x00, "1024 bytes is still allowed");
  await c.send([0x03, ...new Array(1024).fill(0x20)]);
  const err = errOf(await c.read());
  assert.equal(err.code, 1153);
  assert.equal(err.sqlState, "08S01");
  assert.equal(await c.read(500), null);
  c.close();
  await assertServes(t.port);
  await t.close();
});

Deno.test("A client insisting on TLS (SSLRequest) gets a clear error", async () => {
  const t = await startTestServer();
  const c = await RawClient.open(t.port);
  const greeting = (await c.read())!;
  const caps = greeting.payload[0] === 10 ? CLIENT_CAPS | Capability.SSL : 0;
  const req = new Uint8Array(32);
  new DataView(req.buffer).setUint32(0, caps, true);
  await c.send(req, 1);
  const err = errOf(await c.read());
  assert.equal(err.code, 1043);
  assert.match(err.message, /TLS/);
  c.close();
  await t.close();
});

Deno.test("A client that never answers the greeting is dropped after connectTimeoutMs", async () => {
  const t = await startTestServer({ connectTimeoutMs: 100 });
  const c = await RawClient.open(t.port);
  await c.read();
  const started = Date.now();
  assert.equal(await c.read(3000), null);
  assert.ok(Date.now() - started < 2000);
  c.close();
  await t.close();
});

Deno.test("max_connections: the extra client gets 1040 instead of a greeting", async () => {
  const t = await startTestServer({ maxConnections: 1 });
  const first = await RawClient.connect(t.port);
  const second = await RawClient.open(t.port);
  const p = (await second.read())!;
  const err = decodeErrPacket(p.payload);
  assert.equal(err.code, 1040);
  assert.equal(err.message, "Too many connections");
  assert.equal(await second.read(500), null);
  second.close();
  first.close();
  for (let i = 0; i < 50 && t.server.connectionCount > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await assertServes(t.port);
  await t.close();
});

Deno.test("close() lets a running command finish, then closes sockets and sessions", async () => {
  const t = await startTestServer({ drainTimeoutMs: 2000 });
  const busy = await RawClient.connect(t.port);
  const idle = await RawClient.connect(t.port);
  await busy.send([0x03, ...enc("select sleep(300)")]);
  await new Promise((r) => setTimeout(r, 50));
  const closing = t.close();
  const reply = await busy.readReply();
  assert.equal(reply.length, 5, "the in-flight query's result arrived");
  await closing;
  assert.equal(await busy.read(500), null);
  assert.equal(await idle.read(500), null);
  assert.ok(t.executor.sessions.every((s) => s.closed));
  await assert.rejects(RawClient.connect(t.port));
  busy.close();
  idle.close();
});

Deno.test("close() gives up on a command after the grace period", async () => {
  const t = await startTestServer({ drainTimeoutMs: 100 });
  const busy = await RawClient.connect(t.port);
  await busy.send([0x03, ...enc("select sleep(1500)")]);
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  const closing = t.close();
  assert.equal(await busy.read(1000), null, "socket closed before the query finished");
  assert.ok(Date.now() - started < 1000);
  await closing;
  busy.close();
});

Deno.test("Unix socket: listens with the given mode and serves clients", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sock" });
  await Deno.remove(path);
  const t = await startTestServer({ unixSocket: path, unixSocketMode: 0o600 });
  const info = await Deno.stat(path);
  assert.equal(info.mode! & 0o777, 0o600);
  const conn = await Deno.connect({ path, transport: "unix" });
  const c = new RawClient(conn);
  const greeting = await c.read();
  assert.equal(greeting!.payload[0], 0x0a);
  c.close();
  await t.close();
  await assert.rejects(Deno.stat(path), "socket file removed on close");
});

Deno.test("close() does not wait for a client that never finished the handshake", async () => {
  const t = await startTestServer({ drainTimeoutMs: 5000, connectTimeoutMs: 10_000 });
  const c = await RawClient.open(t.port);
  await c.read();
  const started = Date.now();
  await t.close();
  assert.ok(Date.now() - started < 1000, `close took ${Date.now() - started} ms`);
  assert.equal(await c.read(500), null);
  c.close();
});

Deno.test("A client hanging up during an auth switch is not logged as an error", async () => {
  const t = await startTestServer();
  const c = await RawClient.open(t.port);
  await c.read();
  const w = new PacketWriter();
  w.sequenceId = 1;
  writeHandshakeResponse41(w, {
    capabilities: CLIENT_CAPS,
    maxPacketSize: 1 << 24,
    collation: 45,
    user: "app",
    authResponse: new Uint8Array(0),
    database: null,
    authPluginName: "client_ed25519",
    attributes: new Map(),
  });
  await c.writeAll(w.view());
  const sw = (await c.read())!;
  assert.equal(sw.payload[0], 0xfe, "AuthSwitchRequest for an unknown plugin");
  c.close();
  for (let i = 0; i < 50 && t.server.connectionCount > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepEqual(t.logs.filter((l) => l.level === "error" || l.level === "warn"), []);
  await t.close();
});
