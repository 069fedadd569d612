import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/config/logger.ts";
import { encodeEnvelope } from "../../../src/cluster/envelope_codec.ts";
import type { EnvelopeStream, OutboundEnvelopeStream } from "../../../src/cluster/peer_rpc.ts";
import {
  connectPeerStream,
  MAX_STREAM_FRAME_BYTES,
  PeerStreamDialer,
  PeerStreamRefusedError,
  PeerStreamServer,
} from "../../../src/cluster/peer_stream.ts";
import type { WireEnvelope } from "../../../src/cluster/proto.ts";
import { freePort } from "../../helpers/free_port.ts";

const SECRET = "s3cret";

function envelope(id: number, body: Uint8Array): WireEnvelope {
  return { frames: [{ id, kind: "k", body, reply: false, error: "", error_code: 0 }] };
}

/** A server whose accepted streams and refusals are recorded. */
function server() {
  const accepted: Array<
    { stream: EnvelopeStream; from: number; got: WireEnvelope[]; ended: boolean }
  > = [];
  const errors: Error[] = [];
  const refused: string[] = [];
  const s = new PeerStreamServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    logger: createLogger(defaultConfig().logging, { destination: { write: () => {} } }),
    onStream: (stream, from) => {
      const entry = { stream, from, got: [] as WireEnvelope[], ended: false };
      stream.on("data", (e) => entry.got.push(e));
      stream.on("end", () => entry.ended = true);
      stream.on("error", (e) => errors.push(e));
      accepted.push(entry);
    },
    onRefused: (_peer, claimed, reason) => refused.push(`${claimed}: ${reason}`),
  });
  const port = s.start();
  return { s, port, accepted, errors, refused, [Symbol.dispose]: () => s.close() };
}

function connect(port: number, secret = SECRET, selfNodeId = 7) {
  return connectPeerStream({ host: "127.0.0.1", port, selfNodeId, secret, connectTimeoutMs: 1000 });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function hello(nodeId: number, secret: string): Uint8Array {
  const s = new TextEncoder().encode(secret);
  const out = new Uint8Array(10 + s.length);
  out.set([0x4d, 0x50, 0x53, 0x31]);
  new DataView(out.buffer).setUint32(4, nodeId);
  new DataView(out.buffer).setUint16(8, s.length);
  out.set(s, 10);
  return out;
}

Deno.test("peer stream: envelopes travel both ways in order, large ones across many reads", async () => {
  using srv = server();
  const client = await connect(srv.port);
  const back: WireEnvelope[] = [];
  client.on("data", (e) => back.push(e));
  const big = new Uint8Array(5 * 1024 * 1024).map((_, i) => i % 251);
  for (let i = 1; i <= 100; i++) client.write(envelope(i, Uint8Array.of(i)));
  client.write(envelope(101, big));
  await until(() => srv.accepted[0]?.got.length === 101, "101 envelopes");
  const { stream, from, got } = srv.accepted[0]!;
  assert.equal(from, 7, "the hello's node id");
  assert.deepEqual(
    got.slice(0, 100).map((e) => e.frames[0]!.id),
    [...Array(100)].map((_, i) => i + 1),
  );
  assert.deepEqual(got[100]!.frames[0]!.body, big);
  stream.write(envelope(5, Uint8Array.of(9)));
  await until(() => back.length === 1, "the reply");
  assert.deepEqual(back[0]!.frames[0]!.body, Uint8Array.of(9));
  client.cancel();
});

Deno.test("peer stream: a wrong secret or a foreign hello is refused, and the server goes on serving", async () => {
  using srv = server();
  await assert.rejects(connect(srv.port, "wrong"), (e: unknown) => {
    assert.ok(e instanceof PeerStreamRefusedError);
    assert.match(e.message, /invalid cluster secret/);
    return true;
  });
  await assert.rejects(connect(srv.port, ""), /missing cluster secret/);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: srv.port });
  await conn.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  const answer = new Uint8Array(256);
  const n = await conn.read(answer);
  assert.equal(answer[0], 1, "a refusal");
  assert.match(new TextDecoder().decode(answer.subarray(3, n!)), /not a peer stream hello/);
  assert.equal(await conn.read(answer), null, "then the connection closes");
  conn.close();
  assert.deepEqual(srv.refused, [
    "7: invalid cluster secret",
    "7: missing cluster secret",
    "undefined: not a peer stream hello",
  ]);
  const ok = await connect(srv.port);
  ok.write(envelope(1, Uint8Array.of(1)));
  await until(() => srv.accepted.length === 1 && srv.accepted[0]!.got.length === 1, "a good one");
  ok.cancel();
});

