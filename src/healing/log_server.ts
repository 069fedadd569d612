/**
 * Serves this node's commit logs and database registry to peers that pull them
 * (reference §6.2 ListCommittedLog / FetchTransactions / ListDatabaseRegistry).
 */
import type { PeerRpc } from "../cluster/mod.ts";
import { listLog, readLogPayloads } from "../storage/commit_log.ts";
import { decodeMessage, encodeMessage } from "../storage/committed_txn.ts";
import type { DatabaseRegistry } from "../storage/database_registry.ts";
import type { ConsumedPositions } from "./log_gc.ts";
import {
  type DatabaseListReply,
  DB_LIST,
  LOG_FETCH,
  LOG_LIST,
  type LogFetchReply,
  type LogFetchRequest,
  type LogListReply,
  type LogListRequest,
} from "./log_messages.ts";

/** Most entries a page may ask for, and most payload bytes one fetch returns. */
const MAX_PAGE = 1024;
const MAX_FETCH_BYTES = 32 * 1024 * 1024;

/** Serves the logs; what each peer lists after is recorded as what it consumed (GC). */
export function registerLogServer(
  rpc: PeerRpc,
  registry: DatabaseRegistry,
  consumed: ConsumedPositions,
): void {
  rpc.handle(LOG_LIST, (body, from) => {
    const req = decodeMessage<LogListRequest>(body);
    consumed.record(from, req.database, req.afterSeq);
    if (!registry.has(req.database)) {
      const absent: LogListReply = {
        absent: true,
        entries: [],
        more: false,
        maxSeq: 0,
        truncatedThrough: 0,
        schemaVersion: 0,
      };
      return encodeMessage(absent);
    }
    const db = registry.get(req.database);
    const page = listLog(db, req.afterSeq, Math.min(MAX_PAGE, Math.max(1, req.limit)));
    const reply: LogListReply = {
      absent: false,
      ...page,
      schemaVersion: db.replicatedSchemaVersion,
      generation: registry.generation(req.database),
    };
    return encodeMessage(reply);
  });
  rpc.handle(LOG_FETCH, (body) => {
    const req = decodeMessage<LogFetchRequest>(body);
    if (!registry.has(req.database)) return encodeMessage({ payloads: [] } satisfies LogFetchReply);
    const payloads = readLogPayloads(registry.get(req.database), req.txnIds);
    // Stay under the message bound: the puller asks again for what was cut off.
    let bytes = 0;
    const cut = payloads.findIndex((p) => (bytes += p?.length ?? 0) > MAX_FETCH_BYTES);
    const reply: LogFetchReply = {
      payloads: cut === -1 ? payloads : payloads.slice(0, Math.max(1, cut)),
    };
    return encodeMessage(reply);
  });
  rpc.handle(DB_LIST, () => {
    const reply: DatabaseListReply = { entries: registry.entries() };
    return encodeMessage(reply);
  });
}
