/**
 * Protocol::HandshakeV10, the server greeting (notes §2.1). Always 20 scramble bytes,
 * auth_plugin_data_len 21 and part 2 = 12 bytes + NUL: libmariadb, Connector/J, mysqlnd,
 * go and node mysql2 each read that field differently and only this layout suits all.
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of the greeting. */
export interface HandshakeV10 {
  serverVersion: string;
  connectionId: number;
  /** 20 bytes, none of them 0x00. */
  scramble: Uint8Array;
  capabilities: number;
  collation: number;
  statusFlags: number;
  authPluginName: string;
}

/** Writes the greeting packet. */
export function writeHandshakeV10(w: PacketWriter, h: HandshakeV10): void {
  if (h.scramble.length !== 20) {
    throw new RangeError("Cannot write greeting: scramble must be 20 bytes");
  }
  w.begin()
    .u8(0x0a)
    .nulString(h.serverVersion)
    .u32(h.connectionId)
    .bytes(h.scramble.subarray(0, 8))
    .u8(0)
    .u16(h.capabilities & 0xffff)
    .u8(h.collation & 0xff)
    .u16(h.statusFlags)
    .u16(h.capabilities >>> 16)
    .u8(21)
    .zeros(10)
    .bytes(h.scramble.subarray(8, 20))
    .u8(0)
    .nulString(h.authPluginName)
    .end();
}

/** Decodes a greeting payload (client side; used by tests). */
export function decodeHandshakeV10(payload: Uint8Array): HandshakeV10 {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0x0a) throw new RangeError("Not a HandshakeV10 packet");
  const serverVersion = r.nulString();
  const connectionId = r.u32();
  const part1 = r.bytesView(8);
  r.skip(1);
  const capLow = r.u16();
  const collation = r.u8();
  const statusFlags = r.u16();
  const capHigh = r.u16();
  const dataLen = r.u8();
  r.skip(10);
  const part2 = r.bytesView(Math.max(13, dataLen - 8)).subarray(0, 12);
  const scramble = new Uint8Array(20);
  scramble.set(part1);
  scramble.set(part2, 8);
  return {
    serverVersion,
    connectionId,
    scramble,
    capabilities: (capLow | (capHigh << 16)) >>> 0,
    collation,
    statusFlags,
    authPluginName: r.remaining > 0 ? r.nulString() : "",
  };
}
