/**
 * COM_CHANGE_USER (notes §4.4): re-authenticate with a fresh scramble (AuthSwitchRequest,
 * so the client's first auth data, computed with the greeting scramble, is never reused),
 * open a session for the new user, then close the old one. On failure the old session
 * stays in place and the client gets the ERR.
 */
import { MysqlError } from "../../types/errors.ts";
import { authenticate } from "../auth/authenticator.ts";
import { generateScramble } from "../auth/scramble.ts";
import { Capability } from "../constants.ts";
import type { ConnectionState } from "../connection_state.ts";
import { decodeChangeUser } from "../packets/change_user.ts";
import { writeErrPacket } from "../packets/err_packet.ts";
import { writeSimpleOk } from "./session_commands.ts";

/** Handles COM_CHANGE_USER. */
export async function comChangeUser(state: ConnectionState, payload: Uint8Array): Promise<void> {
  const request = decodeChangeUser(payload, state.capabilities);
  const scramble = generateScramble();
  const { services } = state;
  const account = await authenticate(state.channel, {
    user: request.user,
    authResponse: request.authResponse,
    pluginName: request.authPluginName,
    forceSwitch: true,
  }, {
    findAccount: (user) => services.executor.findAccount(user),
    scramble,
    freshScramble: scramble,
    secureTransport: state.secureTransport,
    rsaKey: services.rsaKey,
    cache: services.authCache,
    host: state.host,
  });
  if (!account) return;
  let session;
  try {
    session = services.executor.openSession({
      user: account.user,
      database: request.database,
      connectionId: state.connectionId,
      clientFoundRows: (state.capabilities & Capability.FOUND_ROWS) !== 0,
      host: state.host,
      disconnect: () => state.channel.close(),
    });
  } catch (err) {
    if (!(err instanceof MysqlError)) throw err;
    writeErrPacket(state.channel.writer, err);
    return;
  }
  const old = state.session;
  state.session = session;
  state.user = account.user;
  state.statements.clear();
  try {
    await old.close();
  } catch (err) {
    services.logger.warn({ err, connectionId: state.connectionId }, "Closing old session failed");
  }
  writeSimpleOk(state);
}
