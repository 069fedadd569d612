/**
 * Command-phase behaviour checked at the byte level with a raw client against a live
 * server (the in-test Executor stands in for the SQL layer).
 */
import assert from "node:assert/strict";
import { Capability } from "../../../src/mysql/constants.ts";
import { PacketWriter } from "../../../src/mysql/framing/packet_writer.ts";
import { nativePasswordToken } from "../../../src/mysql/auth/password_hash.ts";
import { decodeAuthSwitchRequest } from "../../../src/mysql/packets/auth_switch_request.ts";
import { decodeColumnDefinition } from "../../../src/mysql/packets/column_definition41.ts";
import { decodeErrPacket } from "../../../src/mysql/packets/err_packet.ts";
import { decodeOkPacket } from "../../../src/mysql/packets/ok_packet.ts";
import { decodeStmtPrepareOk } from "../../../src/mysql/packets/stmt_prepare_ok.ts";
import { writeChangeUser } from "../../../src/mysql/packets/change_user.ts";
import { writeStmtExecute } from "../../../src/mysql/packets/stmt_execute.ts";
import { CLIENT_CAPS, hex, RawClient } from "./raw_client.ts";
import { startTestServer } from "./test_server.ts";

const enc = (s: string) => [...new TextEncoder().encode(s)];
const frame = (p: { sequenceId: number; payload: Uint8Array }) => {
  const n = p.payload.length;
  return [n & 0xff, (n >> 8) & 0xff, n >> 16, p.sequenceId, ...p.payload];
};

async function withClient(
  fn: (c: RawClient, t: Awaited<ReturnType<typeof startTestServer>>) => Promise<void>,
  caps = CLIENT_CAPS,
) {
  const t = await startTestServer();
  const c = await RawClient.connect(t.port, { capabilities: caps });
  try {
    await fn(c, t);
  } finally {
    c.close();
    await t.close();
  }
}

function errOf(p: { payload: Uint8Array } | null) {
  assert.ok(p, "expected a packet");
  assert.equal(p.payload[0], 0xff, "expected ERR");
  return decodeErrPacket(p.payload);
}

Deno.test("SELECT 1 without DEPRECATE_EOF is byte-identical to the notes", async () => {
  await withClient(async (c) => {
    await c.send([0x03, ...enc("SELECT 1")]);
    const got = (await c.readReply()).flatMap(frame);
    assert.deepEqual(
      got,
      hex(`01 00 00 01 01
        17 00 00 02 03 64 65 66 00 00 00 01 31 00 0c 3f 00 01 00 00 00 08 81 00 00 00 00
        05 00 00 03 fe 00 00 02 00
        02 00 00 04 01 31
        05 00 00 05 fe 00 00 02 00`),
    );
  });
});

Deno.test("SELECT 1 with DEPRECATE_EOF ends with OK-0xFE and has no EOF after columns", async () => {
  await withClient(async (c) => {
    await c.send([0x03, ...enc("SELECT 1")]);
    const packets = [];
    for (let i = 0; i < 4; i++) packets.push((await c.read())!);
    assert.deepEqual(frame(packets[2]!), hex("02 00 00 03 01 31"));
    assert.deepEqual(frame(packets[3]!), hex("07 00 00 04 fe 00 00 02 00 00 00"));
  }, CLIENT_CAPS | Capability.DEPRECATE_EOF);
});

Deno.test("Multi-results flag MORE_RESULTS on all but the last; an error ends the batch", async () => {
  await withClient(async (c) => {
    await c.send([
      0x03,
      ...enc("select 1; insert into t values (1); select 1; nonsense; select 1"),
    ]);
    const packets = [];
    for (;;) {
      const p = await c.read(1000);
      if (!p) break;
      packets.push(p);
      if (p.payload[0] === 0xff) break;
    }
    // result set (5 packets), OK, result set (5 packets), ERR
    assert.equal(packets.length, 12);
    assert.equal(packets[4]!.payload[3]! & 0x08, 0x08, "first result's EOF has MORE_RESULTS");
    const ok = decodeOkPacket(packets[5]!.payload);
    assert.equal(ok.lastInsertId, 5);
    assert.ok(ok.statusFlags & 0x08);
    assert.ok(packets[10]!.payload[3]! & 0x08, "result before the error still says more");
    assert.equal(errOf(packets[11]!).code, 1064);
    assert.deepEqual(packets.map((p) => p.sequenceId), [...Array(12).keys()].map((i) => i + 1));
    assert.equal(await c.read(200), null, "nothing after the ERR");
  }, CLIENT_CAPS | Capability.MULTI_STATEMENTS);
});

