/**
 * ERR_Packet (protocol "ERR_Packet", notes §6.2): 0xFF, code, `#` + SQLSTATE, message.
 * The SQLSTATE marker is left out only for an error sent instead of the greeting (the
 * client has not negotiated PROTOCOL_41 yet).
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of an ERR packet. */
export interface ErrPacket {
  code: number;
  sqlState: string;
  message: string;
}

/** Options for `writeErrPacket`. */
export interface WriteErrOptions {
  /** False for an ERR sent before the handshake (no `#` + SQLSTATE). */
  withSqlState?: boolean;
}

/** MySQL truncates messages to MYSQL_ERRMSG_SIZE (512); some clients use fixed buffers. */
const MAX_MESSAGE_CHARS = 511;

/** Writes an ERR packet (one framed packet). */
export function writeErrPacket(
  w: PacketWriter,
  err: ErrPacket,
  options: WriteErrOptions = {},
): void {
  w.begin().u8(0xff).u16(err.code & 0xffff);
  if (options.withSqlState !== false) {
    const state = (err.sqlState + "HY000").slice(0, 5);
    w.u8(0x23).eofString(state);
  }
  const msg = err.message.length > MAX_MESSAGE_CHARS
    ? err.message.slice(0, MAX_MESSAGE_CHARS)
    : err.message;
  w.eofString(msg).end();
}

/** Decodes an ERR packet payload (with or without the SQLSTATE marker). */
export function decodeErrPacket(payload: Uint8Array): ErrPacket {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0xff) throw new RangeError("Not an ERR packet");
  const code = r.u16();
  let sqlState = "HY000";
  if (payload[3] === 0x23 && payload.length >= 9) {
    r.skip(1);
    sqlState = new TextDecoder().decode(r.bytesView(5));
  }
  return { code, sqlState, message: r.eofString() };
}
