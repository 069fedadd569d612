/**
 * Errors raised by the framing and packet decoders. They are not `MysqlError`s: they mean
 * the byte stream can no longer be trusted, so the connection sends one ERR (when it still
 * can) and closes.
 */
import { ER } from "../../types/errors.ts";

/** A packet whose fields run past its end or carry impossible lengths. */
export class MalformedPacketError extends Error {
  /** ER_MALFORMED_PACKET, sent to the client before the connection closes. */
  readonly code: number = ER.MALFORMED_PACKET;
  constructor(message: string) {
    super(message);
    this.name = "MalformedPacketError";
  }
}

/** A packet longer than `max_allowed_packet` (ER_NET_PACKET_TOO_LARGE, 08S01). */
export class PacketTooLargeError extends Error {
  readonly code: number = ER.NET_PACKET_TOO_LARGE;
  readonly size: number;
  constructor(size: number, limit: number) {
    super(`Cannot accept packet: ${size} bytes exceeds max_allowed_packet ${limit}`);
    this.name = "PacketTooLargeError";
    this.size = size;
  }
}

/** A command packet whose sequence id is not 0 (ER_NET_PACKETS_OUT_OF_ORDER, 08S01). */
export class PacketsOutOfOrderError extends Error {
  readonly code = 1156;
  constructor(sequenceId: number) {
    super(`Cannot accept command: sequence id ${sequenceId}, expected 0`);
    this.name = "PacketsOutOfOrderError";
  }
}