Deno.test("COM_SET_OPTION toggles multi-statements and answers EOF", async () => {
  await withClient(async (c) => {
    await c.send([0x03, ...enc("select 1; select 1")]);
    assert.equal(errOf(await c.read()).code, 1064);
    await c.send([0x1b, 0, 0]);
    assert.deepEqual(frame((await c.read())!), hex("05 00 00 01 fe 00 00 02 00"));
    await c.send([0x03, ...enc("insert a; insert b")]);
    assert.equal((await c.read())!.payload[0], 0);
    assert.equal((await c.read())!.payload[0], 0);
    await c.send([0x1b, 9, 0]);
    assert.equal(errOf(await c.read()).code, 1047);
  });
});

Deno.test("Unknown command gets 1047 and the connection still answers PING", async () => {
  await withClient(async (c) => {
    for (const cmd of [0x05, 0x20, 0xff, 0x00]) {
      await c.send([cmd, 1, 2, 3]);
      const err = errOf(await c.read());
      assert.equal(err.code, 1047);
      assert.equal(err.sqlState, "08S01");
    }
    await c.send([0x0e]);
    assert.deepEqual(frame((await c.read())!), hex("07 00 00 01 00 00 00 02 00 00 00"));
  });
});

Deno.test("An internal error becomes ERR 1105 and is logged; the connection goes on", async () => {
  await withClient(async (c, t) => {
    await c.send([0x03, ...enc("boom")]);
    const err = errOf(await c.read());
    assert.equal(err.code, 1105);
    assert.ok(t.logs.some((l) => l.level === "error" && l.msg === "Command failed"));
    await c.send([0x0e]);
    assert.equal((await c.read())!.payload[0], 0);
  });
});

async function prepare(c: RawClient, sql: string) {
  await c.send([0x16, ...enc(sql)]);
  const ok = decodeStmtPrepareOk((await c.read())!.payload);
  const defs = ok.paramCount + ok.columnCount + (ok.paramCount ? 1 : 0) + (ok.columnCount ? 1 : 0);
  for (let i = 0; i < defs; i++) await c.read();
  return ok;
}

function execute(id: number, params: (string | number | null)[], flags = 0): Uint8Array {
  const w = new PacketWriter();
  writeStmtExecute(w, id, params);
  const payload = w.view().slice(4);
  payload[5] = flags;
  return payload;
}

Deno.test("Prepared statements: ids, cursor refused with 1235, unknown id 1243, CLOSE silent", async () => {
  await withClient(async (c) => {
    const a = await prepare(c, "SELECT ?");
    const b = await prepare(c, "SELECT ?, ?");
    assert.equal(a.statementId, 1);
    assert.equal(b.statementId, 2);
    assert.equal(b.paramCount, 2);
    await c.send(execute(1, ["x"], 0x01));
    const err = errOf(await c.read());
    assert.equal(err.code, 1235);
    assert.equal(err.message, "This version of MySQL doesn't yet support 'cursors'");
    await c.send(execute(1, ["x"], 0x08)); // PARAMETER_COUNT_AVAILABLE is not a cursor
    const reply = await c.readReply();
    assert.equal(reply.length, 5, "column count, def, EOF, row, EOF");
    assert.equal(reply[3]!.payload[0], 0x00, "binary row header");
    await c.send(execute(99, []));
    assert.equal(
      errOf(await c.read()).message,
      "Unknown prepared statement handler (99) given to mysqld_stmt_execute",
    );
    await c.send([0x19, 1, 0, 0, 0]);
    await c.send([0x0e]);
    const pong = (await c.read())!;
    assert.equal(pong.sequenceId, 1, "the PING's OK is the first reply: CLOSE sent nothing");
    await c.send(execute(1, ["x"]));
    assert.equal(errOf(await c.read()).code, 1243);
    await c.send([0x1a, 2, 0, 0, 0]);
    assert.equal((await c.read())!.payload[0], 0, "STMT_RESET OK");
    await c.send([0x1a, 7, 0, 0, 0]);
    assert.equal(errOf(await c.read()).code, 1243);
  });
});

