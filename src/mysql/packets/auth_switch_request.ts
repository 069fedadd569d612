/**
 * Protocol::AuthSwitchRequest (notes §3.6): 0xFE, plugin name, plugin data (for
 * mysql_native_password and caching_sha2_password: the 20-byte scramble + NUL). The client
 * answers with raw auth bytes (AuthSwitchResponse, no header).
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of an AuthSwitchRequest. */
export interface AuthSwitchRequest {
  pluginName: string;
  /** Scramble without the trailing NUL. */
  pluginData: Uint8Array;
}

/** Writes an AuthSwitchRequest; the NUL after the scramble is added here. */
export function writeAuthSwitchRequest(w: PacketWriter, req: AuthSwitchRequest): void {
  w.begin().u8(0xfe).nulString(req.pluginName).bytes(req.pluginData).u8(0).end();
}

/** Decodes an AuthSwitchRequest payload (client side; used by tests). */
export function decodeAuthSwitchRequest(payload: Uint8Array): AuthSwitchRequest {
  const r = new PayloadReader(payload);
  if (r.u8() !== 0xfe) throw new RangeError("Not an AuthSwitchRequest");
  const pluginName = r.nulString();
  let data = r.eofBytes();
  if (data.length > 0 && data[data.length - 1] === 0) data = data.subarray(0, data.length - 1);
  return { pluginName, pluginData: data.slice() };
}
