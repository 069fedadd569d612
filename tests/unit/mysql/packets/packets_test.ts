import assert from "node:assert/strict";
import { ColumnFlag, ColumnType } from "../../../../src/types/column.ts";
import { Capability } from "../../../../src/mysql/constants.ts";
import { PacketWriter } from "../../../../src/mysql/framing/packet_writer.ts";
import {
  decodeHandshakeV10,
  writeHandshakeV10,
} from "../../../../src/mysql/packets/handshake_v10.ts";
import {
  decodeHandshakeResponse41,
  type HandshakeResponse41,
  writeHandshakeResponse41,
} from "../../../../src/mysql/packets/handshake_response41.ts";
import { isSslRequest } from "../../../../src/mysql/packets/ssl_request.ts";
import {
  decodeAuthSwitchRequest,
  writeAuthSwitchRequest,
} from "../../../../src/mysql/packets/auth_switch_request.ts";
import {
  decodeAuthMoreData,
  writeAuthMoreData,
} from "../../../../src/mysql/packets/auth_more_data.ts";
import { decodeOkPacket, writeOkPacket } from "../../../../src/mysql/packets/ok_packet.ts";
import { decodeErrPacket, writeErrPacket } from "../../../../src/mysql/packets/err_packet.ts";
import {
  decodeEofPacket,
  writeEofPacket,
  writeTerminator,
} from "../../../../src/mysql/packets/eof_packet.ts";
import {
  decodeColumnDefinition,
  writeColumnDefinition,
} from "../../../../src/mysql/packets/column_definition41.ts";
import {
  decodeStmtPrepareOk,
  writeStmtPrepareOk,
} from "../../../../src/mysql/packets/stmt_prepare_ok.ts";
import { decodeChangeUser, writeChangeUser } from "../../../../src/mysql/packets/change_user.ts";
import { col } from "../test_executor.ts";
import { hex } from "../raw_client.ts";

function packet(write: (w: PacketWriter) => void, seq = 0): number[] {
  const w = new PacketWriter();
  w.sequenceId = seq;
  write(w);
  return [...w.view()];
}

Deno.test("HandshakeV10 matches the notes' example greeting byte for byte", () => {
  const scramble = Uint8Array.from(
    hex("3a 23 5d 6b 11 7f 4c 2e 55 61 1b 72 0e 47 3c 68 29 5f 03 76"),
  );
  const bytes = packet((w) =>
    writeHandshakeV10(w, {
      serverVersion: "8.0.36",
      connectionId: 1,
      scramble,
      capabilities: 0x013fa78f,
      collation: 45,
      statusFlags: 2,
      authPluginName: "mysql_native_password",
    })
  );
  assert.deepEqual(
    bytes,
    hex(
      `4a 00 00 00 0a 38 2e 30 2e 33 36 00 01 00 00 00 3a 23 5d 6b 11 7f 4c 2e 00 8f a7 2d 02 00 3f 01
      15 00 00 00 00 00 00 00 00 00 00 55 61 1b 72 0e 47 3c 68 29 5f 03 76 00 6d 79 73 71 6c 5f 6e 61
      74 69 76 65 5f 70 61 73 73 77 6f 72 64 00`,
    ),
  );
  const back = decodeHandshakeV10(Uint8Array.from(bytes.slice(4)));
  assert.deepEqual([...back.scramble], [...scramble]);
  assert.equal(back.capabilities, 0x013fa78f);
  assert.equal(back.authPluginName, "mysql_native_password");
});

const BASE_CAPS = Capability.PROTOCOL_41 | Capability.LONG_PASSWORD;

function response(caps: number, extra: Partial<HandshakeResponse41> = {}): HandshakeResponse41 {
  return {
    capabilities: caps,
    maxPacketSize: 16 << 20,
    collation: 224,
    user: "app",
    authResponse: Uint8Array.from({ length: 20 }, (_, i) => i + 1),
    database: null,
    authPluginName: "",
    attributes: new Map(),
    ...extra,
  };
}

Deno.test("HandshakeResponse41 decodes all three auth-response encodings", () => {
  const variants = [
    BASE_CAPS | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.SECURE_CONNECTION,
    BASE_CAPS | Capability.SECURE_CONNECTION,
    BASE_CAPS,
  ];
  for (const caps of variants) {
    const sent = response(caps);
    const w = new PacketWriter();
    writeHandshakeResponse41(w, sent);
    const got = decodeHandshakeResponse41(w.view().subarray(4));
    assert.equal(got.user, "app");
    assert.deepEqual([...got.authResponse], [...sent.authResponse], `caps 0x${caps.toString(16)}`);
  }
});

