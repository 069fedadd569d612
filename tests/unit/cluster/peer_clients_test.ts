import assert from "node:assert/strict";
import { channelOptions } from "../../../src/cluster/peer_clients.ts";
import { defaultConfig } from "../../../src/config/schema.ts";

Deno.test("peer channels send no keepalive pings by default, and the configured ones when asked", () => {
  const grpc = defaultConfig().grpc_client;
  assert.equal(grpc.keepalive_time_seconds, 0, "off by default (denoland/deno#36788)");
  const off = channelOptions({
    keepaliveTimeMs: grpc.keepalive_time_seconds * 1000,
    keepaliveTimeoutMs: grpc.keepalive_timeout_seconds * 1000,
  });
  assert.equal("grpc.keepalive_time_ms" in off, false);
  assert.equal("grpc.keepalive_timeout_ms" in off, false);
  const on = channelOptions({ keepaliveTimeMs: 10_000, keepaliveTimeoutMs: 3_000 });
  assert.equal(on["grpc.keepalive_time_ms"], 10_000);
  assert.equal(on["grpc.keepalive_timeout_ms"], 3_000);
});