Deno.test("peer stream: an envelope split into single bytes is joined; an oversized length fails only that stream", async () => {
  using srv = server();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: srv.port });
  await conn.write(hello(3, SECRET));
  const accepted = new Uint8Array(1);
  await conn.read(accepted);
  assert.equal(accepted[0], 0);
  const bytes = encodeEnvelope(envelope(42, Uint8Array.of(1, 2, 3)), true);
  for (const b of bytes) await conn.write(Uint8Array.of(b));
  await until(() => srv.accepted[0]?.got.length === 1, "the envelope");
  assert.deepEqual(srv.accepted[0]!.got[0]!.frames[0]!.body, Uint8Array.of(1, 2, 3));
  const tooLong = new Uint8Array(4);
  new DataView(tooLong.buffer).setUint32(0, MAX_STREAM_FRAME_BYTES + 1);
  await conn.write(tooLong);
  await until(() => srv.errors.length === 1, "the stream's error");
  assert.match(srv.errors[0]!.message, /over the limit/);
  assert.equal(await conn.read(new Uint8Array(16)), null, "its connection is closed");
  conn.close();
  const other = await connect(srv.port);
  other.write(envelope(1, Uint8Array.of(1)));
  await until(() => srv.accepted[1]?.got.length === 1, "another stream still served");
  other.cancel();
});

Deno.test("peer stream: end() half-closes after what was written; the peer sees the end", async () => {
  using srv = server();
  const client = await connect(srv.port);
  client.write(envelope(1, new Uint8Array(300_000)));
  client.end();
  await until(() => srv.accepted[0]?.ended === true, "the end");
  assert.equal(srv.accepted[0]!.got.length, 1, "the envelope before the end arrived");
});

/** A stand-in for the gRPC stream (its own tests are peer_rpc_test's): records writes. */
class _RecordingStream implements OutboundEnvelopeStream {
  readonly written: WireEnvelope[] = [];
  write(e: WireEnvelope) {
    this.written.push(e);
    return true;
  }
  end() {}
  cancel() {}
  on() {
    return this;
  }
}

Deno.test("peer stream dialer: an unreachable stream port falls back to gRPC, says so, and keeps to gRPC a while", async () => {
  const logs: string[] = [];
  let asked = 0;
  const grpc: _RecordingStream[] = [];
  const dialer = new PeerStreamDialer({
    selfNodeId: 1,
    secret: SECRET,
    logger: createLogger(defaultConfig().logging, { destination: { write: (l) => logs.push(l) } }),
    askPort: () => {
      asked++;
      return Promise.resolve(freePort()); // nothing listens there
    },
    openGrpc: () => {
      const s = new _RecordingStream();
      grpc.push(s);
      return s;
    },
  });
  const first = dialer.open("127.0.0.1:1");
  first.write(envelope(1, Uint8Array.of(1)));
  first.write(envelope(2, Uint8Array.of(2)));
  await until(() => grpc.length === 1, "the gRPC stream");
  assert.deepEqual(grpc[0]!.written.map((e) => e.frames[0]!.id), [1, 2], "queued writes, in order");
  assert.ok(
    logs.some((l) => /Peer stream to 127\.0\.0\.1:\d+ failed: using gRPC/.test(l)),
    logs.join(),
  );
  dialer.open("127.0.0.1:1");
  await until(() => grpc.length === 2, "the second gRPC stream");
  assert.equal(asked, 1, "not asked again within the fallback period");
});

Deno.test("peer stream dialer: a peer without a stream port is dialled over gRPC; one with it, plainly", async () => {
  using srv = server();
  const grpc: _RecordingStream[] = [];
  const dialer = (port: number) =>
    new PeerStreamDialer({
      selfNodeId: 4,
      secret: SECRET,
      logger: createLogger(defaultConfig().logging, { destination: { write: () => {} } }),
      askPort: () => Promise.resolve(port),
      openGrpc: () => {
        const s = new _RecordingStream();
        grpc.push(s);
        return s;
      },
    });
  dialer(0).open("127.0.0.1:1").write(envelope(1, Uint8Array.of(1)));
  await until(() => grpc.length === 1 && grpc[0]!.written.length === 1, "the gRPC stream");
  const plain = dialer(srv.port).open("127.0.0.1:1");
  plain.write(envelope(2, Uint8Array.of(2)));
  await until(() => srv.accepted[0]?.got.length === 1, "the plain stream");
  assert.equal(srv.accepted[0]!.from, 4);
  assert.equal(grpc.length, 1);
  plain.cancel();
});

/** Like a gRPC stream: cancelling it emits "error" (CANCELLED). */
class _CancellingStream extends EventEmitter implements OutboundEnvelopeStream {
  cancelled = false;
  write() {
    return true;
  }
  end() {}
  cancel() {
    this.cancelled = true;
    this.emit("error", new Error("Cancelled on client"));
  }
}

Deno.test("peer stream dialer: a stream dropped before its transport was chosen cancels the chosen one quietly", async () => {
  const chosen: _CancellingStream[] = [];
  const dialer = new PeerStreamDialer({
    selfNodeId: 1,
    secret: SECRET,
    logger: createLogger(defaultConfig().logging, { destination: { write: () => {} } }),
    askPort: () => Promise.resolve(0),
    openGrpc: () => {
      const s = new _CancellingStream();
      chosen.push(s);
      return s;
    },
  });
  const stream = dialer.open("127.0.0.1:1");
  stream.on("error", () => assert.fail("the dropped stream reports nothing"));
  stream.cancel();
  await until(() => chosen.length === 1, "the choice");
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(chosen[0]!.cancelled, "the chosen stream is cancelled");
});
