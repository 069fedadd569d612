/**
 * The snapshot byte stream on a real listener and the puller's reader: a range is the
 * export's bytes with their SHA-256; requests without the secret, without the token of that
 * export, outside the export, for a removed export or not understood are refused; the reader
 * keeps its connection and turns refusals, cut connections, wrong lengths and silence into
 * SnapshotStreamError.
 */
import assert from "node:assert/strict";
import { SnapshotExports } from "../../../src/healing/snapshot_export.ts";
import { sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { readFull, writeAll } from "../../../src/types/byte_io.ts";
import { SnapshotHttpRoute } from "../../../src/healing/snapshot_http.ts";
import { LineReader, SnapshotStreamServer } from "../../../src/healing/snapshot_stream.ts";
import {
  SnapshotStreamError,
  SnapshotStreamReader,
} from "../../../src/healing/snapshot_stream_client.ts";
import { fill, makeNode, quietLogger } from "./snapshot_fixture.ts";

const SECRET = "s3cret";
const CHUNK = 64 * 1024;

interface Served {
  address: string;
  exports: SnapshotExports;
  route: SnapshotHttpRoute;
  id: string;
  bytes: Uint8Array;
  token: string;
  reader(overrides?: { token?: string; secret?: string; exportId?: string }): SnapshotStreamReader;
}

/** An export of a database (~300 KB) served on a stream listener of its own. */
async function served(
  t: (s: Served) => Promise<void>,
  options: { idleMs?: number } = {},
): Promise<void> {
  const node = makeNode("marmot-snap-stream-");
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(),
    chunkSize: CHUNK,
  });
  const route = new SnapshotHttpRoute(exports, { secret: SECRET, logger: quietLogger() });
  const server = new SnapshotStreamServer(exports, route, {
    logger: quietLogger(),
    idleMs: options.idleMs,
  });
  const readers: SnapshotStreamReader[] = [];
  try {
    const address = `127.0.0.1:${server.listen("127.0.0.1")}`;
    node.registry.create("shop");
    fill(node.registry.get("shop"), 300, { perTxn: 1000 });
    const e = await exports.acquire("shop");
    const token = route.issue("shop", e.id);
    await t({
      address,
      exports,
      route,
      id: e.id,
      bytes: Deno.readFileSync(node.registry.get("shop").path).subarray(0, e.size),
      token,
      reader: (o = {}) => {
        const reader = new SnapshotStreamReader({
          offer: { address, token: o.token ?? token },
          database: "shop",
          exportId: o.exportId ?? e.id,
          secret: o.secret ?? SECRET,
          timeoutMs: 5000,
        });
        readers.push(reader);
        return reader;
      },
    });
  } finally {
    for (const reader of readers) reader.close();
    server.close();
    exports.close();
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
}

/** Asserts `read` fails with a SnapshotStreamError of `status`. */
async function refused(read: Promise<unknown>, status: number): Promise<void> {
  await assert.rejects(
    read,
    (e: unknown) => e instanceof SnapshotStreamError && e.status === status,
  );
}

Deno.test("the snapshot stream serves ranges of the export to the holder of its token, on one connection", async () => {
  await served(async ({ reader, bytes }) => {
    const r = reader();
    const a = new Uint8Array(60_000);
    assert.equal(await r.read(70_000, a), sha256Hex(bytes.subarray(70_000, 130_000)));
    assert.deepEqual(a, bytes.subarray(70_000, 130_000));
    const b = new Uint8Array(CHUNK);
    assert.equal(await r.read(0, b), sha256Hex(bytes.subarray(0, CHUNK)));
    assert.deepEqual(b, bytes.subarray(0, CHUNK));
  });
});

Deno.test("the snapshot stream refuses a wrong secret, a wrong token, another export's token, bad ranges and a removed export", async () => {
  await served(async ({ reader, route, exports, bytes }) => {
    const into = new Uint8Array(100);
    await refused(reader({ secret: "" }).read(0, into), 401);
    await refused(reader({ secret: "wrong" }).read(0, into), 401);
    await refused(reader({ token: "0".repeat(64) }).read(0, into), 403);
    const other = route.issue("shop", "another-export");
    await refused(reader({ token: other }).read(0, into), 403);
    await refused(reader().read(bytes.length - 50, into), 416);
    await refused(reader().read(0, new Uint8Array(CHUNK + 1)), 416);
    exports.close();
    await refused(reader().read(0, into), 410);
  });
});

