/**
 * Protocol constants: capability flags, server status flags, command bytes.
 * Values from the MySQL source documentation (include/mysql_com.h) as summarised in
 * shared/reference/mysql-protocol-notes.md §2.2, §4.1 and §6.4.
 */

/** Client/server capability flags (Protocol::CapabilityFlags). */
export const Capability = {
  LONG_PASSWORD: 0x00000001,
  FOUND_ROWS: 0x00000002,
  LONG_FLAG: 0x00000004,
  CONNECT_WITH_DB: 0x00000008,
  NO_SCHEMA: 0x00000010,
  COMPRESS: 0x00000020,
  ODBC: 0x00000040,
  LOCAL_FILES: 0x00000080,
  IGNORE_SPACE: 0x00000100,
  PROTOCOL_41: 0x00000200,
  INTERACTIVE: 0x00000400,
  SSL: 0x00000800,
  IGNORE_SIGPIPE: 0x00001000,
  TRANSACTIONS: 0x00002000,
  RESERVED: 0x00004000,
  SECURE_CONNECTION: 0x00008000,
  MULTI_STATEMENTS: 0x00010000,
  MULTI_RESULTS: 0x00020000,
  PS_MULTI_RESULTS: 0x00040000,
  PLUGIN_AUTH: 0x00080000,
  CONNECT_ATTRS: 0x00100000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x00200000,
  CAN_HANDLE_EXPIRED_PASSWORDS: 0x00400000,
  SESSION_TRACK: 0x00800000,
  DEPRECATE_EOF: 0x01000000,
  OPTIONAL_RESULTSET_METADATA: 0x02000000,
  QUERY_ATTRIBUTES: 0x08000000,
} as const;

/**
 * What this server advertises: the notes' recommended set without TLS, plus LOCAL_FILES
 * (LOAD DATA LOCAL INFILE) and SESSION_TRACK, i.e. 0x01BFA78F. SSL is deliberately
 * absent: TLS is not offered, so "preferred" clients continue in clear text.
 */
export const SERVER_CAPABILITIES = Capability.LONG_PASSWORD | Capability.FOUND_ROWS |
  Capability.LONG_FLAG | Capability.CONNECT_WITH_DB | Capability.IGNORE_SPACE |
  Capability.PROTOCOL_41 | Capability.INTERACTIVE | Capability.TRANSACTIONS |
  Capability.SECURE_CONNECTION | Capability.MULTI_STATEMENTS | Capability.MULTI_RESULTS |
  Capability.PS_MULTI_RESULTS | Capability.PLUGIN_AUTH | Capability.CONNECT_ATTRS |
  Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.DEPRECATE_EOF | Capability.LOCAL_FILES |
  // OK packets carry their info text length-encoded either way (libmariadb reads it so);
  // clients that negotiate SESSION_TRACK (mysql2 does) then read it the same way.
  Capability.SESSION_TRACK;

/** SERVER_STATUS_* bits carried by OK and EOF packets. */
export const ServerStatus = {
  IN_TRANS: 0x0001,
  AUTOCOMMIT: 0x0002,
  MORE_RESULTS_EXISTS: 0x0008,
  NO_GOOD_INDEX_USED: 0x0010,
  NO_INDEX_USED: 0x0020,
  CURSOR_EXISTS: 0x0040,
  LAST_ROW_SENT: 0x0080,
  DB_DROPPED: 0x0100,
  NO_BACKSLASH_ESCAPES: 0x0200,
  METADATA_CHANGED: 0x0400,
  SESSION_STATE_CHANGED: 0x4000,
} as const;

/** Command bytes (first payload byte of a command packet). */
export const Command = {
  SLEEP: 0x00,
  QUIT: 0x01,
  INIT_DB: 0x02,
  QUERY: 0x03,
  FIELD_LIST: 0x04,
  REFRESH: 0x07,
  STATISTICS: 0x09,
  PROCESS_KILL: 0x0c,
  DEBUG: 0x0d,
  PING: 0x0e,
  CHANGE_USER: 0x11,
  STMT_PREPARE: 0x16,
  STMT_EXECUTE: 0x17,
  STMT_SEND_LONG_DATA: 0x18,
  STMT_CLOSE: 0x19,
  STMT_RESET: 0x1a,
  SET_OPTION: 0x1b,
  STMT_FETCH: 0x1c,
  RESET_CONNECTION: 0x1f,
} as const;

/** Largest payload one physical packet can carry; longer payloads are split. */
export const MAX_PACKET_CHUNK = 0xffffff;

/** Default `max_allowed_packet`, as in MySQL 8. */
export const DEFAULT_MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

/** Greeting collation: utf8mb4_general_ci, known to every client in the notes (§2.5). */
export const GREETING_COLLATION = 45;

export const NATIVE_PASSWORD = "mysql_native_password";
export const CACHING_SHA2_PASSWORD = "caching_sha2_password";
