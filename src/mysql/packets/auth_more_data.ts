/**
 * Protocol::AuthMoreData (notes §3.5): 0x01 + plugin-specific bytes. caching_sha2_password
 * uses it for fast_auth_success (0x03), perform_full_authentication (0x04) and to carry
 * the server's RSA public key (PEM).
 */
import type { PacketWriter } from "../framing/packet_writer.ts";

/** caching_sha2_password status bytes inside AuthMoreData. */
export const Sha2Status = {
  FAST_AUTH_SUCCESS: 0x03,
  PERFORM_FULL_AUTHENTICATION: 0x04,
} as const;

/** Client request byte for the server's public key (caching_sha2_password). */
export const REQUEST_PUBLIC_KEY = 0x02;

/** Writes AuthMoreData with `data` after the 0x01 header. */
export function writeAuthMoreData(w: PacketWriter, data: Uint8Array): void {
  w.begin().u8(0x01).bytes(data).end();
}

/** The data of an AuthMoreData payload, or null if the payload is something else. */
export function decodeAuthMoreData(payload: Uint8Array): Uint8Array | null {
  return payload[0] === 0x01 ? payload.subarray(1) : null;
}
