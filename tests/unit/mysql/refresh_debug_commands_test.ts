/**
 * COM_REFRESH and COM_DEBUG, which `mariadb-admin refresh`, `flush-threads` and `debug` send:
 * MySQL answers OK and EOF; before, both got 1047 "Unknown command".
 */
import assert from "node:assert/strict";
import { decodeErrPacket } from "../../../src/mysql/packets/err_packet.ts";
import { CLIENT_CAPS, hex, RawClient } from "./raw_client.ts";
import { startTestServer } from "./test_server.ts";
import { Capability } from "../../../src/mysql/constants.ts";

const frame = (p: { sequenceId: number; payload: Uint8Array }) => {
  const n = p.payload.length;
  return [n & 0xff, (n >> 8) & 0xff, n >> 16, p.sequenceId, ...p.payload];
};

async function withClient(fn: (c: RawClient) => Promise<void>, caps = CLIENT_CAPS) {
  const t = await startTestServer();
  const c = await RawClient.connect(t.port, { capabilities: caps });
  try {
    await fn(c);
  } finally {
    c.close();
    await t.close();
  }
}

Deno.test("COM_REFRESH answers OK; without its sub-command byte ERR 1835 and the connection goes on", async () => {
  await withClient(async (c) => {
    await c.send([0x07, 0x04]); // REFRESH_TABLES, as `mariadb-admin flush-tables` of old
    assert.deepEqual(frame((await c.read())!), hex("07 00 00 01 00 00 00 02 00 00 00"));
    await c.send([0x07, 0x7f]);
    assert.equal((await c.read())!.payload[0], 0x00);
    await c.send([0x07]);
    assert.equal(decodeErrPacket((await c.read())!.payload).code, 1835);
    await c.send([0x0e]);
    assert.equal((await c.read())!.payload[0], 0x00);
  });
});

Deno.test("COM_DEBUG answers EOF, or OK-0xFE with DEPRECATE_EOF", async () => {
  await withClient(async (c) => {
    await c.send([0x0d]);
    assert.deepEqual(frame((await c.read())!), hex("05 00 00 01 fe 00 00 02 00"));
  }, CLIENT_CAPS & ~Capability.DEPRECATE_EOF);
  await withClient(async (c) => {
    await c.send([0x0d]);
    assert.deepEqual(frame((await c.read())!), hex("07 00 00 01 fe 00 00 02 00 00 00"));
  }, CLIENT_CAPS | Capability.DEPRECATE_EOF);
});
