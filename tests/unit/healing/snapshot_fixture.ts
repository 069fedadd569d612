/**
 * Two nodes in one process for snapshot tests: each a real data dir with a DatabaseRegistry
 * and a real gRPC peer (tests/unit/cluster/rpc_pair.ts); node 1 serves snapshots, by peer
 * calls and, when asked, over HTTP from a listener of its own with a fault hook.
 */
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { defaultConfig } from "../../../src/config/schema.ts";
import { createLogger, type Logger } from "../../../src/config/logger.ts";
import type { PeerRpc } from "../../../src/cluster/mod.ts";
import { PeerClients } from "../../../src/cluster/peer_clients.ts";
import { BatchedPeerRpc } from "../../../src/cluster/peer_rpc.ts";
import { decodeMessage, encodeMessage } from "../../../src/storage/committed_txn.ts";
import type { Database } from "../../../src/storage/database.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import { rowKey } from "../../../src/types/row_change.ts";
import { registerSnapshotServer } from "../../../src/healing/snapshot_client.ts";
import { SnapshotExports } from "../../../src/healing/snapshot_export.ts";
import { writeAll } from "../../../src/types/byte_io.ts";
import type {
  SnapshotDigestReply,
  SnapshotInfoReply,
} from "../../../src/healing/snapshot_messages.ts";
import type { SnapshotServerOptions } from "../../../src/healing/snapshot_server.ts";
import { type RpcPair, rpcPair } from "../cluster/rpc_pair.ts";

export const REGISTRY_OPTIONS = { connection: {}, lock: { timeoutMs: 5000, maxWaiters: 100 } };

export function quietLogger(lines: string[] = []): Logger {
  return createLogger(defaultConfig().logging, { destination: { write: (l) => lines.push(l) } });
}

/** A node's data dir and registry. */
export interface TestNode {
  dataDir: string;
  registry: DatabaseRegistry;
}

export function makeNode(prefix: string): TestNode {
  const dataDir = Deno.makeTempDirSync({ prefix });
  return { dataDir, registry: new DatabaseRegistry(dataDir, REGISTRY_OPTIONS) };
}

/** What the HTTP fault hook does to one range request: fail it with a status, cut the
 * connection half-way through the body, or flip a byte of the body. */
export type HttpFault = { status: number } | "cut" | "corrupt";

/** Node 1 serving snapshots, node 2 able to restore from it. */
export interface SnapshotPair extends AsyncDisposable {
  pair: RpcPair;
  server: TestNode;
  client: TestNode;
  logs: string[];
  logger: Logger;
  /** Offsets of the HTTP range requests node 1 answered, in order (with `http`). */
  httpOffsets: number[];
  /** Changes node 1's answer to a range request (`nth`: earlier requests at that offset). */
  onHttp: (offset: number, nth: number) => HttpFault | undefined;
  /** The client's deps for `restoreDatabaseFromPeer`, over `rpc` (default the real one). */
  deps(
    rpc?: PeerRpc,
  ): {
    rpc: PeerRpc;
    registry: DatabaseRegistry;
    dataDir: string;
    logger: Logger;
    secret: string;
  };
}

/** How the pair's node 1 serves bytes. */
export interface SnapshotPairOptions {
  /** Serve HTTP ranges from a listener of node 1 (default false: peer calls only). */
  http?: boolean;
  /** The cluster secret both sides use (default none). */
  secret?: string;
  /** Serve the byte stream too, from node 1's stream listener (default false). */
  stream?: boolean;
}

export async function snapshotPair(
  serverOptions: Partial<SnapshotServerOptions> = {},
  options: SnapshotPairOptions = {},
): Promise<SnapshotPair> {
  const pair = await rpcPair();
  const server = makeNode("marmot-snap-server-");
  const client = makeNode("marmot-snap-client-");
  const logs: string[] = [];
  const logger = quietLogger(logs);
  const secret = options.secret ?? "";
  const served = registerSnapshotServer(pair[0].rpc, server.registry, {
    dataDir: server.dataDir,
    logger,
    secret,
    ...serverOptions,
  });
  const result: SnapshotPair = {
    pair,
    server,
    client,
    logs,
    logger,
    httpOffsets: [],
    onHttp: () => undefined,
    deps: (rpc = pair[1].rpc) => ({
      rpc,
      registry: client.registry,
      dataDir: client.dataDir,
      logger,
      secret,
    }),
    async [Symbol.asyncDispose]() {
      await listener?.shutdown();
      served.close();
      await pair[Symbol.asyncDispose]();
      for (const node of [server, client]) {
        node.registry.close();
        Deno.removeSync(node.dataDir, { recursive: true });
      }
    },
  };
  const listener = options.http
    ? Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request, info) => {
      const offset = Number(new URL(request.url).searchParams.get("offset"));
      const nth = result.httpOffsets.filter((o) => o === offset).length;
      result.httpOffsets.push(offset);
      const fault = result.onHttp(offset, nth);
      if (typeof fault === "object") return new Response("refused", { status: fault.status });
      const response = await served.httpRoute(request, info);
      if (fault === undefined || response.status !== 200) return response;
      const body = new Uint8Array(await response.arrayBuffer());
      if (fault === "corrupt") {
        body[body.length >> 1]! ^= 0xff;
        return new Response(body, { headers: response.headers });
      }
      return new Response(
        new ReadableStream({
          start(controller) {
            // Shorter than its content-length: the server drops the connection.
            controller.enqueue(body.subarray(0, body.length >> 1));
            controller.close();
          },
        }),
        { headers: response.headers },
      );
    })
    : undefined;
  if (listener !== undefined) served.offerHttp(`127.0.0.1:${listener.addr.port}`);
  if (options.stream) served.offerStream("127.0.0.1", "127.0.0.1:0");
  return result;
}

