/** A `mysql2` (promise API) connection to a test server: the Node.js driver users use. */
import mysql from "mysql2/promise";

/** Options for `connectMysql2`. */
export interface ConnectMysql2Options {
  user?: string;
  password?: string;
  database?: string;
  multipleStatements?: boolean;
  /** Return DECIMAL and BIGINT as strings (mysql2's own defaults otherwise). */
  supportBigNumbers?: boolean;
}

/**
 * Opens a connection to 127.0.0.1:`port` as root with an empty password by default.
 * Close it with `await conn.end()`.
 */
export function connectMysql2(
  port: number,
  options: ConnectMysql2Options = {},
): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: "127.0.0.1",
    port,
    user: options.user ?? "root",
    password: options.password ?? "",
    database: options.database,
    multipleStatements: options.multipleStatements ?? false,
    supportBigNumbers: options.supportBigNumbers,
    connectTimeout: 10000,
  });
}
