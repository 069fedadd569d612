/**
 * One client connection: the connection phase, then the command loop (notes §4.1). Each
 * command's reply is built in one buffer and flushed once. A MysqlError becomes an ERR and
 * the connection goes on; a malformed or oversized packet gets ERR 1835 / 1153 and closes
 * only this connection. `run()` never rejects.
 */
import { ER, MysqlError } from "../types/errors.ts";
import { comChangeUser } from "./commands/change_user_command.ts";
import {
  comDebug,
  comFieldList,
  comInitDb,
  comProcessKill,
  comQuery,
  comRefresh,
  comResetConnection,
  comSetOption,
  comStatistics,
  writeSimpleOk,
} from "./commands/session_commands.ts";
import {
  stmtClose,
  stmtExecute,
  stmtFetch,
  stmtPrepare,
  stmtReset,
  stmtSendLongData,
} from "./commands/statement_commands.ts";
import { Command } from "./constants.ts";
import type { ConnectionServices, ConnectionState } from "./connection_state.ts";
import {
  MalformedPacketError,
  PacketsOutOfOrderError,
  PacketTooLargeError,
} from "./framing/protocol_error.ts";
import { performHandshake } from "./handshake.ts";
import { type ByteStream, PacketChannel } from "./packet_channel.ts";
import { writeErrPacket } from "./packets/err_packet.ts";

/** Options for `Connection`. */
export interface ConnectionOptions {
  connectionId: number;
  host: string;
  /** Unix socket: clear-text caching_sha2 passwords may be accepted. */
  secureTransport: boolean;
  services: ConnectionServices;
  /** Time allowed for the connection phase (MySQL's connect_timeout). */
  connectTimeoutMs: number;
  /** Packet limit before authentication (keeps unauthenticated peers cheap). */
  preAuthMaxPacket?: number;
  greetingPlugin?: string;
}

/** A served client connection. */
export class Connection {
  readonly id: number;
  readonly #channel: PacketChannel;
  readonly #options: ConnectionOptions;
  #state: ConnectionState | null = null;
  #idle = true;
  #closing = false;
  #current: Promise<unknown> = Promise.resolve();
  #done: Promise<void> | null = null;

  constructor(stream: ByteStream, options: ConnectionOptions) {
    this.id = options.connectionId;
    this.#options = options;
    this.#channel = new PacketChannel(stream, options.preAuthMaxPacket ?? 1024 * 1024);
  }

  /** Serves the connection until it ends; never rejects. */
  run(): Promise<void> {
    this.#done ??= this.#run();
    return this.#done;
  }

