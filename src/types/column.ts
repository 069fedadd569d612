/** MySQL column type codes as sent in a column definition (protocol ColumnDefinition41). */
export const enum ColumnType {
  DECIMAL = 0x00,
  TINY = 0x01,
  SHORT = 0x02,
  LONG = 0x03,
  FLOAT = 0x04,
  DOUBLE = 0x05,
  NULL = 0x06,
  TIMESTAMP = 0x07,
  LONGLONG = 0x08,
  INT24 = 0x09,
  DATE = 0x0a,
  TIME = 0x0b,
  DATETIME = 0x0c,
  YEAR = 0x0d,
  VARCHAR = 0x0f,
  BIT = 0x10,
  JSON = 0xf5,
  NEWDECIMAL = 0xf6,
  ENUM = 0xf7,
  SET = 0xf8,
  BLOB = 0xfc,
  VAR_STRING = 0xfd,
  STRING = 0xfe,
  GEOMETRY = 0xff,
}

/** Column definition flags. */
export const enum ColumnFlag {
  NOT_NULL = 1,
  PRI_KEY = 2,
  UNIQUE_KEY = 4,
  MULTIPLE_KEY = 8,
  BLOB = 16,
  UNSIGNED = 32,
  ZEROFILL = 64,
  BINARY = 128,
  ENUM = 256,
  AUTO_INCREMENT = 512,
  TIMESTAMP = 1024,
  SET = 2048,
  NO_DEFAULT_VALUE = 4096,
  ON_UPDATE_NOW = 8192,
  PART_KEY = 16384,
  NUM = 32768,
}

/** Collation ids used on the wire. */
export const enum Collation {
  UTF8MB4_GENERAL_CI = 45,
  BINARY = 63,
  UTF8MB4_0900_AI_CI = 255,
}

/** Everything a column definition packet carries about one result column. */
export interface ColumnInfo {
  /** Database of the source table, "" for expressions. */
  schema: string;
  /** Table alias as written in the query, "" for expressions. */
  table: string;
  /** Real table name, "" for expressions. */
  orgTable: string;
  /** Column alias or expression text as the user wrote it. */
  name: string;
  /** Real column name, "" for expressions. */
  orgName: string;
  /** Collation id: the column's for text, 63 for everything else. */
  charset: number;
  /** Maximum display length in bytes. */
  length: number;
  type: ColumnType;
  flags: number;
  decimals: number;
}

/** The width in bits of MySQL's integer types, by lower-case type name. */
export const INTEGER_BITS: Readonly<Record<string, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  bigint: 64,
};
