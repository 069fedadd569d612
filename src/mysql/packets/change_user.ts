/**
 * COM_CHANGE_USER (notes §4.4): user, auth data (1-byte length with SECURE_CONNECTION,
 * even when the LENENC flag was negotiated), database, then optionally collation, plugin
 * name and connection attributes.
 */
import { Capability } from "../constants.ts";
import type { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";

/** Fields of COM_CHANGE_USER. */
export interface ChangeUser {
  user: string;
  authResponse: Uint8Array;
  database: string | null;
  collation: number;
  authPluginName: string;
}

/** Decodes COM_CHANGE_USER; `payload` includes the command byte. */
export function decodeChangeUser(payload: Uint8Array, capabilities: number): ChangeUser {
  const r = new PayloadReader(payload, 1);
  const user = r.nulString();
  const authResponse = capabilities & Capability.SECURE_CONNECTION
    ? r.bytesView(r.u8())
    : r.nulBytes();
  const database = r.remaining > 0 ? r.nulString() || null : null;
  let collation = 0;
  let authPluginName = "";
  if (r.remaining >= 2) {
    collation = r.u16();
    if (capabilities & Capability.PLUGIN_AUTH && r.remaining > 0) {
      authPluginName = r.bytes.indexOf(0, r.position) < 0 ? r.eofString() : r.nulString();
    }
  }
  // Connection attributes may follow; they are not needed here.
  return { user, authResponse: authResponse.slice(), database, collation, authPluginName };
}

/** Writes COM_CHANGE_USER (client side; used by tests). */
export function writeChangeUser(w: PacketWriter, c: ChangeUser): void {
  w.begin().u8(0x11).nulString(c.user).u8(c.authResponse.length).bytes(c.authResponse)
    .nulString(c.database ?? "").u16(c.collation).nulString(c.authPluginName).end();
}
