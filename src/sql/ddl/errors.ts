/** MySQL errors raised by DDL and catalog code, with MySQL's own message texts. */
import { ER, MysqlError } from "../../types/errors.ts";

/** 1064 with MySQL's "near '…' at line N" text, pointing at `offset` in `sql`. */
export function syntaxError(sql: string, offset: number): MysqlError {
  const clamped = Math.max(0, Math.min(offset, sql.length));
  const line = sql.slice(0, clamped).split("\n").length;
  const near = sql.slice(clamped, clamped + 80);
  return new MysqlError(
    ER.PARSE_ERROR,
    "You have an error in your SQL syntax; check the manual that corresponds to your MySQL " +
      `server version for the right syntax to use near '${near}' at line ${line}`,
  );
}

/** 1050 Table 'x' already exists. */
export function tableExists(name: string): MysqlError {
  return new MysqlError(ER.TABLE_EXISTS, `Table '${name}' already exists`);
}

/** 1146 Table 'db.x' doesn't exist. */
export function noSuchTable(database: string, name: string): MysqlError {
  return new MysqlError(ER.NO_SUCH_TABLE, `Table '${database}.${name}' doesn't exist`);
}

/** 1051 Unknown table 'db.x' (DROP TABLE / DROP VIEW of a missing object). */
export function unknownTable(database: string, names: string[]): MysqlError {
  return new MysqlError(
    ER.BAD_TABLE,
    `Unknown table '${names.map((n) => `${database}.${n}`).join(",")}'`,
  );
}

/** 1060 Duplicate column name 'x'. */
export function duplicateColumn(name: string): MysqlError {
  return new MysqlError(ER.DUP_FIELDNAME, `Duplicate column name '${name}'`);
}

/** 1061 Duplicate key name 'x'. */
export function duplicateKey(name: string): MysqlError {
  return new MysqlError(ER.DUP_KEYNAME, `Duplicate key name '${name}'`);
}

/** 1091 Can't DROP 'x'; check that column/key exists. */
export function cantDrop(name: string): MysqlError {
  return new MysqlError(
    ER.CANT_DROP_FIELD_OR_KEY,
    `Can't DROP '${name}'; check that column/key exists`,
  );
}

/** 1054 Unknown column 'x' in 'table'. */
export function unknownColumn(name: string, table: string): MysqlError {
  return new MysqlError(ER.BAD_FIELD, `Unknown column '${name}' in '${table}'`);
}

/** 1072 Key column 'x' doesn't exist in table. */
export function keyColumnMissing(name: string): MysqlError {
  return new MysqlError(1072, `Key column '${name}' doesn't exist in table`, "42000");
}

/** 1068 Multiple primary key defined. */
export function multiplePrimaryKey(): MysqlError {
  return new MysqlError(ER.MULTIPLE_PRI_KEY, "Multiple primary key defined");
}

/** 1075 Incorrect table definition; there can be only one auto column ... */
export function badAutoColumn(): MysqlError {
  return new MysqlError(
    1075,
    "Incorrect table definition; there can be only one auto column and it must be defined as a key",
    "42000",
  );
}

/** 1067 Invalid default value for 'x'. */
export function invalidDefault(name: string): MysqlError {
  return new MysqlError(ER.INVALID_DEFAULT, `Invalid default value for '${name}'`);
}

/** 1113 A table must have at least 1 column. */
export function noColumns(): MysqlError {
  return new MysqlError(1113, "A table must have at least 1 column", "42000");
}

/** 1090 You can't delete all columns with ALTER TABLE. */
export function cantDropAllColumns(): MysqlError {
  return new MysqlError(
    1090,
    "You can't delete all columns with ALTER TABLE; use DROP TABLE instead",
    "42000",
  );
}

/** 1347 'db.x' is not VIEW / BASE TABLE. */
export function wrongObject(database: string, name: string, expected: string): MysqlError {
  return new MysqlError(ER.WRONG_OBJECT, `'${database}.${name}' is not ${expected}`);
}

/** 1176 Key 'x' doesn't exist in table 't'. */
export function keyMissing(key: string, table: string): MysqlError {
  return new MysqlError(ER.KEY_DOES_NOT_EXITS, `Key '${key}' doesn't exist in table '${table}'`);
}

/** 1235 This version of MySQL doesn't yet support '…'. */
export function notSupported(what: string): MysqlError {
  return new MysqlError(
    ER.NOT_SUPPORTED_YET,
    `This version of MySQL doesn't yet support '${what}'`,
  );
}

/** 1059 Identifier name '…' is too long. */
export function nameTooLong(name: string): MysqlError {
  return new MysqlError(1059, `Identifier name '${name}' is too long`, "42000");
}

/** 1166 Incorrect column name 'x'. */
export function badColumnName(name: string): MysqlError {
  return new MysqlError(1166, `Incorrect column name '${name}'`, "42000");
}

/** 1103 Incorrect table name 'x'. */
export function badTableName(name: string): MysqlError {
  return new MysqlError(ER.WRONG_TABLE_NAME, `Incorrect table name '${name}'`);
}

/** 1115 Unknown character set: 'x'. */
export function unknownCharset(name: string): MysqlError {
  return new MysqlError(1115, `Unknown character set: '${name}'`, "42000");
}

/** 1273 Unknown collation: 'x'. */
export function unknownCollation(name: string): MysqlError {
  return new MysqlError(1273, `Unknown collation: '${name}'`, "HY000");
}

/** 1253 COLLATION 'x' is not valid for CHARACTER SET 'y'. */
export function collationMismatch(collation: string, charset: string): MysqlError {
  return new MysqlError(
    1253,
    `COLLATION '${collation}' is not valid for CHARACTER SET '${charset}'`,
    "42000",
  );
}

/** 1074 Column length too big for column 'x' (max = n); use BLOB or TEXT instead. */
export function columnTooLong(name: string, max: number): MysqlError {
  return new MysqlError(
    1074,
    `Column length too big for column '${name}' (max = ${max}); use BLOB or TEXT instead`,
    "42000",
  );
}

/** 1426 / 1425: too-big precision or scale for a DECIMAL / temporal column. */
export function tooBigPrecision(name: string, value: number, max: number): MysqlError {
  return new MysqlError(
    1426,
    `Too-big precision ${value} specified for '${name}'. Maximum is ${max}.`,
    "42000",
  );
}

/** 1427 For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column 'x'). */
export function scaleAbovePrecision(name: string): MysqlError {
  return new MysqlError(
    1427,
    `For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '${name}').`,
    "42000",
  );
}

/** 1171 All parts of a PRIMARY KEY must be NOT NULL. */
export function nullablePrimaryKey(): MysqlError {
  return new MysqlError(
    1171,
    "All parts of a PRIMARY KEY must be NOT NULL; if you need NULL in a key, use UNIQUE instead",
    "42000",
  );
}

/** 1170 BLOB/TEXT column 'x' used in key specification without a key length. */
export function blobKeyWithoutLength(name: string): MysqlError {
  return new MysqlError(
    1170,
    `BLOB/TEXT column '${name}' used in key specification without a key length`,
    "42000",
  );
}

/** 1101 BLOB, TEXT, GEOMETRY or JSON column 'x' can't have a default value. */
export function blobDefault(name: string): MysqlError {
  return new MysqlError(
    1101,
    `BLOB, TEXT, GEOMETRY or JSON column '${name}' can't have a default value`,
    "42000",
  );
}

/** 1105 for failures that have no better MySQL code. */
export function unknownError(message: string): MysqlError {
  return new MysqlError(ER.UNKNOWN_ERROR, message);
}
