/**
 * Protocol::HandshakeResponse41 (notes §3.1). Parsed with the *client's* own flags (node
 * mysql2 lays the packet out by its unmasked defaults); trailing optional fields that are
 * missing count as empty. The auth response has three encodings: lenenc
 * (PLUGIN_AUTH_LENENC_CLIENT_DATA), 1-byte length (SECURE_CONNECTION), or NUL-terminated.
 */
import { Capability } from "../constants.ts";
import { PacketWriter } from "../framing/packet_writer.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { MalformedPacketError } from "../framing/protocol_error.ts";

/** Fields of the client's handshake response. */
export interface HandshakeResponse41 {
  capabilities: number;
  maxPacketSize: number;
  collation: number;
  user: string;
  authResponse: Uint8Array;
  /** From CONNECT_WITH_DB; "" is reported as null (node mysql2 always sends the field). */
  database: string | null;
  /** Client plugin, "" when absent. */
  authPluginName: string;
  attributes: Map<string, string>;
}

/** Decodes a HandshakeResponse41 payload; throws MalformedPacketError on truncation. */
export function decodeHandshakeResponse41(payload: Uint8Array): HandshakeResponse41 {
  const r = new PayloadReader(payload);
  const capabilities = r.u32();
  if ((capabilities & Capability.PROTOCOL_41) === 0) {
    throw new MalformedPacketError("Cannot decode handshake response: client lacks PROTOCOL_41");
  }
  const maxPacketSize = r.u32();
  const collation = r.u8();
  r.skip(23);
  const user = r.nulString();
  let authResponse: Uint8Array;
  if (capabilities & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) authResponse = r.lenencBytes();
  else if (capabilities & Capability.SECURE_CONNECTION) authResponse = r.bytesView(r.u8());
  else authResponse = r.nulBytes();
  let database: string | null = null;
  if (capabilities & Capability.CONNECT_WITH_DB && r.remaining > 0) {
    database = r.nulString() || null;
  }
  let authPluginName = "";
  if (capabilities & Capability.PLUGIN_AUTH && r.remaining > 0) {
    // Some clients end the packet with the name and no NUL.
    authPluginName = r.bytes.indexOf(0, r.position) < 0 ? r.eofString() : r.nulString();
  }
  const attributes = new Map<string, string>();
  if (capabilities & Capability.CONNECT_ATTRS && r.remaining > 0) {
    const attrs = new PayloadReader(r.lenencBytes());
    while (attrs.remaining > 0) attributes.set(attrs.lenencString(), attrs.lenencString());
  }
  return {
    capabilities,
    maxPacketSize,
    collation,
    user,
    authResponse: authResponse.slice(),
    database,
    authPluginName,
    attributes,
  };
}

/** Writes a HandshakeResponse41 laid out by `capabilities` (client side; used by tests). */
export function writeHandshakeResponse41(w: PacketWriter, h: HandshakeResponse41): void {
  const caps = h.capabilities;
  w.begin().u32(caps).u32(h.maxPacketSize).u8(h.collation).zeros(23).nulString(h.user);
  if (caps & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) w.lenencBytes(h.authResponse);
  else if (caps & Capability.SECURE_CONNECTION) w.u8(h.authResponse.length).bytes(h.authResponse);
  else w.bytes(h.authResponse).u8(0);
  if (caps & Capability.CONNECT_WITH_DB) w.nulString(h.database ?? "");
  if (caps & Capability.PLUGIN_AUTH) w.nulString(h.authPluginName);
  if (caps & Capability.CONNECT_ATTRS) {
    const inner = new PacketWriter(256);
    for (const [k, v] of h.attributes) inner.lenencString(k).lenencString(v);
    w.lenencBytes(inner.view());
  }
  w.end();
}
