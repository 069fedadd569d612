/**
 * The snapshot HTTP route on a real listener and the puller's HTTP/1.1 client: a range is the
 * export's bytes; requests without the secret, without the token of that export, outside the
 * export or for a removed export are refused; the client reads on one kept-alive connection
 * and turns refusals, cut connections, wrong lengths and silence into SnapshotHttpError.
 */
import assert from "node:assert/strict";
import { SnapshotExports } from "../../../src/healing/snapshot_export.ts";
import { sha256Hex } from "../../../src/healing/snapshot_files.ts";
import { snapshotHttpAddress, SnapshotHttpRoute } from "../../../src/healing/snapshot_http.ts";
import {
  SnapshotHttpError,
  SnapshotHttpReader,
} from "../../../src/healing/snapshot_http_client.ts";
import { fill, makeNode, quietLogger } from "./snapshot_fixture.ts";

const SECRET = "s3cret";

/** An export of a database (~300 KB by default) served by the route on a listener of its
 * own. */
async function served(
  t: (s: {
    base: string;
    address: string;
    route: SnapshotHttpRoute;
    exports: SnapshotExports;
    id: string;
    bytes: Uint8Array;
    token: string;
  }) => Promise<void>,
  options: { rows?: number; chunkSize?: number; maxReads?: number } = {},
): Promise<void> {
  const node = makeNode("marmot-snap-http-");
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(),
    chunkSize: options.chunkSize ?? 64 * 1024,
    maxReads: options.maxReads,
  });
  const route = new SnapshotHttpRoute(exports, { secret: SECRET, logger: quietLogger() });
  const listener = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    route.handle,
  );
  try {
    node.registry.create("shop");
    fill(node.registry.get("shop"), options.rows ?? 300, { perTxn: 1000 });
    const e = await exports.acquire("shop");
    const address = `127.0.0.1:${listener.addr.port}`;
    await t({
      base: `http://${address}/snapshot/shop/${e.id}`,
      address,
      route,
      exports,
      id: e.id,
      // The live file, frozen while the export pins it.
      bytes: Deno.readFileSync(node.registry.get("shop").path).subarray(0, e.size),
      token: route.issue("shop", e.id),
    });
  } finally {
    await listener.shutdown();
    exports.close();
    node.registry.close();
    Deno.removeSync(node.dataDir, { recursive: true });
  }
}

async function get(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    body: new Uint8Array(await response.arrayBuffer()),
    sha256: response.headers.get("x-marmot-sha256"),
  };
}

Deno.test("the snapshot route serves a range of the export to the holder of its token", async () => {
  await served(async ({ base, id, bytes, token, route }) => {
    const headers = { "x-marmot-secret": SECRET, "x-marmot-snapshot-token": token };
    const range = await get(`${base}?offset=70000&length=60000`, headers);
    assert.equal(range.status, 200);
    assert.deepEqual(range.body, bytes.subarray(70000, 130000));
    assert.equal(range.sha256, sha256Hex(range.body));

    const refused = async (url: string, h: Record<string, string>) => (await get(url, h)).status;
    assert.equal(
      await refused(`${base}?offset=0&length=10`, { ...headers, "x-marmot-secret": "no" }),
      401,
    );
    assert.equal(
      await refused(`${base}?offset=0&length=10`, { "x-marmot-snapshot-token": token }),
      401,
    );
    assert.equal(await refused(`${base}?offset=0&length=10`, { "x-marmot-secret": SECRET }), 403);
    const other = route.issue("shop", "another-export");
    assert.equal(
      await refused(`${base}?offset=0&length=10`, { ...headers, "x-marmot-snapshot-token": other }),
      403,
    );
    assert.equal(
      await refused(base.replace("/shop/", "/other/") + "?offset=0&length=10", headers),
      403,
    );
    assert.equal(await refused(`${base}?offset=${bytes.length}&length=1`, headers), 416);
    assert.equal(await refused(`${base}?offset=0&length=${bytes.length + 1}`, headers), 416);
    assert.equal(await refused(`${base}?offset=0&length=${64 * 1024 + 1}`, headers), 416);
    assert.equal(await refused(`${base}?offset=-1&length=10`, headers), 416);
    assert.equal(await refused(`${base}?offset=0`, headers), 416);
    assert.equal(await refused(`${base}/more?offset=0&length=10`, headers), 404);
    const post = await fetch(`${base}?offset=0&length=10`, { method: "POST", headers });
    await post.body?.cancel();
    assert.equal(post.status, 405);
    assert.ok(id.length > 0);
  });
});