Deno.test("the snapshot stream answers 400 to a request it does not understand and closes", async () => {
  await served(async ({ address }) => {
    const port = Number(address.split(":")[1]);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      await writeAll(conn, new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
      const lines = new LineReader(conn);
      assert.match((await lines.next())!, /^400 /);
      assert.equal(await lines.next(), null);
    } finally {
      conn.close();
    }
  });
});

Deno.test("the snapshot stream closes a connection idle for too long", async () => {
  await served(async ({ address, reader, bytes }) => {
    const port = Number(address.split(":")[1]);
    const idle = await Deno.connect({ hostname: "127.0.0.1", port });
    try {
      const started = performance.now();
      assert.equal(await new LineReader(idle).next(), null); // closed, nothing said
      assert.ok(performance.now() - started >= 150);
    } finally {
      idle.close();
    }
    // A reader whose connection was closed while idle connects again.
    const r = reader();
    const into = new Uint8Array(100);
    await r.read(0, into);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await assert.rejects(r.read(100, into), SnapshotStreamError);
    assert.equal(await r.read(100, into), sha256Hex(bytes.subarray(100, 200)));
  }, { idleMs: 200 });
});

/** A listener that answers each connection with `answer` (given the request line). */
async function fake(
  answer: (conn: Deno.TcpConn, request: string) => Promise<void>,
  t: (reader: SnapshotStreamReader) => Promise<void>,
  timeoutMs = 5000,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const conn of listener) {
      const request = await new LineReader(conn).next().catch(() => null);
      await answer(conn, request ?? "").catch(() => {});
    }
  })();
  const reader = new SnapshotStreamReader({
    offer: { address: `127.0.0.1:${listener.addr.port}`, token: "t" },
    database: "shop",
    exportId: "e",
    secret: "",
    timeoutMs,
  });
  try {
    await t(reader);
  } finally {
    reader.close();
    listener.close();
    await serving.catch(() => {});
  }
}

const SHA = "a".repeat(64);

Deno.test("SnapshotStreamReader sends its request and reads the range after the answer line", async () => {
  let seen = "";
  await fake(async (conn, request) => {
    seen = request;
    await writeAll(conn, new TextEncoder().encode(`200 5 ${SHA}\nhello`));
  }, async (reader) => {
    const into = new Uint8Array(5);
    assert.equal(await reader.read(10, into), SHA);
    assert.equal(new TextDecoder().decode(into), "hello");
  });
  assert.equal(seen, "SNAPSHOT shop e 10 5 t ");
});

const BROKEN: Array<[string, (conn: Deno.TcpConn) => Promise<void>, RegExp]> = [
  ["closes before answering", (conn) => Promise.resolve(conn.close()), /closed before an answer/],
  ["cuts the bytes", async (conn) => {
    await writeAll(conn, new TextEncoder().encode(`200 100 ${SHA}\nonly this`));
    conn.close();
  }, /failed/],
  ["sends another length", async (conn) => {
    await writeAll(conn, new TextEncoder().encode(`200 99 ${SHA}\n`));
  }, /answered with 99/],
  ["sends no SHA-256", async (conn) => {
    await writeAll(conn, new TextEncoder().encode(`200 100 nothash\n`));
  }, /200 100 nothash/],
];
for (const [what, answer, expected] of BROKEN) {
  Deno.test(`SnapshotStreamReader fails when the server ${what}`, async () => {
    await fake(answer, async (reader) => {
      await assert.rejects(
        reader.read(0, new Uint8Array(100)),
        (e: unknown) => e instanceof SnapshotStreamError && expected.test(e.message),
      );
    });
  });
}

Deno.test("SnapshotStreamReader fails when the server never answers", async () => {
  const held: Deno.TcpConn[] = [];
  await fake((conn) => {
    held.push(conn); // kept open, silent
    return Promise.resolve();
  }, async (reader) => {
    await assert.rejects(reader.read(0, new Uint8Array(100)), /timed out after 200 ms/);
  }, 200);
  for (const conn of held) conn.close();
});

Deno.test("LineReader reads lines split across reads and keeps the bytes after them", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  const server = await listener.accept();
  try {
    await writeAll(client, new TextEncoder().encode("one\ntw"));
    const lines = new LineReader(server);
    assert.equal(await lines.next(), "one");
    const second = lines.next();
    await writeAll(client, new TextEncoder().encode("o\nrest"));
    assert.equal(await second, "two");
    const rest = new Uint8Array(4);
    const taken = lines.takeRest();
    rest.set(taken);
    await readFull(server, rest.subarray(taken.length));
    assert.equal(new TextDecoder().decode(rest), "rest");
  } finally {
    client.close();
    server.close();
    listener.close();
  }
});
