import assert from "node:assert/strict";
import pino from "pino";
import { Writable } from "node:stream";
import type { Logger } from "../../../src/mysql/logger.ts";
import { MysqlServer } from "../../../src/mysql/server.ts";
import { TestExecutor } from "./test_executor.ts";

Deno.test("A pino logger can be passed as the protocol Logger", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger: Logger = pino({ level: "debug" }, sink);
  const server = new MysqlServer({
    executor: new TestExecutor(),
    host: "127.0.0.1",
    port: 0,
    maxConnections: 1,
    maxAllowedPacket: 1024,
    logger,
  });
  await server.start();
  await server.close();
  await new Promise((r) => setTimeout(r, 10));
  const parsed = lines.map((l) => JSON.parse(l));
  assert.ok(parsed.some((l) => l.msg === "MySQL protocol listening" && l.port === server.port));
});
