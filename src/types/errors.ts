/**
 * MySQL error codes and their SQLSTATEs, in one table, and the error class every layer
 * throws when a client should see a MySQL error.
 */
export const ER = {
  CON_COUNT_ERROR: 1040,
  HANDSHAKE_ERROR: 1043,
  DBACCESS_DENIED: 1044,
  ACCESS_DENIED: 1045,
  NO_DB: 1046,
  UNKNOWN_COM: 1047,
  BAD_NULL: 1048,
  BAD_DB: 1049,
  TABLE_EXISTS: 1050,
  BAD_TABLE: 1051,
  NON_UNIQ: 1052,
  SERVER_SHUTDOWN: 1053,
  BAD_FIELD: 1054,
  DUP_FIELDNAME: 1060,
  DUP_KEYNAME: 1061,
  DUP_ENTRY: 1062,
  PARSE_ERROR: 1064,
  EMPTY_QUERY: 1065,
  NONUNIQ_TABLE: 1066,
  INVALID_DEFAULT: 1067,
  MULTIPLE_PRI_KEY: 1068,
  CANT_DROP_FIELD_OR_KEY: 1091,
  NO_SUCH_THREAD: 1094,
  UNKNOWN_ERROR: 1105,
  ERROR_DURING_COMMIT: 1180,
  QUERY_INTERRUPTED: 1317,
  CLIENT_LOCAL_FILES_DISABLED: 3948,
  WARN_TOO_FEW_RECORDS: 1261,
  WARN_TOO_MANY_RECORDS: 1262,
  TOO_BIG_ROWSIZE: 1118,
  RECORD_FILE_FULL: 1114,
  NET_PACKET_TOO_LARGE: 1153,
  NET_READ_ERROR: 1158,
  DB_CREATE_EXISTS: 1007,
  DB_DROP_EXISTS: 1008,
  NO_SUCH_TABLE: 1146,
  TABLEACCESS_DENIED: 1142,
  UNKNOWN_SYSTEM_VARIABLE: 1193,
  LOCK_WAIT_TIMEOUT: 1205,
  LOCK_DEADLOCK: 1213,
  WRONG_VALUE_FOR_VAR: 1231,
  NOT_SUPPORTED_YET: 1235,
  UNKNOWN_STMT_HANDLER: 1243,
  SP_DOES_NOT_EXIST: 1305,
  OPTION_PREVENTS_STATEMENT: 1290,
  TRUNCATED_WRONG_VALUE: 1292,
  SP_DOES_NOT_EXIST_SAVEPOINT: 1305,
  WRONG_ARGUMENTS: 1210,
  MALFORMED_PACKET: 1835,
  WRONG_VALUE_COUNT_ON_ROW: 1136,
  NO_REFERENCED_ROW: 1452,
  ROW_IS_REFERENCED: 1451,
  DATA_TOO_LONG: 1406,
  WARN_DATA_OUT_OF_RANGE: 1264,
  TRUNCATED_WRONG_VALUE_FOR_FIELD: 1366,
  NO_DEFAULT_FOR_FIELD: 1364,
  CHECK_CONSTRAINT_VIOLATED: 3819,
  WRONG_DB_NAME: 1102,
  WRONG_TABLE_NAME: 1103,
  KEY_DOES_NOT_EXITS: 1176,
  UNKNOWN_TABLE: 1109,
  VIEW_WRONG_LIST: 1353,
  TABLE_DEF_CHANGED: 1412,
  WRONG_OBJECT: 1347,
  WRONG_PARAMCOUNT_TO_NATIVE_FCT: 1582,
  DATA_OUT_OF_RANGE: 1690,
  DIVISION_BY_ZERO: 1365,
  WRONG_VALUE_FOR_TYPE: 1411,
  WARN_DATA_TRUNCATED: 1265,
  REGEXP_ERROR: 3685,
  INVALID_JSON_TEXT_IN_PARAM: 3141,
  INVALID_JSON_PATH: 3143,
  JSON_DOCUMENT_TOO_DEEP: 3157,
  MISSING_JSON_VALUE: 3966,
  MULTIPLE_JSON_VALUES: 3967,
} as const;

/** SQLSTATE for each code; codes missing here use HY000. */
const SQL_STATES: Record<number, string> = {
  1040: "08004",
  1043: "08S01",
  1044: "42000",
  1045: "28000",
  1046: "3D000",
  1047: "08S01",
  1048: "23000",
  1049: "42000",
  1317: "70100",
  3948: "42000",
  1050: "42S01",
  1051: "42S02",
  1052: "23000",
  1053: "08S01",
  1054: "42S22",
  1060: "42S21",
  1061: "42000",
  1062: "23000",
  1064: "42000",
  1065: "42000",
  1066: "42000",
  1067: "42000",
  1068: "42000",
  1091: "42000",
  1102: "42000",
  1103: "42000",
  1109: "42S02",
  1136: "21S01",
  1142: "42000",
  1146: "42S02",
  1153: "08S01",
  1158: "08S01",
  1176: "42000",
  1193: "HY000",
  1205: "HY000",
  1213: "40001",
  1231: "42000",
  1235: "42000",
  1243: "HY000",
  1264: "22003",
  1292: "22007",
  1305: "42000",
  1364: "HY000",
  1366: "HY000",
  1406: "22001",
  1451: "23000",
  1452: "23000",
  1582: "42000",
  1690: "22003",
  1365: "22012",
  1265: "01000",
  3141: "22032",
  3143: "42000",
  3157: "22032",
  3966: "22035",
  3967: "22034",
  1835: "HY000",
};

/** The SQLSTATE MySQL sends with an error code. */
export function sqlStateFor(code: number): string {
  return SQL_STATES[code] ?? "HY000";
}

/** An error a MySQL client should receive as an ERR packet. */
export class MysqlError extends Error {
  readonly code: number;
  readonly sqlState: string;

  constructor(code: number, message: string, sqlState: string = sqlStateFor(code)) {
    super(message);
    this.name = "MysqlError";
    this.code = code;
    this.sqlState = sqlState;
  }
}

/** MySQL's wording of 1213 (InnoDB's). */
export const DEADLOCK_MESSAGE =
  "Deadlock found when trying to get lock; try restarting transaction";

/** 1213, with `detail` in parentheses after MySQL's wording when given. */
export function deadlockError(detail?: string): MysqlError {
  return new MysqlError(
    ER.LOCK_DEADLOCK,
    detail === undefined ? DEADLOCK_MESSAGE : `${DEADLOCK_MESSAGE} (${detail})`,
  );
}

/** True for a 1213. */
export function isDeadlock(err: unknown): boolean {
  return err instanceof MysqlError && err.code === ER.LOCK_DEADLOCK;
}

/** 1205, in MySQL's wording (InnoDB's). */
export function lockWaitTimeoutError(): MysqlError {
  return new MysqlError(
    ER.LOCK_WAIT_TIMEOUT,
    "Lock wait timeout exceeded; try restarting transaction",
  );
}

/** True for errors a client may retry (lock wait timeout, deadlock). */
export function isRetryable(err: unknown): boolean {
  return err instanceof MysqlError &&
    (err.code === ER.LOCK_WAIT_TIMEOUT || err.code === ER.LOCK_DEADLOCK);
}
