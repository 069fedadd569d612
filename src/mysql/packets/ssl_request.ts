/**
 * Protocol::SSLRequest (notes §3.2): the first 32 bytes of a HandshakeResponse41 with
 * CLIENT_SSL set. This server does not offer TLS (CLIENT_SSL is never advertised), so a
 * client that sends one anyway insists on TLS and gets a clear error instead.
 */
import { Capability } from "../constants.ts";

/** True when the payload is an SSLRequest rather than a full handshake response. */
export function isSslRequest(payload: Uint8Array): boolean {
  if (payload.length !== 32) return false;
  const flags = payload[0]! | (payload[1]! << 8) | (payload[2]! << 16) | (payload[3]! << 24);
  return (flags & Capability.SSL) !== 0;
}

/** Message of the ERR sent in reply (ER_HANDSHAKE_ERROR, 08S01). */
export const TLS_NOT_OFFERED = "Bad handshake: this server does not offer TLS; connect without SSL";
