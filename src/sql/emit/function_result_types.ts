/**
 * MySQL result types of functions and literal kinds, for result_types.ts: functions whose
 * type is fixed, and those whose type is their arguments' common type or their first
 * argument's.
 */
import type { ExpressionType } from "../statement.ts";

/** MySQL's largest DECIMAL scale. */
export const MAX_SCALE = 30;

export const INTEGER: ExpressionType = { kind: "integer" };
export const UNSIGNED_INTEGER: ExpressionType = { kind: "integer", unsigned: true };
export const DOUBLE: ExpressionType = { kind: "double" };
export const STRING: ExpressionType = { kind: "string" };
export const BINARY_STRING: ExpressionType = { kind: "string", binary: true };
export const DATE: ExpressionType = { kind: "date" };
export const DATETIME: ExpressionType = { kind: "datetime" };
export const TIME: ExpressionType = { kind: "time" };
export const JSON_TYPE: ExpressionType = { kind: "json" };

/** DECIMAL with `scale` digits after the point (clamped to 0..30); `guessed` when it counts
 * an operand of unknown type as an integer (see `ExpressionType.guessedScale`). */
export function decimal(scale: number, guessed = false): ExpressionType {
  const t: ExpressionType = { kind: "decimal", scale: Math.min(Math.max(scale, 0), MAX_SCALE) };
  if (guessed) t.guessedScale = true;
  return t;
}

/** Functions whose result type does not depend on their arguments (upper-case names). */
export const FIXED: Record<string, ExpressionType> = {};
const fix = (type: ExpressionType, names: string): void => {
  for (const name of names.split(" ")) FIXED[name] = type;
};
fix(
  INTEGER,
  "COUNT LENGTH OCTET_LENGTH CHAR_LENGTH CHARACTER_LENGTH BIT_LENGTH LOCATE INSTR ASCII ORD " +
    "FIND_IN_SET FIELD CRC32 YEAR MONTH DAY DAYOFMONTH DAYOFWEEK DAYOFYEAR WEEKDAY WEEK " +
    "WEEKOFYEAR YEARWEEK HOUR MINUTE SECOND MICROSECOND QUARTER TO_DAYS TO_SECONDS DATEDIFF " +
    "PERIOD_ADD PERIOD_DIFF LAST_INSERT_ID FOUND_ROWS ROW_COUNT CONNECTION_ID BIT_COUNT SIGN " +
    "STRCMP INTERVAL ROW_NUMBER RANK DENSE_RANK NTILE JSON_LENGTH JSON_DEPTH JSON_CONTAINS " +
    "JSON_CONTAINS_PATH JSON_VALID JSON_OVERLAPS MYSQL_MEMBER_OF ISNULL UUID_SHORT GET_LOCK " +
    "RELEASE_LOCK RELEASE_ALL_LOCKS IS_FREE_LOCK IS_USED_LOCK SLEEP BENCHMARK BIT_AND BIT_OR BIT_XOR REGEXP_LIKE " +
    "REGEXP_INSTR INET_ATON IS_IPV4 IS_IPV6 IS_UUID UNCOMPRESSED_LENGTH",
);
fix(
  DOUBLE,
  "RAND PI SQRT POW POWER EXP LN LOG LOG2 LOG10 SIN COS TAN ASIN ACOS ATAN ATAN2 COT DEGREES " +
    "RADIANS STD STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VAR_POP VAR_SAMP PERCENT_RANK CUME_DIST",
);
fix(
  STRING,
  "CONCAT CONCAT_WS DATE_FORMAT TIME_FORMAT FORMAT LOWER LCASE UPPER UCASE SUBSTRING SUBSTR " +
    "MID LEFT RIGHT REPLACE REPEAT REVERSE LPAD RPAD LTRIM RTRIM SPACE HEX MD5 SHA SHA1 SHA2 " +
    "UUID INSERT ELT QUOTE SOUNDEX TO_BASE64 BIN OCT CONV DATABASE SCHEMA USER " +
    "CURRENT_USER SESSION_USER SYSTEM_USER VERSION DAYNAME MONTHNAME JSON_UNQUOTE JSON_TYPE " +
    "JSON_QUOTE REGEXP_REPLACE REGEXP_SUBSTR SUBSTRING_INDEX EXPORT_SET MAKE_SET INET_NTOA " +
    "CHARSET COLLATION GET_FORMAT JSON_VALUE CURRENT_ROLE",
);
fix(
  BINARY_STRING,
  "UNHEX FROM_BASE64 AES_ENCRYPT AES_DECRYPT COMPRESS UNCOMPRESS RANDOM_BYTES UUID_TO_BIN " +
    "INET6_ATON CHAR",
);
fix(DATE, "CURDATE CURRENT_DATE UTC_DATE DATE LAST_DAY FROM_DAYS MAKEDATE");
fix(DATETIME, "NOW SYSDATE CURRENT_TIMESTAMP LOCALTIME LOCALTIMESTAMP UTC_TIMESTAMP");
fix(TIME, "CURTIME CURRENT_TIME UTC_TIME SEC_TO_TIME MAKETIME TIMEDIFF");
fix(
  JSON_TYPE,
  "JSON_OBJECT JSON_ARRAY JSON_EXTRACT JSON_SET JSON_INSERT JSON_REPLACE JSON_REMOVE " +
    "JSON_MERGE JSON_MERGE_PATCH JSON_MERGE_PRESERVE JSON_ARRAY_APPEND JSON_ARRAY_INSERT " +
    "JSON_KEYS JSON_ARRAYAGG JSON_OBJECTAGG JSON_SEARCH",
);

/** Functions whose result has the type common to some of their arguments. */
export const COMMON_OF_ALL = new Set(["COALESCE", "IFNULL", "NVL", "GREATEST", "LEAST"]);
/** Functions whose result has their first argument's type. */
export const FIRST_ARGUMENT = new Set([
  "MIN",
  "MAX",
  "ANY_VALUE",
  "NULLIF",
  "ABS",
  "FIRST_VALUE",
  "LAST_VALUE",
  "NTH_VALUE",
  "LAG",
  "LEAD",
]);
