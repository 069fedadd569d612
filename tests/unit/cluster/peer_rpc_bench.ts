/**
 * Peer call throughput: calls/s of 200-byte echo calls at concurrency 1 and 64, between two
 * peers in one process and between two processes.
 *
 *   deno run -A tests/unit/cluster/peer_rpc_bench.ts [seconds per run, default 3]
 */
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger } from "../../../src/config/logger.ts";
import { PeerClients } from "../../../src/cluster/peer_clients.ts";
import { BatchedPeerRpc, type PeerRpc } from "../../../src/cluster/peer_rpc.ts";
import { PeerServer } from "../../../src/cluster/peer_server.ts";
import { rpcPair } from "./rpc_pair.ts";

const SECRET = "bench";
const BODY = new Uint8Array(200).fill(7);

async function measure(rpc: PeerRpc, target: number, concurrency: number, seconds: number) {
  let calls = 0;
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        await rpc.call(target, "echo", BODY, 5000);
        latencies.push(performance.now() - t0);
        calls++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2);
  return `${Math.round(calls / seconds)} calls/s (p50 ${p(0.5)} ms, p99 ${p(0.99)} ms)`;
}

async function serveChild(): Promise<void> {
  const logger = createLogger(defaultConfig().logging, { destination: { write() {} } });
  const rpc = new BatchedPeerRpc({
    selfNodeId: 2,
    resolve: () => undefined,
    openStream: () => {
      throw new Error("the child only serves");
    },
  });
  rpc.handle("echo", (body) => body);
  const server = new PeerServer({
    host: "127.0.0.1",
    port: 0,
    secret: SECRET,
    logger,
    handlers: {
      gossip: () => ({ nodes: [] }),
      join: () => ({ success: false, cluster_nodes: [], error_message: "" }),
      ping: () => ({ node_id: 2, status: "ALIVE" }),
      getClusterNodes: () => ({ nodes: [], self_node_id: 2, write_availability: [] }),
      replicate: (stream, from) => rpc.serve(stream, from),
    },
  });
  console.log(await server.start());
  await new Promise(() => {});
}

async function main(): Promise<void> {
  if (Deno.args[0] === "--child") return await serveChild();
  const seconds = Number(Deno.args[0] ?? 3);

  {
    await using pair = await rpcPair({ secrets: [SECRET, SECRET] });
    pair[1].rpc.handle("echo", (body) => body);
    await pair[0].rpc.call(2, "echo", BODY, 5000);
    for (const c of [1, 64]) {
      console.log(`one process,   concurrency ${c}: ${await measure(pair[0].rpc, 2, c, seconds)}`);
    }
  }

  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, "--child"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const port = Number((await reader.read()).value!.trim());
  const clients = new PeerClients({
    selfNodeId: 1,
    secret: SECRET,
    keepaliveTimeMs: 10_000,
    keepaliveTimeoutMs: 3_000,
  });
  const rpc = new BatchedPeerRpc({
    selfNodeId: 1,
    resolve: () => `127.0.0.1:${port}`,
    openStream: (address) => clients.get(address).Replicate(clients.metadata()),
  });
  await rpc.call(2, "echo", BODY, 5000);
  for (const c of [1, 64]) {
    console.log(`two processes, concurrency ${c}: ${await measure(rpc, 2, c, seconds)}`);
  }
  rpc.close();
  clients.close();
  child.kill("SIGKILL");
  await child.status;
}

if (import.meta.main) await main();
