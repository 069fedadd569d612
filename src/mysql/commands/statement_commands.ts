/**
 * Prepared-statement commands (notes §4.5, §4.6): COM_STMT_PREPARE, COM_STMT_EXECUTE,
 * COM_STMT_SEND_LONG_DATA (no reply), COM_STMT_RESET, COM_STMT_CLOSE (no reply).
 * Cursors are refused with 1235 and the connection stays usable.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import { Capability } from "../constants.ts";
import type { ConnectionState } from "../connection_state.ts";
import { decodeQueryText } from "../framing/query_text.ts";
import { PayloadReader } from "../framing/payload_reader.ts";
import {
  CURSOR_FLAGS_MASK,
  decodeStmtExecuteHeader,
  decodeStmtExecuteParams,
} from "../packets/stmt_execute.ts";
import { PARAM_COLUMN, writeStmtPrepareOk } from "../packets/stmt_prepare_ok.ts";
import { decodeStmtSendLongData } from "../packets/stmt_send_long_data.ts";
import { writeOkPacket } from "../packets/ok_packet.ts";
import { writeDefinitions, writeStatementResult } from "../result_writer.ts";

const ER_STMT_HAS_NO_OPEN_CURSOR = 1421;

function _deprecateEof(state: ConnectionState): boolean {
  return (state.capabilities & Capability.DEPRECATE_EOF) !== 0;
}

/** COM_STMT_PREPARE: prepare, register, describe parameters and columns. */
export function stmtPrepare(state: ConnectionState, payload: Uint8Array): void {
  const sql = decodeQueryText(payload.subarray(1));
  const statement = state.session.prepare(sql);
  const entry = state.statements.add(statement);
  const w = state.channel.writer;
  writeStmtPrepareOk(w, {
    statementId: entry.id,
    columnCount: statement.columns.length,
    paramCount: statement.paramCount,
    warnings: 0,
  });
  const options = { deprecateEof: _deprecateEof(state), statusFlags: state.session.statusFlags() };
  if (statement.paramCount > 0) {
    writeDefinitions(state.channel, new Array(statement.paramCount).fill(PARAM_COLUMN), options);
  }
  writeDefinitions(state.channel, statement.columns, options);
}

/** COM_STMT_EXECUTE: decode parameters, execute, reply with a binary result or OK. */
export async function stmtExecute(state: ConnectionState, payload: Uint8Array): Promise<void> {
  const header = decodeStmtExecuteHeader(payload);
  const entry = state.statements.require(header.statementId, "mysqld_stmt_execute");
  try {
    if ((header.flags & CURSOR_FLAGS_MASK) !== 0) {
      throw new MysqlError(
        ER.NOT_SUPPORTED_YET,
        "This version of MySQL doesn't yet support 'cursors'",
      );
    }
    if (entry.longData.overflow) {
      throw new MysqlError(
        ER.NET_PACKET_TOO_LARGE,
        "Parameter of prepared statement which is set through mysql_send_long_data() is longer than 'max_allowed_packet' bytes",
      );
    }
    const { params, types } = decodeStmtExecuteParams(payload, {
      paramCount: entry.statement.paramCount,
      previousTypes: entry.types,
      longData: entry.longData,
    });
    entry.types = types;
    entry.longData.clear();
    const result = await state.session.execute(entry.statement, params);
    await writeStatementResult(state.channel, result, {
      deprecateEof: _deprecateEof(state),
      binary: true,
      statusFlags: state.session.statusFlags(),
    });
  } finally {
    // Long data belongs to one execution, whether it succeeded or not.
    entry.longData.clear();
  }
}

/** COM_STMT_SEND_LONG_DATA: accumulate; never replies (an error shows at execute). */
export function stmtSendLongData(state: ConnectionState, payload: Uint8Array): void {
  const piece = decodeStmtSendLongData(payload);
  const entry = state.statements.get(piece.statementId);
  if (!entry || piece.paramId >= entry.statement.paramCount) return;
  entry.longData.add(piece.paramId, piece.data);
}

/** COM_STMT_RESET: drop accumulated long data. */
export function stmtReset(state: ConnectionState, payload: Uint8Array): void {
  const id = new PayloadReader(payload, 1).u32();
  state.statements.require(id, "mysqld_stmt_reset").longData.clear();
  writeOkPacket(state.channel.writer, {
    affectedRows: 0,
    lastInsertId: 0,
    statusFlags: state.session.statusFlags(),
    warnings: 0,
  });
}

/** COM_STMT_CLOSE: forget the statement; never replies. */
export function stmtClose(state: ConnectionState, payload: Uint8Array): void {
  const id = new PayloadReader(payload, 1).u32();
  const entry = state.statements.delete(id);
  if (entry) state.session.closeStatement(entry.statement);
}

/** COM_STMT_FETCH: no cursor is ever opened, so there is nothing to fetch. */
export function stmtFetch(state: ConnectionState, payload: Uint8Array): void {
  const id = new PayloadReader(payload, 1).u32();
  state.statements.require(id, "mysqld_stmt_fetch");
  throw new MysqlError(ER_STMT_HAS_NO_OPEN_CURSOR, `The statement (${id}) has no open cursor.`);
}