  /**
   * Stops serving: an idle connection closes now; one running a command gets up to
   * `graceMs` to finish it. Resolves once the session is closed.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.#closing = true;
    // Before authentication there is no command to finish: the peer is waited on, not us.
    if (!this.#idle && this.#state !== null) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([this.#current, grace]);
      clearTimeout(timer);
    }
    this.#channel.close();
    await this.#done;
  }

  async #run(): Promise<void> {
    const { services } = this.#options;
    const log = services.logger;
    const timer = setTimeout(() => {
      if (this.#state) return;
      log.info({ connectionId: this.id }, "Connection phase timed out");
      this.#channel.close();
    }, this.#options.connectTimeoutMs);
    try {
      this.#idle = false;
      const handshake = performHandshake(this.#channel, {
        connectionId: this.id,
        host: this.#options.host,
        secureTransport: this.#options.secureTransport,
        services,
        greetingPlugin: this.#options.greetingPlugin,
      });
      this.#current = handshake;
      this.#state = await handshake;
      clearTimeout(timer);
      if (!this.#state) return;
      this.#channel.maxPacketSize = services.maxAllowedPacket;
      await this.#serve(this.#state);
    } catch (err) {
      await this.#fatal(err);
    } finally {
      clearTimeout(timer);
      this.#idle = true;
      this.#channel.close();
      if (this.#state) {
        try {
          await this.#state.session.close();
        } catch (err) {
          log.warn({ err, connectionId: this.id }, "Session close failed");
        }
      }
    }
  }

  async #serve(state: ConnectionState): Promise<void> {
    const channel = this.#channel;
    for (;;) {
      this.#idle = true;
      if (this.#closing) return;
      const packet = await channel.readPacket();
      if (!packet) return;
      this.#idle = false;
      // Every command starts a new exchange at 0; anything else means the client and the
      // server disagree about where they are, and MySQL drops such a connection.
      if (packet.firstSequenceId !== 0) throw new PacketsOutOfOrderError(packet.firstSequenceId);
      const flushedBefore = channel.flushedBytes;
      const command = this.#dispatch(state, packet.payload);
      this.#current = command;
      try {
        if ((await command) === "quit") return;
      } catch (err) {
        if (err instanceof MalformedPacketError || channel.flushedBytes !== flushedBefore) {
          throw err;
        }
        // Nothing of the reply left yet: replace whatever was built with one ERR.
        channel.writer.reset();
        channel.writer.sequenceId = (packet.sequenceId + 1) & 0xff;
        writeErrPacket(channel.writer, this.#toMysqlError(err));
      }
      if (channel.writer.length > 0) await channel.flush();
    }
  }

  #toMysqlError(err: unknown): MysqlError {
    if (err instanceof MysqlError) return err;
    this.#options.services.logger.error({ err, connectionId: this.id }, "Command failed");
    const message = err instanceof Error ? err.message : String(err);
    return new MysqlError(ER.UNKNOWN_ERROR, `Internal error: ${message}`);
  }

  async #dispatch(state: ConnectionState, payload: Uint8Array): Promise<"quit" | void> {
    const command = payload[0];
    switch (command) {
      case Command.QUIT:
        return "quit";
      case Command.QUERY:
        return await comQuery(state, payload);
      case Command.STMT_EXECUTE:
        return await stmtExecute(state, payload);
      case Command.STMT_PREPARE:
        return stmtPrepare(state, payload);
      case Command.STMT_CLOSE:
        return stmtClose(state, payload);
      case Command.STMT_SEND_LONG_DATA:
        return stmtSendLongData(state, payload);
      case Command.STMT_RESET:
        return stmtReset(state, payload);
      case Command.STMT_FETCH:
        return stmtFetch(state, payload);
      case Command.PING:
        return writeSimpleOk(state);
      case Command.INIT_DB:
        return comInitDb(state, payload);
      case Command.FIELD_LIST:
        return comFieldList(state, payload);
      case Command.STATISTICS:
        return comStatistics(state);
      case Command.REFRESH:
        return comRefresh(state, payload);
      case Command.DEBUG:
        return comDebug(state);
      case Command.PROCESS_KILL:
        return await comProcessKill(state, payload);
      case Command.SET_OPTION:
        return comSetOption(state, payload);
      case Command.RESET_CONNECTION:
        return await comResetConnection(state);
      case Command.CHANGE_USER:
        return await comChangeUser(state, payload);
      default:
        throw new MysqlError(ER.UNKNOWN_COM, "Unknown command");
    }
  }

  async #fatal(err: unknown): Promise<void> {
    const log = this.#options.services.logger;
    const ctx = { connectionId: this.id, host: this.#options.host };
    let reply: MysqlError | null = null;
    if (err instanceof PacketTooLargeError) {
      log.warn({ ...ctx, size: err.size }, "Packet too large; closing connection");
      reply = new MysqlError(
        ER.NET_PACKET_TOO_LARGE,
        "Got a packet bigger than 'max_allowed_packet' bytes",
      );
    } else if (err instanceof PacketsOutOfOrderError) {
      log.warn({ ...ctx, err: err.message }, "Packets out of order; closing connection");
      reply = new MysqlError(err.code, "Got packets out of order", "08S01");
    } else if (err instanceof MalformedPacketError) {
      log.warn({ ...ctx, err: err.message }, "Malformed packet; closing connection");
      reply = new MysqlError(ER.MALFORMED_PACKET, "Malformed communication packet");
    } else if (this.#closing || _isSocketError(err)) {
      log.debug({ ...ctx, err }, "Connection ended");
    } else {
      log.error({ ...ctx, err }, "Connection failed");
    }
    if (!reply) return;
    try {
      this.#channel.writer.reset();
      writeErrPacket(this.#channel.writer, reply);
      await this.#channel.flush();
    } catch {
      // The peer is gone; nothing more to tell it.
    }
  }
}

function _isSocketError(err: unknown): boolean {
  return err instanceof Deno.errors.BadResource || err instanceof Deno.errors.Interrupted ||
    err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.BrokenPipe ||
    err instanceof Deno.errors.ConnectionAborted || err instanceof Deno.errors.NotConnected;
}
