/** Starts a `MysqlServer` on a free port with the in-test Executor and a log recorder. */
import { MysqlServer, type MysqlServerOptions } from "../../../src/mysql/server.ts";
import type { Logger } from "../../../src/mysql/logger.ts";
import { TestExecutor } from "./test_executor.ts";

/** A recorded log line. */
export interface LogEntry {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

/** A running test server. */
export interface TestServer {
  server: MysqlServer;
  executor: TestExecutor;
  port: number;
  logs: LogEntry[];
  close(): Promise<void>;
}

function recorder(logs: LogEntry[]): Logger {
  const at = (level: string) => (objOrMsg: Record<string, unknown> | string, msg?: string) =>
    logs.push(
      typeof objOrMsg === "string"
        ? { level, obj: {}, msg: objOrMsg }
        : { level, obj: objOrMsg, msg: msg ?? "" },
    );
  return { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

/** Starts a server; options override the defaults. */
export async function startTestServer(
  options: Partial<MysqlServerOptions> = {},
): Promise<TestServer> {
  const executor = new TestExecutor();
  const logs: LogEntry[] = [];
  const server = new MysqlServer({
    executor,
    host: "127.0.0.1",
    port: 0,
    maxConnections: 50,
    maxAllowedPacket: 64 << 20,
    logger: recorder(logs),
    ...options,
  });
  await server.start();
  return { server, executor, port: server.port, logs, close: () => server.close() };
}