Deno.test("HandshakeResponse41 reads database, plugin name and connection attributes", () => {
  const caps = BASE_CAPS | Capability.SECURE_CONNECTION |
    Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA |
    Capability.CONNECT_WITH_DB | Capability.PLUGIN_AUTH | Capability.CONNECT_ATTRS;
  const attrs = new Map([["_client_name", "test"], ["_pid", "x".repeat(300)]]);
  const w = new PacketWriter();
  writeHandshakeResponse41(
    w,
    response(caps, {
      database: "shop",
      authPluginName: "caching_sha2_password",
      attributes: attrs,
    }),
  );
  const got = decodeHandshakeResponse41(w.view().subarray(4));
  assert.equal(got.database, "shop");
  assert.equal(got.authPluginName, "caching_sha2_password");
  assert.deepEqual([...got.attributes], [...attrs]);
  // node mysql2 sends CONNECT_WITH_DB with "": that means no database.
  const w2 = new PacketWriter();
  writeHandshakeResponse41(w2, response(caps, { database: "" }));
  assert.equal(decodeHandshakeResponse41(w2.view().subarray(4)).database, null);
  // Trailing optional fields may be missing entirely.
  const cut = w2.view().subarray(4, 4 + 32 + 4 + 1 + 20);
  const partial = decodeHandshakeResponse41(cut);
  assert.equal(partial.authPluginName, "");
  assert.equal(partial.attributes.size, 0);
});

Deno.test("SSLRequest is recognised by length 32 and CLIENT_SSL", () => {
  const p = new Uint8Array(32);
  new DataView(p.buffer).setUint32(0, BASE_CAPS | Capability.SSL, true);
  assert.equal(isSslRequest(p), true);
  new DataView(p.buffer).setUint32(0, BASE_CAPS, true);
  assert.equal(isSslRequest(p), false);
  assert.equal(isSslRequest(new Uint8Array(33).fill(0xff)), false);
});

Deno.test("AuthSwitchRequest has the 44-byte payload of the notes", () => {
  const scramble = new Uint8Array(20).fill(0x41);
  const bytes = packet(
    (w) => writeAuthSwitchRequest(w, { pluginName: "mysql_native_password", pluginData: scramble }),
    2,
  );
  assert.deepEqual(bytes.slice(0, 5), hex("2c 00 00 02 fe"));
  assert.equal(bytes.at(-1), 0);
  const back = decodeAuthSwitchRequest(Uint8Array.from(bytes.slice(4)));
  assert.equal(back.pluginName, "mysql_native_password");
  assert.deepEqual([...back.pluginData], [...scramble]);
});

Deno.test("AuthMoreData fast_auth_success then OK matches the notes", () => {
  const w = new PacketWriter();
  w.sequenceId = 2;
  writeAuthMoreData(w, Uint8Array.of(3));
  writeOkPacket(w, { affectedRows: 0, lastInsertId: 0, statusFlags: 2, warnings: 0 });
  assert.deepEqual([...w.view()], hex("02 00 00 02 01 03 07 00 00 03 00 00 00 02 00 00 00"));
  assert.deepEqual([...decodeAuthMoreData(Uint8Array.of(1, 4))!], [4]);
  assert.equal(decodeAuthMoreData(Uint8Array.of(0)), null);
});

Deno.test("OK packet: plain, with info, and the 0xFE terminator form", () => {
  assert.deepEqual(
    packet(
      (w) => writeOkPacket(w, { affectedRows: 1, lastInsertId: 5, statusFlags: 2, warnings: 0 }),
      1,
    ),
    hex("07 00 00 01 00 01 05 02 00 00 00"),
  );
  const info = "Rows matched: 1  Changed: 1  Warnings: 0";
  const bytes = packet((w) =>
    writeOkPacket(w, {
      affectedRows: 300,
      lastInsertId: 2n ** 60n,
      statusFlags: 3,
      warnings: 2,
      info,
    })
  );
  const ok = decodeOkPacket(Uint8Array.from(bytes.slice(4)));
  assert.equal(ok.affectedRows, 300);
  assert.equal(ok.lastInsertId, 2n ** 60n);
  assert.equal(ok.info, info);
  assert.equal(ok.warnings, 2);
  assert.deepEqual(
    packet((w) => writeTerminator(w, { warnings: 0, statusFlags: 2 }, true), 4),
    hex("07 00 00 04 fe 00 00 02 00 00 00"),
  );
});

