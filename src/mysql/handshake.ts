/**
 * The connection phase (notes §2, §3): greeting, HandshakeResponse41 (an SSLRequest gets a
 * clear "no TLS" error), authentication, session opening (unknown database → 1049), OK.
 * Any failure writes one ERR and returns null; the caller closes the socket.
 */
import { ER, MysqlError } from "../types/errors.ts";
import { authenticate } from "./auth/authenticator.ts";
import { generateScramble } from "./auth/scramble.ts";
import {
  Capability,
  GREETING_COLLATION,
  NATIVE_PASSWORD,
  SERVER_CAPABILITIES,
  ServerStatus,
} from "./constants.ts";
import {
  type ConnectionServices,
  type ConnectionState,
  StatementRegistry,
} from "./connection_state.ts";
import { MalformedPacketError } from "./framing/protocol_error.ts";
import type { PacketChannel } from "./packet_channel.ts";
import { writeErrPacket } from "./packets/err_packet.ts";
import { decodeHandshakeResponse41 } from "./packets/handshake_response41.ts";
import { writeHandshakeV10 } from "./packets/handshake_v10.ts";
import { writeOkPacket } from "./packets/ok_packet.ts";
import { isSslRequest, TLS_NOT_OFFERED } from "./packets/ssl_request.ts";

/** Who is connecting. */
export interface HandshakeOptions {
  connectionId: number;
  host: string;
  secureTransport: boolean;
  services: ConnectionServices;
  /** Plugin named in the greeting (default mysql_native_password, see notes §3.3). */
  greetingPlugin?: string;
}

/** Runs the connection phase; the authenticated state, or null after an ERR was sent. */
export async function performHandshake(
  channel: PacketChannel,
  options: HandshakeOptions,
): Promise<ConnectionState | null> {
  const { services } = options;
  const scramble = generateScramble();
  channel.writer.sequenceId = 0;
  writeHandshakeV10(channel.writer, {
    serverVersion: services.executor.serverVersion,
    connectionId: options.connectionId,
    scramble,
    capabilities: SERVER_CAPABILITIES,
    collation: GREETING_COLLATION,
    statusFlags: ServerStatus.AUTOCOMMIT,
    authPluginName: options.greetingPlugin ?? NATIVE_PASSWORD,
  });
  await channel.flush();
  const packet = await channel.readPacket();
  if (!packet) return null;
  if (isSslRequest(packet.payload)) {
    return await _fail(channel, new MysqlError(ER.HANDSHAKE_ERROR, TLS_NOT_OFFERED));
  }
  let response;
  try {
    response = decodeHandshakeResponse41(packet.payload);
  } catch (err) {
    if (!(err instanceof MalformedPacketError)) throw err;
    services.logger.warn(
      { connectionId: options.connectionId, err: err.message },
      "Bad handshake response",
    );
    return await _fail(channel, new MysqlError(ER.HANDSHAKE_ERROR, "Bad handshake"));
  }
  const account = await authenticate(channel, {
    user: response.user,
    authResponse: response.authResponse,
    pluginName: response.authPluginName,
  }, {
    findAccount: (user) => services.executor.findAccount(user),
    scramble,
    secureTransport: options.secureTransport,
    rsaKey: services.rsaKey,
    cache: services.authCache,
    host: options.host,
    greetingPlugin: options.greetingPlugin ?? NATIVE_PASSWORD,
  });
  if (!account) {
    services.logger.info(
      { connectionId: options.connectionId, user: response.user, host: options.host },
      "Access denied",
    );
    await channel.flush();
    return null;
  }
  const capabilities = response.capabilities & SERVER_CAPABILITIES;
  let session;
  try {
    session = services.executor.openSession({
      user: account.user,
      database: response.database,
      connectionId: options.connectionId,
      clientFoundRows: (capabilities & Capability.FOUND_ROWS) !== 0,
      host: options.host,
      disconnect: () => channel.close(),
    });
  } catch (err) {
    if (err instanceof MysqlError) return await _fail(channel, err);
    services.logger.error({ err, connectionId: options.connectionId }, "Opening a session failed");
    return await _fail(channel, new MysqlError(ER.UNKNOWN_ERROR, "Cannot open a session"));
  }
  writeOkPacket(channel.writer, {
    affectedRows: 0,
    lastInsertId: 0,
    statusFlags: session.statusFlags(),
    warnings: 0,
  });
  await channel.flush();
  return {
    connectionId: options.connectionId,
    channel,
    services,
    capabilities,
    session,
    user: account.user,
    host: options.host,
    secureTransport: options.secureTransport,
    multiStatements: (capabilities & Capability.MULTI_STATEMENTS) !== 0,
    statements: new StatementRegistry(services.maxAllowedPacket),
  };
}

async function _fail(channel: PacketChannel, err: MysqlError): Promise<null> {
  writeErrPacket(channel.writer, err);
  await channel.flush();
  return null;
}