Deno.test("ranges served at the same time each get their own bytes", async () => {
  await served(async ({ base, bytes, token }) => {
    const headers = { "x-marmot-secret": SECRET, "x-marmot-snapshot-token": token };
    const chunk = 64 * 1024;
    const offsets = Array.from({ length: Math.floor(bytes.length / chunk) }, (_, i) => i * chunk);
    assert.ok(offsets.length >= 4);
    const ranges = await Promise.all(
      offsets.map((o) => get(`${base}?offset=${o}&length=${chunk}`, headers)),
    );
    ranges.forEach((r, i) => {
      assert.deepEqual(r.body, bytes.subarray(offsets[i]!, offsets[i]! + chunk));
      assert.equal(r.sha256, sha256Hex(r.body));
    });
  });
});

Deno.test("a range its puller has not taken yet keeps its bytes while others are read", async () => {
  const chunk = 8 * 1024 * 1024; // more than the loopback socket buffers hold
  await served(async ({ base, address, bytes, token }) => {
    const headers = { "x-marmot-secret": SECRET, "x-marmot-snapshot-token": token };
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(address.split(":")[1]) });
    try {
      const path = new URL(base).pathname;
      await conn.write(new TextEncoder().encode(
        `GET ${path}?offset=0&length=${chunk} HTTP/1.1\r\nhost: ${address}\r\n` +
          `x-marmot-secret: ${SECRET}\r\nx-marmot-snapshot-token: ${token}\r\n\r\n`,
      ));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The export's buffer still being sent must not be read into meanwhile.
      const other = await get(`${base}?offset=${chunk}&length=${chunk}`, headers);
      assert.deepEqual(other.body, bytes.subarray(chunk, 2 * chunk));
      const response = new Uint8Array(chunk + 4096);
      let n = 0;
      let bodyStart = -1;
      while (bodyStart < 0 || n < bodyStart + chunk) {
        const got = await conn.read(response.subarray(n));
        assert.ok(got !== null, "connection closed early");
        n += got;
        if (bodyStart < 0) {
          const head = new TextDecoder().decode(response.subarray(0, Math.min(n, 1024)));
          const end = head.indexOf("\r\n\r\n");
          if (end >= 0) bodyStart = end + 4;
        }
      }
      const body = response.subarray(bodyStart, bodyStart + chunk);
      assert.ok(body.every((b, i) => b === bytes[i]), "the slow range's bytes changed");
    } finally {
      conn.close();
    }
  }, { rows: 20_000, chunkSize: chunk, maxReads: 1 });
});

Deno.test("a removed export answers 410", async () => {
  await served(async ({ base, bytes, token, exports }) => {
    const headers = { "x-marmot-secret": SECRET, "x-marmot-snapshot-token": token };
    assert.deepEqual(
      (await get(`${base}?offset=0&length=10`, headers)).body,
      bytes.subarray(0, 10),
    );
    exports.close();
    assert.equal((await get(`${base}?offset=0&length=10`, headers)).status, 410);
  });
});

