/**
 * EOF_Packet (protocol "EOF_Packet", notes §6.3): 0xFE, warnings, then status flags, a
 * 5-byte payload. Only used when CLIENT_DEPRECATE_EOF is not negotiated; otherwise the
 * terminator is an OK packet with header 0xFE (see `writeTerminator`).
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { writeOkPacket } from "./ok_packet.ts";

/** Fields of an EOF packet. */
export interface EofPacket {
  warnings: number;
  statusFlags: number;
}

/** Writes an EOF packet. */
export function writeEofPacket(w: PacketWriter, eof: EofPacket): void {
  w.begin().u8(0xfe).u16(Math.min(eof.warnings, 0xffff)).u16(eof.statusFlags & 0xffff).end();
}

/** Decodes an EOF packet payload. */
export function decodeEofPacket(payload: Uint8Array): EofPacket {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0xfe || payload.length >= 9) throw new RangeError("Not an EOF packet");
  return { warnings: r.u16(), statusFlags: r.u16() };
}

/**
 * Ends a result set (or COM_FIELD_LIST / COM_SET_OPTION reply): EOF, or the minimal
 * OK-0xFE when the client negotiated DEPRECATE_EOF.
 */
export function writeTerminator(w: PacketWriter, eof: EofPacket, deprecateEof: boolean): void {
  if (deprecateEof) {
    writeOkPacket(w, {
      header: 0xfe,
      affectedRows: 0,
      lastInsertId: 0,
      statusFlags: eof.statusFlags,
      warnings: eof.warnings,
    });
  } else {
    writeEofPacket(w, eof);
  }
}
