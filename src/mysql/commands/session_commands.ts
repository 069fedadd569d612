/**
 * Text-protocol and housekeeping commands (notes §4.1-4.3): COM_QUERY, COM_INIT_DB,
 * COM_FIELD_LIST, COM_PING, COM_STATISTICS, COM_REFRESH, COM_DEBUG, COM_SET_OPTION,
 * COM_RESET_CONNECTION.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import { Capability } from "../constants.ts";
import type { ConnectionState } from "../connection_state.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import { decodeQueryText } from "../framing/query_text.ts";
import { utf8Decode } from "../framing/utf8.ts";
import { writeColumnDefinition } from "../packets/column_definition41.ts";
import { writeTerminator } from "../packets/eof_packet.ts";
import { writeOkPacket } from "../packets/ok_packet.ts";
import { writeQueryOutcome } from "../result_writer.ts";

function _deprecateEof(state: ConnectionState): boolean {
  return (state.capabilities & Capability.DEPRECATE_EOF) !== 0;
}

/** A plain OK with the session's status. */
export function writeSimpleOk(state: ConnectionState): void {
  writeOkPacket(state.channel.writer, {
    affectedRows: 0,
    lastInsertId: 0,
    statusFlags: state.session.statusFlags(),
    warnings: 0,
  });
}

/** COM_QUERY: run the text through the session and write every result. */
export async function comQuery(state: ConnectionState, payload: Uint8Array): Promise<void> {
  const sql = decodeQueryText(payload.subarray(1));
  const localFile = (state.capabilities & Capability.LOCAL_FILES) !== 0
    ? (name: string) => readLocalFile(state, name)
    : undefined;
  const outcome = await state.session.query(sql, {
    multiStatements: state.multiStatements,
    localFile,
  });
  await writeQueryOutcome(state.channel, outcome, {
    deprecateEof: _deprecateEof(state),
    binary: false,
    statusFlags: state.session.statusFlags(),
  });
}

/**
 * The LOCAL INFILE exchange (notes §4.1): a 0xFB packet names the file, the client answers
 * with its contents in packets and an empty packet at the end.
 */
async function* readLocalFile(state: ConnectionState, name: string): AsyncIterable<Uint8Array> {
  state.channel.writer.begin().u8(0xfb).eofString(name).end();
  await state.channel.flush();
  for (;;) {
    const packet = await state.channel.readPacket();
    if (packet === null) {
      throw new MysqlError(ER.NET_READ_ERROR, "Got an error reading communication packets");
    }
    if (packet.payload.length === 0) return;
    yield packet.payload;
  }
}

/** COM_PROCESS_KILL (deprecated, still sent by old tools): the same as `KILL id`. */
export async function comProcessKill(state: ConnectionState, payload: Uint8Array): Promise<void> {
  if (payload.length < 5) {
    throw new MysqlError(ER.MALFORMED_PACKET, "Malformed communication packet");
  }
  const id = new DataView(payload.buffer, payload.byteOffset + 1, 4).getUint32(0, true);
  const outcome = await state.session.query(`KILL ${id}`, { multiStatements: false });
  await writeQueryOutcome(state.channel, outcome, {
    deprecateEof: _deprecateEof(state),
    binary: false,
    statusFlags: state.session.statusFlags(),
  });
}

/** COM_INIT_DB: switch database (the session throws 1049 for an unknown one). */
export function comInitDb(state: ConnectionState, payload: Uint8Array): void {
  state.session.useDatabase(utf8Decode(payload.subarray(1)));
  writeSimpleOk(state);
}

/** COM_FIELD_LIST: column definitions with default values, then EOF (or OK-0xFE). */
export function comFieldList(state: ConnectionState, payload: Uint8Array): void {
  const nul = payload.indexOf(0, 1);
  const table = utf8Decode(payload.subarray(1, nul < 0 ? payload.length : nul));
  const wildcard = nul < 0 ? "" : utf8Decode(payload.subarray(nul + 1));
  const fields = state.session.fieldList(table, wildcard);
  const w = state.channel.writer;
  for (const f of fields) writeColumnDefinition(w, f, { defaultValue: f.defaultValue });
  writeTerminator(
    w,
    { warnings: 0, statusFlags: state.session.statusFlags() },
    _deprecateEof(state),
  );
}

/** COM_STATISTICS: the status line as a bare string<EOF> packet. */
export function comStatistics(state: ConnectionState): void {
  state.channel.writer.begin().eofString(state.session.statistics()).end();
}

/**
 * COM_REFRESH (deprecated in MySQL 8, still sent by `mariadb-admin refresh` and
 * `flush-threads`): one sub-command byte of FLUSH flags. FLUSH is a no-op here (no logs,
 * caches or privilege tables to reload), so the answer is MySQL's OK.
 */
export function comRefresh(state: ConnectionState, payload: Uint8Array): void {
  if (payload.length < 2) {
    throw new MysqlError(ER.MALFORMED_PACKET, "Malformed communication packet");
  }
  writeSimpleOk(state);
}

/** COM_DEBUG (`mariadb-admin debug`): MySQL dumps debug info to its error log and answers EOF. */
export function comDebug(state: ConnectionState): void {
  writeTerminator(
    state.channel.writer,
    { warnings: 0, statusFlags: state.session.statusFlags() },
    _deprecateEof(state),
  );
}

/** COM_SET_OPTION: multi-statements on (0) or off (1); replies EOF as mysqlnd expects. */
export function comSetOption(state: ConnectionState, payload: Uint8Array): void {
  const option = new PayloadReader(payload, 1).u16();
  if (option !== 0 && option !== 1) throw new MysqlError(ER.UNKNOWN_COM, "Unknown command");
  state.multiStatements = option === 0;
  writeTerminator(
    state.channel.writer,
    { warnings: 0, statusFlags: state.session.statusFlags() },
    _deprecateEof(state),
  );
}

/** COM_RESET_CONNECTION: the session resets its state; prepared statements are gone. */
export async function comResetConnection(state: ConnectionState): Promise<void> {
  await state.session.reset();
  state.statements.clear();
  writeSimpleOk(state);
}
