/** Public surface of the MySQL wire-protocol layer. */
export { MysqlServer, type MysqlServerOptions } from "./server.ts";
export type { LogFn, Logger } from "./logger.ts";
export { silentLogger } from "./logger.ts";
export type * from "./executor.ts";
export { ServerStatus } from "./constants.ts";
