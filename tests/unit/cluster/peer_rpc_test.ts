import assert from "node:assert/strict";
import { MysqlError } from "../../../src/types/mod.ts";
import { PeerCallError, PeerUnavailableError } from "../../../src/cluster/errors.ts";
import { MAX_BODY_BYTES } from "../../../src/cluster/body_parts.ts";
import { freePort } from "../../helpers/free_port.ts";
import { rpcPair } from "./rpc_pair.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

// Every behaviour holds whichever way the Replicate streams travel.
for (const transport of ["grpc", "stream"] as const) {
  Deno.test(`PeerRpc: a call reaches the handler with the caller's node id and returns its reply (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("echo", (body, from) => enc.encode(`${from}:${dec.decode(body)}`));
    const reply = await a.rpc.call(2, "echo", enc.encode("hi"), 2000);
    assert.equal(dec.decode(reply), "1:hi");
    assert.equal(reply.constructor, Uint8Array);
    assert.ok(b.contacts.includes(1), "the callee notes contact from the caller");
    assert.ok(a.contacts.includes(2), "the caller notes contact from the reply");
    assert.deepEqual(b.served, [transport], "the stream travelled the way asked for");
  });

  Deno.test(`PeerRpc sends the calls of one turn in one envelope and batches the replies (callee without a stream to the caller) (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("inc", (body) => Uint8Array.of(body[0]! + 1));
    await a.rpc.call(2, "inc", Uint8Array.of(0), 2000); // opens the stream
    a.requestEnvelopes.length = 0;
    b.replyEnvelopes.length = 0;
    const calls = Array.from(
      { length: 200 },
      (_, i) => a.rpc.call(2, "inc", Uint8Array.of(i % 200), 2000),
    );
    const replies = await Promise.all(calls);
    assert.deepEqual(
      replies.map((r) => r[0]),
      Array.from({ length: 200 }, (_, i) => (i % 200) + 1),
    );
    assert.deepEqual(a.requestEnvelopes, [200]);
    assert.deepEqual(b.replyEnvelopes, [200]);
  });

  Deno.test(`PeerRpc: replies travel with the node's own calls to the caller, in one envelope (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    a.rpc.handle("x", () => Uint8Array.of(1));
    const calledBack: Promise<Uint8Array>[] = [];
    // Each request makes b call a in the same turn as it answers.
    b.rpc.handle("ping", () => {
      calledBack.push(b.rpc.call(1, "x", new Uint8Array(), 2000));
      return Uint8Array.of(2);
    });
    await Promise.all([a.rpc.call(2, "ping", new Uint8Array(), 2000)]); // opens both streams
    await Promise.all(calledBack);
    for (const side of [a, b]) side.requestEnvelopes.length = side.replyEnvelopes.length = 0;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => a.rpc.call(2, "ping", new Uint8Array(), 2000)),
    );
    assert.deepEqual(replies.map((r) => r[0]), Array(10).fill(2));
    assert.deepEqual((await Promise.all(calledBack)).slice(1).map((r) => r[0]), Array(10).fill(1));
    assert.deepEqual(a.requestEnvelopes, [10, 10], "a's calls, then its replies to b's calls");
    assert.deepEqual(b.requestEnvelopes, [20], "b's 10 replies and 10 calls together");
    assert.deepEqual([...a.replyEnvelopes, ...b.replyEnvelopes], [], "nothing on served streams");
  });

  Deno.test(`PeerRpc: calls made by promise continuations in one turn share an envelope (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("x", () => new Uint8Array());
    await a.rpc.call(2, "x", new Uint8Array(), 2000);
    a.requestEnvelopes.length = 0;
    // 32 callers each await something already resolved, then call: all in one turn.
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        await Promise.resolve();
        await a.rpc.call(2, "x", new Uint8Array(), 2000);
      }),
    );
    assert.deepEqual(a.requestEnvelopes, [32]);
  });

  Deno.test(`PeerRpc: a handler's MySQL error arrives as MysqlError, others as PeerCallError (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("conflict", () => {
      throw new MysqlError(
        1213,
        "Deadlock found when trying to get lock; try restarting transaction",
      );
    });
    b.rpc.handle("broken", () => Promise.reject(new Error("disk on fire")));
    await assert.rejects(a.rpc.call(2, "conflict", new Uint8Array(), 2000), (e: unknown) => {
      assert.ok(e instanceof MysqlError);
      assert.equal(e.code, 1213);
      assert.equal(e.sqlState, "40001");
      assert.match(e.message, /Deadlock found/);
      return true;
    });
    await assert.rejects(a.rpc.call(2, "broken", new Uint8Array(), 2000), (e: unknown) => {
      assert.ok(e instanceof PeerCallError);
      assert.equal(e.message, "disk on fire");
      assert.equal(e.nodeId, 2);
      return true;
    });
    await assert.rejects(
      a.rpc.call(2, "nope", new Uint8Array(), 2000),
      /No handler for peer call kind "nope"/,
    );
  });

  Deno.test(`PeerRpc: a call that gets no reply in time fails with PeerUnavailableError (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    let release!: () => void;
    b.rpc.handle("slow", () => new Promise((r) => release = () => r(new Uint8Array())));
    const started = Date.now();
    await assert.rejects(a.rpc.call(2, "slow", new Uint8Array(), 150), (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.equal(e.nodeId, 2);
      assert.match(e.message, /Call "slow" to node 2 timed out after 150 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 1000);
    assert.equal(a.rpc.outstanding(2), 0);
    release(); // the late reply is dropped
    b.rpc.handle("fast", () => Uint8Array.of(7));
    assert.deepEqual(await a.rpc.call(2, "fast", new Uint8Array(), 2000), Uint8Array.of(7));
  });

  Deno.test(`PeerRpc bounds outstanding calls per peer and rejects beyond it at once (${transport})`, async () => {
    await using pair = await rpcPair({ transport, maxOutstanding: 5 });
    const [a, b] = [pair[0], pair[1]];
    const waiting: Array<() => void> = [];
    b.rpc.handle("hold", () => new Promise((r) => waiting.push(() => r(new Uint8Array()))));
    const held = Array.from({ length: 5 }, () => a.rpc.call(2, "hold", new Uint8Array(), 5000));
    assert.equal(a.rpc.outstanding(2), 5);
    await assert.rejects(a.rpc.call(2, "hold", new Uint8Array(), 5000), (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.match(e.message, /5 calls outstanding/);
      return true;
    });
    while (waiting.length < 5) await new Promise((r) => setTimeout(r, 5));
    for (const r of waiting) r();
    await Promise.all(held);
    assert.equal(a.rpc.outstanding(2), 0);
  });

  Deno.test(`PeerRpc: an unreachable or unknown peer fails fast with PeerUnavailableError (${transport})`, async () => {
    await using pair = await rpcPair({ transport, addresses: { 3: `127.0.0.1:${freePort()}` } });
    const a = pair[0];
    const started = Date.now();
    await assert.rejects(a.rpc.call(3, "x", new Uint8Array(), 5000), (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.equal(e.nodeId, 3);
      assert.match(e.message, /Stream to node 3 .* broken/);
      return true;
    });
    assert.ok(Date.now() - started < 3000, "no wait for the timeout");
    await assert.rejects(a.rpc.call(9, "x", new Uint8Array(), 5000), /Node 9 is not a member/);
  });

  Deno.test(`PeerRpc fails outstanding calls when the peer shuts down and reopens to its successor (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("hold", () => new Promise(() => {}));
    b.rpc.handle("ok", () => Uint8Array.of(1));
    assert.deepEqual(await a.rpc.call(2, "ok", new Uint8Array(), 2000), Uint8Array.of(1));
    const held = a.rpc.call(2, "hold", new Uint8Array(), 10_000);
    await new Promise((r) => setTimeout(r, 50));
    void b.close();
    await assert.rejects(held, (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.match(e.message, /broken/);
      return true;
    });
    // The closed node refuses new streams on the connection it still holds.
    await assert.rejects(a.rpc.call(2, "ok", new Uint8Array(), 2000), (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.match(e.message, /Node is shutting down/);
      return true;
    });
    const successor = await pair.replace(2);
    successor.rpc.handle("ok", () => Uint8Array.of(2));
    assert.deepEqual(await a.rpc.call(2, "ok", new Uint8Array(), 2000), Uint8Array.of(2));
  });

  Deno.test(`PeerRpc: a call to this node itself runs the local handler (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const a = pair[0];
    a.rpc.handle("who", (_body, from) => enc.encode(String(from)));
    assert.equal(dec.decode(await a.rpc.call(1, "who", new Uint8Array(), 1000)), "1");
    assert.deepEqual(a.requestEnvelopes, []);
  });

  Deno.test(`PeerRpc: a stream with the wrong cluster secret is refused and logged by the callee (${transport})`, async () => {
    await using pair = await rpcPair({ transport, secrets: ["right", "wrong"] });
    const [a, b] = [pair[0], pair[1]];
    a.rpc.handle("x", () => new Uint8Array());
    await assert.rejects(b.rpc.call(1, "x", new Uint8Array(), 2000), (e: unknown) => {
      assert.ok(e instanceof PeerUnavailableError);
      assert.match(e.message, /Invalid cluster secret/);
      return true;
    });
    assert.ok(
      a.logs.some((l) => /Refused peer call from .*: invalid cluster secret/.test(l)),
      a.logs.join("\n"),
    );
  });

  Deno.test(`PeerRpc: a body larger than gRPC's message bound travels in parts, both ways (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    // 150 MiB: over the 100 MiB a single gRPC message may carry here.
    const big = new Uint8Array(150 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4093) big[i] = (i / 4093) & 0xff;
    b.rpc.handle("reverse", (body) => body.slice().reverse());
    b.rpc.handle("inc", (body) => Uint8Array.of(body[0]! + 1));
    const [reply, small] = await Promise.all([
      a.rpc.call(2, "reverse", big, 60_000),
      a.rpc.call(2, "inc", Uint8Array.of(41), 60_000),
    ]);
    assert.equal(small[0], 42, "a small call of the same turn is answered too");
    assert.equal(reply.length, big.length);
    assert.ok(
      reply.every((v, i) => v === big[big.length - 1 - i]),
      "the reply is the body reversed",
    );
    assert.ok(Math.max(...a.requestEnvelopes) <= 5, "no envelope carries the whole body");
  });

  Deno.test(`PeerRpc refuses a call body over its bound at once, with a clear error (${transport})`, async () => {
    await using pair = await rpcPair({ transport });
    const [a, b] = [pair[0], pair[1]];
    b.rpc.handle("echo", (body) => body);
    const huge = new Uint8Array(MAX_BODY_BYTES + 1);
    await assert.rejects(
      a.rpc.call(2, "echo", huge, 2000),
      (err: Error) => err instanceof PeerCallError && /over the 256\.0 MiB/.test(err.message),
    );
    assert.deepEqual([...(await a.rpc.call(2, "echo", Uint8Array.of(1), 2000))], [1]);
  });
}
