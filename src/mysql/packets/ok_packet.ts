/**
 * OK_Packet (protocol "OK_Packet", notes §6.1). Header 0x00, or 0xFE when it terminates a
 * result set under CLIENT_DEPRECATE_EOF. Status and warnings are always sent (PyMySQL and
 * mysqlnd reject shorter packets). `info` goes out length-encoded, as MySQL's server writes
 * it even without SESSION_TRACK: libmariadb (mariadb CLI, sysbench) reads a lenenc string
 * there and reports "malformed packet" for string<EOF>.
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of an OK packet. */
export interface OkPacket {
  /** 0x00 normally; 0xFE as the DEPRECATE_EOF result-set terminator. */
  header?: 0x00 | 0xfe;
  affectedRows: number | bigint;
  lastInsertId: number | bigint;
  statusFlags: number;
  warnings: number;
  info?: string;
}

/** Writes an OK packet (one framed packet). */
export function writeOkPacket(w: PacketWriter, ok: OkPacket): void {
  w.begin()
    .u8(ok.header ?? 0x00)
    .lenenc(ok.affectedRows)
    .lenenc(ok.lastInsertId)
    .u16(ok.statusFlags & 0xffff)
    .u16(Math.min(ok.warnings, 0xffff));
  if (ok.info) w.lenencString(ok.info);
  w.end();
}

/** Decodes an OK packet payload. */
export function decodeOkPacket(payload: Uint8Array): OkPacket {
  const r = new PayloadReader(payload);
  const header = r.u8();
  if (header !== 0x00 && header !== 0xfe) throw new RangeError(`Not an OK packet: 0x${header}`);
  const ok: OkPacket = {
    header,
    affectedRows: r.lenenc(),
    lastInsertId: r.lenenc(),
    statusFlags: r.u16(),
    warnings: r.u16(),
  };
  if (r.remaining > 0) ok.info = r.lenencString();
  return ok;
}