Deno.test("COM_STMT_SEND_LONG_DATA pieces arrive joined at execute and are then cleared", async () => {
  await withClient(async (c, t) => {
    await prepare(c, "SELECT ?, ?");
    await c.send([0x18, 1, 0, 0, 0, 0, 0, ...enc("hello ")]);
    await c.send([0x18, 1, 0, 0, 0, 0, 0, ...enc("world")]);
    const w = new PacketWriter();
    w.begin().u8(0x17).u32(1).u8(0).u32(1).u8(0).u8(1).u16(0xfe).u16(0x03).u32(5).end();
    await c.writeAll(w.view());
    await c.readReply();
    const session = t.executor.sessions[0]!;
    assert.deepEqual(session.lastParams, ["hello world", 5]);
    const w2 = new PacketWriter();
    w2.begin().u8(0x17).u32(1).u8(0).u32(1).u8(1).u8(0).u32(6).end();
    await c.writeAll(w2.view());
    await c.readReply();
    assert.deepEqual(session.lastParams, [null, 6], "long data used once; types reused");
  });
});

Deno.test("FIELD_LIST, STATISTICS, INIT_DB and RESET_CONNECTION", async () => {
  await withClient(async (c, t) => {
    await c.send([0x04, ...enc("t"), 0, ...enc("%")]);
    const defs = [(await c.read())!, (await c.read())!];
    assert.equal(decodeColumnDefinition(defs[0]!.payload).defaultValue, null);
    assert.equal(decodeColumnDefinition(defs[1]!.payload).defaultValue, "x");
    assert.deepEqual(frame((await c.read())!), hex("05 00 00 03 fe 00 00 02 00"));
    await c.send([0x04, ...enc("missing"), 0]);
    assert.equal(errOf(await c.read()).code, 1146);
    await c.send([0x09]);
    assert.match(new TextDecoder().decode((await c.read())!.payload), /^Uptime: 42 /);
    await c.send([0x02, ...enc("shop")]);
    assert.equal((await c.read())!.payload[0], 0);
    assert.equal(t.executor.sessions[0]!.database, "shop");
    await c.send([0x02, ...enc("nope")]);
    assert.equal(errOf(await c.read()).code, 1049);
    await prepare(c, "SELECT ?");
    await c.send([0x1f]);
    assert.equal((await c.read())!.payload[0], 0);
    await c.send(execute(1, ["x"]));
    assert.equal(errOf(await c.read()).code, 1243, "statements are gone after reset");
  });
});

Deno.test("COM_CHANGE_USER re-authenticates with a fresh scramble and swaps sessions", async () => {
  await withClient(async (c, t) => {
    const w = new PacketWriter();
    writeChangeUser(w, {
      user: "app",
      authResponse: new Uint8Array(20).fill(1),
      database: "shop",
      collation: 45,
      authPluginName: "mysql_native_password",
    });
    await c.writeAll(w.view());
    const sw = (await c.read())!;
    assert.equal(sw.sequenceId, 1);
    const req = decodeAuthSwitchRequest(sw.payload);
    assert.notDeepEqual([...req.pluginData], [...c.greeting!.scramble]);
    await c.send(await nativePasswordToken("wrong", req.pluginData), 2);
    assert.equal(errOf(await c.read()).code, 1045);
    assert.equal(t.executor.sessions.length, 1, "old session kept after a failed change");
    await c.writeAll(w.view());
    const req2 = decodeAuthSwitchRequest((await c.read())!.payload);
    await c.send(await nativePasswordToken("secret", req2.pluginData), 2);
    const ok = (await c.read())!;
    assert.equal(ok.payload[0], 0);
    assert.equal(ok.sequenceId, 3);
    assert.equal(t.executor.sessions[0]!.closed, true);
    assert.equal(t.executor.sessions[1]!.options.user, "app");
    assert.equal(t.executor.sessions[1]!.database, "shop");
  });
});
