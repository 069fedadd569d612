/**
 * The authentication exchange after a HandshakeResponse41 or COM_CHANGE_USER (notes
 * §3.3-3.7). Accepts mysql_native_password and caching_sha2_password as named by the
 * client without a switch; any other plugin gets an AuthSwitchRequest to
 * mysql_native_password. caching_sha2_password uses the fast path for cached users
 * (`01 03`, then the caller's OK) and full authentication otherwise (`01 04`; clear
 * password accepted only over the Unix socket, else the RSA public-key exchange).
 * On failure it writes ERR 1045 and returns null; on success the caller sends the OK.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import { CACHING_SHA2_PASSWORD, NATIVE_PASSWORD } from "../constants.ts";
import type { Account } from "../executor.ts";
import type { PacketChannel } from "../packet_channel.ts";
import { REQUEST_PUBLIC_KEY, Sha2Status, writeAuthMoreData } from "../packets/auth_more_data.ts";
import { writeAuthSwitchRequest } from "../packets/auth_switch_request.ts";
import { writeErrPacket } from "../packets/err_packet.ts";
import type { AuthCache } from "./auth_cache.ts";
import { constantTimeEqual, verifyNativePassword, verifySha2Password } from "./password_hash.ts";
import { type RsaKeyPair, unscramblePassword } from "./rsa_key_pair.ts";

/** What the client offered. */
export interface AuthRequest {
  user: string;
  authResponse: Uint8Array;
  /** Plugin the response was computed with ("" = mysql_native_password). */
  pluginName: string;
  /** COM_CHANGE_USER: always switch, with a fresh scramble. */
  forceSwitch?: boolean;
}

/** Server-side context of the exchange. */
export interface AuthContext {
  findAccount(user: string): Account | undefined;
  /** The scramble the client's first response was computed with. */
  scramble: Uint8Array;
  /** Scramble for a forced switch (COM_CHANGE_USER). */
  freshScramble?: Uint8Array;
  /** Unix socket (or TLS): clear-text passwords may be accepted. */
  secureTransport: boolean;
  rsaKey(): Promise<RsaKeyPair>;
  cache: AuthCache;
  host: string;
  /** Plugin the greeting named; a client naming another one may have sent no data. */
  greetingPlugin?: string;
}

/** Runs the exchange; returns the account, or null after writing ERR 1045. */
export async function authenticate(
  channel: PacketChannel,
  request: AuthRequest,
  ctx: AuthContext,
): Promise<Account | null> {
  let plugin = request.pluginName || NATIVE_PASSWORD;
  let response = request.authResponse;
  let scramble = ctx.scramble;
  const known = plugin === NATIVE_PASSWORD || plugin === CACHING_SHA2_PASSWORD;
  // libmariadb withholds the scramble from a plugin other than the greeting's and sends
  // an empty response, expecting a switch to the plugin it named.
  const withheld = response.length === 0 && ctx.greetingPlugin !== undefined &&
    plugin !== ctx.greetingPlugin;
  if (!known || request.forceSwitch || withheld) {
    if (!known) plugin = NATIVE_PASSWORD;
    scramble = ctx.freshScramble ?? scramble;
    writeAuthSwitchRequest(channel.writer, { pluginName: plugin, pluginData: scramble });
    response = await _readAuthPacket(channel);
  }
  const usedPassword = response.length > 0 && !(response.length === 1 && response[0] === 0);
  const account = ctx.findAccount(request.user);
  let ok = false;
  if (account) {
    ok = plugin === NATIVE_PASSWORD
      ? await verifyNativePassword(response, account.password, scramble)
      : await _cachingSha2(channel, { account, response, scramble, usedPassword }, ctx);
  }
  if (ok) return account!;
  const user = request.user.slice(0, 48);
  const host = ctx.host.slice(0, 64);
  const err = new MysqlError(
    ER.ACCESS_DENIED,
    `Access denied for user '${user}'@'${host}' (using password: ${usedPassword ? "YES" : "NO"})`,
  );
  writeErrPacket(channel.writer, err);
  return null;
}

async function _readAuthPacket(channel: PacketChannel): Promise<Uint8Array> {
  await channel.flush();
  const packet = await channel.readPacket();
  // A client hanging up mid-exchange is not a protocol error, just the end of the socket.
  if (!packet) throw new Deno.errors.ConnectionAborted("Client closed during authentication");
  return packet.payload;
}

interface Sha2Attempt {
  account: Account;
  response: Uint8Array;
  scramble: Uint8Array;
  usedPassword: boolean;
}

async function _cachingSha2(
  channel: PacketChannel,
  a: Sha2Attempt,
  ctx: AuthContext,
): Promise<boolean> {
  const password = a.account.password;
  // Empty stored password: OK straight away (no fast_auth_success), as MySQL does.
  if (password === "") return !a.usedPassword;
  if (!a.usedPassword) return false;
  if (await ctx.cache.has(a.account.user, password)) {
    if (!(await verifySha2Password(a.response, password, a.scramble))) return false;
    writeAuthMoreData(channel.writer, Uint8Array.of(Sha2Status.FAST_AUTH_SUCCESS));
    return true;
  }
  writeAuthMoreData(channel.writer, Uint8Array.of(Sha2Status.PERFORM_FULL_AUTHENTICATION));
  let reply = await _readAuthPacket(channel);
  let clear: string | null = null;
  if (reply.length === 1 && reply[0] === REQUEST_PUBLIC_KEY) {
    const key = await ctx.rsaKey();
    writeAuthMoreData(channel.writer, new TextEncoder().encode(key.publicKeyPem));
    reply = await _readAuthPacket(channel);
    clear = await _decrypt(reply, a.scramble, ctx);
  } else if (ctx.secureTransport && reply.length > 0 && reply[reply.length - 1] === 0) {
    clear = new TextDecoder().decode(reply.subarray(0, reply.length - 1));
  } else if (reply.length === 256) {
    // A client that already holds the public key sends the ciphertext directly.
    clear = await _decrypt(reply, a.scramble, ctx);
  }
  // A clear-text password over TCP without TLS is refused, never looked at.
  if (clear === null) return false;
  const enc = new TextEncoder();
  const ok = constantTimeEqual(enc.encode(clear), enc.encode(password));
  if (ok) await ctx.cache.add(a.account.user, password);
  return ok;
}

async function _decrypt(cipher: Uint8Array, scramble: Uint8Array, ctx: AuthContext) {
  const key = await ctx.rsaKey();
  const plain = await key.decrypt(cipher);
  return plain === null ? null : unscramblePassword(plain, scramble);
}