Deno.test("SnapshotHttpReader reads ranges on one connection and reports refusals", async () => {
  await served(async ({ address, id, bytes, token }) => {
    const target = { database: "shop", exportId: id, timeoutMs: 5000 };
    const reader = new SnapshotHttpReader({ ...target, offer: { address, token }, secret: SECRET });
    try {
      for (const [offset, length] of [[0, 65536], [65536, 65536], [bytes.length - 7, 7]]) {
        const into = new Uint8Array(length!);
        assert.equal(await reader.read(offset!, into), sha256Hex(into));
        assert.deepEqual(into, bytes.subarray(offset!, offset! + length!));
      }
      await assert.rejects(
        reader.read(bytes.length - 7, new Uint8Array(8)),
        (e: unknown) => e instanceof SnapshotHttpError && e.status === 416,
      );
      // The connection was closed with the error: the next read opens another.
      const again = new Uint8Array(10);
      await reader.read(5, again);
      assert.deepEqual(again, bytes.subarray(5, 15));
    } finally {
      reader.close();
    }
    const noSecret = new SnapshotHttpReader({ ...target, offer: { address, token }, secret: "" });
    await assert.rejects(
      noSecret.read(0, new Uint8Array(10)),
      (e: unknown) =>
        e instanceof SnapshotHttpError && e.status === 401 && /HTTP 401/.test(e.message),
    );
    noSecret.close();
  });
});

/** A TCP listener answering each connection with `answer` (after reading the request). */
async function rawServer(
  answer: (conn: Deno.Conn) => Promise<void>,
  t: (address: string) => Promise<void>,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      await conn.read(new Uint8Array(4096));
      await answer(conn).catch(() => {});
    }
  })();
  try {
    await t(`127.0.0.1:${listener.addr.port}`);
  } finally {
    listener.close();
    for (const c of conns) {
      try {
        c.close();
      } catch {
        // Closed by the test already.
      }
    }
    await accepting.catch(() => {});
  }
}

const enc = new TextEncoder();
const HASHED = `x-marmot-sha256: ${"0".repeat(64)}\r\n`;
const MISBEHAVIOURS: Array<[string, (conn: Deno.Conn) => Promise<void>, RegExp]> = [
  ["closes before answering", (c) => Promise.resolve(c.close()), /closed before a response/],
  [
    "cuts the body",
    async (c) => {
      await c.write(
        enc.encode(`HTTP/1.1 200 OK\r\ncontent-length: 100\r\n${HASHED}\r\n0123456789`),
      );
      c.close();
    },
    /Unexpected end of file after 0 of 90 bytes/,
  ],
  [
    "sends another length",
    async (c) => {
      await c.write(enc.encode("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n01234"));
    },
    /answered with 5/,
  ],
  [
    "sends no SHA-256",
    async (c) => {
      await c.write(enc.encode("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n"));
    },
    /without a valid x-marmot-sha256/,
  ],
  [
    "sends a chunked body",
    async (c) => {
      await c.write(enc.encode("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"));
    },
    /not understood/,
  ],
  ["never answers", () => Promise.resolve(), /timed out after 300 ms/],
];

for (const [what, answer, expected] of MISBEHAVIOURS) {
  Deno.test(`SnapshotHttpReader fails when the server ${what}`, async () => {
    await rawServer(answer, async (address) => {
      const reader = new SnapshotHttpReader({
        offer: { address, token: "t" },
        database: "shop",
        exportId: "e",
        secret: "",
        timeoutMs: 300,
      });
      await assert.rejects(
        reader.read(0, new Uint8Array(100)),
        (e: unknown) => e instanceof SnapshotHttpError && expected.test(e.message),
      );
      reader.close();
    });
  });
}

Deno.test("snapshotHttpAddress takes the advertised host and the admin port", () => {
  assert.equal(snapshotHttpAddress("10.0.0.7:8080", 8090), "10.0.0.7:8090");
  assert.equal(snapshotHttpAddress("node-1.local:8080", 9000), "node-1.local:9000");
  assert.equal(snapshotHttpAddress("[::1]:8080", 8090), "[::1]:8090");
});