Deno.test("ERR packet matches the notes' 1146 example and decodes", () => {
  const bytes = packet(
    (w) =>
      writeErrPacket(w, { code: 1146, sqlState: "42S02", message: "Table 'test.t' doesn't exist" }),
    1,
  );
  assert.deepEqual(
    bytes,
    hex(
      `25 00 00 01 ff 7a 04 23 34 32 53 30 32 54 61 62 6c 65 20 27 74 65 73 74 2e 74 27 20 64 6f 65 73
      6e 27 74 20 65 78 69 73 74`,
    ),
  );
  const err = decodeErrPacket(Uint8Array.from(bytes.slice(4)));
  assert.deepEqual(err, { code: 1146, sqlState: "42S02", message: "Table 'test.t' doesn't exist" });
  const bare = packet((w) =>
    writeErrPacket(w, { code: 1040, sqlState: "08004", message: "Too many connections" }, {
      withSqlState: false,
    })
  );
  assert.equal(decodeErrPacket(Uint8Array.from(bare.slice(4))).message, "Too many connections");
});

Deno.test("EOF packet puts warnings before status", () => {
  const bytes = packet((w) => writeEofPacket(w, { warnings: 0, statusFlags: 2 }), 5);
  assert.deepEqual(bytes, hex("05 00 00 05 fe 00 00 02 00"));
  assert.deepEqual(decodeEofPacket(Uint8Array.of(0xfe, 1, 0, 0x0a, 0)), {
    warnings: 1,
    statusFlags: 10,
  });
});

Deno.test("ColumnDefinition41 for SELECT 1 matches MySQL's bytes", () => {
  const c = col("1", ColumnType.LONGLONG, { flags: 0x81, length: 1 });
  assert.deepEqual(
    packet((w) => writeColumnDefinition(w, c), 2),
    hex("17 00 00 02 03 64 65 66 00 00 00 01 31 00 0c 3f 00 01 00 00 00 08 81 00 00 00 00"),
  );
});

Deno.test("ColumnDefinition41 round-trips, maps internal types and carries field-list defaults", () => {
  const c = col("name", ColumnType.VARCHAR, {
    schema: "db",
    table: "t",
    orgTable: "t",
    orgName: "name",
  });
  const back = decodeColumnDefinition(
    Uint8Array.from(packet((w) => writeColumnDefinition(w, c)).slice(4)),
  );
  assert.equal(back.catalog, "def");
  assert.equal(back.type, ColumnType.VAR_STRING, "VARCHAR goes out as VAR_STRING");
  assert.equal(back.defaultValue, undefined);
  assert.deepEqual({
    ...back,
    catalog: undefined,
    defaultValue: undefined,
    type: ColumnType.VARCHAR,
  }, {
    ...c,
    catalog: undefined,
    defaultValue: undefined,
  });
  const e = col("e", ColumnType.ENUM);
  const eb = decodeColumnDefinition(
    Uint8Array.from(packet((w) => writeColumnDefinition(w, e)).slice(4)),
  );
  assert.equal(eb.type, ColumnType.STRING);
  assert.ok(eb.flags & ColumnFlag.ENUM);
  const withDefault = packet((w) => writeColumnDefinition(w, c, { defaultValue: "abc" }));
  assert.equal(decodeColumnDefinition(Uint8Array.from(withDefault.slice(4))).defaultValue, "abc");
  const nullDefault = packet((w) => writeColumnDefinition(w, c, { defaultValue: null }));
  assert.equal(nullDefault.at(-1), 0xfb);
  assert.equal(decodeColumnDefinition(Uint8Array.from(nullDefault.slice(4))).defaultValue, null);
});

Deno.test("COM_STMT_PREPARE_OK for SELECT ? matches the notes", () => {
  const bytes = packet(
    (w) => writeStmtPrepareOk(w, { statementId: 1, columnCount: 1, paramCount: 1, warnings: 0 }),
    1,
  );
  assert.deepEqual(bytes, hex("0c 00 00 01 00 01 00 00 00 01 00 01 00 00 00 00"));
  assert.deepEqual(decodeStmtPrepareOk(Uint8Array.from(bytes.slice(4))), {
    statementId: 1,
    columnCount: 1,
    paramCount: 1,
    warnings: 0,
  });
});

Deno.test("COM_CHANGE_USER decodes user, auth data, database and plugin", () => {
  const w = new PacketWriter();
  const sent = {
    user: "app",
    authResponse: new Uint8Array(20).fill(9),
    database: "shop",
    collation: 45,
    authPluginName: "mysql_native_password",
  };
  writeChangeUser(w, sent);
  const caps = BASE_CAPS | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH;
  assert.deepEqual(decodeChangeUser(w.view().subarray(4), caps), sent);
});