/**
 * Writes `rows` rows of about `rowBytes` bytes into table `t` of `db`, `perTxn` per commit,
 * each commit recorded in the commit log as node `node`'s (positions and versions as a real
 * commit leaves them).
 */
export function fill(
  db: Database,
  rows: number,
  options: { rowBytes?: number; perTxn?: number; node?: number; firstId?: number } = {},
): void {
  const { rowBytes = 1000, perTxn = 100, node = 1, firstId = 1 } = options;
  const w = db.writer.db;
  w.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
  db.schemaChanged();
  const insert = w.prepare("INSERT INTO t (id, v) VALUES (?, ?)");
  for (let start = firstId; start < firstId + rows; start += perTxn) {
    const ids: number[] = [];
    for (let id = start; id < Math.min(start + perTxn, firstId + rows); id++) ids.push(id);
    w.exec("BEGIN");
    const changes = ids.map((id) => {
      const v = `${id}:`.padEnd(rowBytes, String.fromCharCode(97 + (id % 26)));
      insert.run(id, v);
      return {
        table: "t",
        op: "insert" as const,
        key: rowKey("t", [BigInt(id)]),
        columns: ["id", "v"],
        before: null,
        after: [BigInt(id), v],
      };
    });
    db.recordInPlace({
      txnId: `n${node}-${start}`,
      commitTs: { wall: Date.now(), logical: start, node },
      origin: node,
      ddl: [],
      rows: changes,
    });
    w.exec("COMMIT");
  }
}

/** Every row of `t` as one string (compare two files). */
export function dump(db: DatabaseSync): string {
  const rows = db.prepare("SELECT id, v FROM t ORDER BY id").all() as Array<
    { id: number; v: string }
  >;
  return rows.map((r) => `${r.id}=${r.v}`).join("\n");
}

/** The highest commit-log position of a database file. */
export function maxSeq(db: DatabaseSync): number {
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = '__marmot_commit_log'")
    .get() as { seq: number } | undefined;
  return Number(row?.seq ?? 0);
}

/**
 * A PeerRpc over `inner` that can change chunk replies and refuse chunk calls, and records
 * the offsets of the chunk calls made (a fault injector around the real transport).
 */
export class FaultyRpc implements PeerRpc {
  readonly offsets: number[] = [];
  /** Return the reply to change (or throw to fail the call). */
  onChunk: (offset: number, reply: { data: Uint8Array; sha256: string }, nth: number) => void =
    () => {};
  /** Changes the `snapshot_info` reply. */
  onInfo: (reply: SnapshotInfoReply) => void = () => {};
  /** Changes the `snapshot_digest` reply. */
  onDigest: (reply: SnapshotDigestReply) => void = () => {};
  readonly #inner: PeerRpc;

  constructor(inner: PeerRpc) {
    this.#inner = inner;
  }

  async call(nodeId: number, kind: string, body: Uint8Array, timeoutMs: number) {
    const reply = await this.#inner.call(nodeId, kind, body, timeoutMs);
    if (kind === "snapshot_info") {
      const info = decodeMessage<SnapshotInfoReply>(reply);
      this.onInfo(info);
      return encodeMessage(info);
    }
    if (kind === "snapshot_digest") {
      const digest = decodeMessage<SnapshotDigestReply>(reply);
      this.onDigest(digest);
      return encodeMessage(digest);
    }
    if (kind !== "snapshot_chunk") return reply;
    const { offset } = decodeMessage<{ offset: number }>(body);
    const nth = this.offsets.filter((o) => o === offset).length;
    this.offsets.push(offset);
    const decoded = decodeMessage<{ data: Uint8Array; sha256: string }>(reply);
    this.onChunk(offset, decoded, nth);
    return encodeMessage(decoded);
  }

  handle(kind: string, handler: Parameters<PeerRpc["handle"]>[1]): void {
    this.#inner.handle(kind, handler);
  }
}

/** Writes an export of `node`'s `database` to `file`, as a puller would receive it. */
export async function exportToFile(node: TestNode, database: string, file: string): Promise<void> {
  const exports = new SnapshotExports(node.registry, {
    dataDir: node.dataDir,
    logger: quietLogger(),
  });
  try {
    const e = await exports.acquire(database);
    const out = await Deno.open(file, { write: true, create: true, truncate: true });
    try {
      for (let offset = 0; offset < e.size; offset += e.chunkSize) {
        await writeAll(out, (await exports.readChunk(database, e.id, offset)).data);
      }
    } finally {
      out.close();
    }
  } finally {
    exports.close();
  }
}

/** The snapshot download directory of `database` in a data dir. */
export function downloadDir(dataDir: string, database: string): string {
  return join(dataDir, `snapshot-${database}`);
}

/**
 * Peer calls from this process to a real node at `address` (node `peerNodeId`), as a node
 * with id `selfNodeId` that is not a member: what a test or benchmark uses to pull from a
 * node process.
 */
export function rpcTo(
  address: string,
  options: { peerNodeId: number; secret: string; selfNodeId?: number },
): { rpc: PeerRpc; close(): void } {
  const selfNodeId = options.selfNodeId ?? 9999;
  const clients = new PeerClients({
    selfNodeId,
    secret: options.secret,
    keepaliveTimeMs: 10_000,
    keepaliveTimeoutMs: 5_000,
  });
  const rpc = new BatchedPeerRpc({
    selfNodeId,
    resolve: (id) => id === options.peerNodeId ? address : undefined,
    openStream: (a) => clients.get(a).Replicate(clients.metadata()),
  });
  return {
    rpc,
    close: () => {
      rpc.close();
      clients.close();
    },
  };
}
