/**
 * Client of `GetClusterNodes`: how one node sees the cluster, fetched from outside the
 * process (operators, tests).
 */
import { PeerClients } from "./peer_clients.ts";
import type { Consistency, NodeInfo } from "./node_info.ts";
import { fromWire, type GetClusterNodesResponse } from "./proto.ts";

/** Whether the node could coordinate a write at one level now. */
export interface WriteAvailability {
  level: Consistency;
  available: boolean;
  required: number;
  total: number;
  /** The refusal's message when not available, else "". */
  error: string;
}

/** One node's registry and quorum as it reported them. */
export interface ClusterView {
  selfNodeId: number;
  nodes: NodeInfo[];
  writeAvailability: WriteAvailability[];
}

/** Options for `fetchClusterView`. */
export interface FetchClusterViewOptions {
  /** The cluster secret; default none. */
  secret?: string;
  /** Default 2000 ms. */
  timeoutMs?: number;
  /**
   * Channels to reuse (and leave open) across calls. Without them each call opens its own
   * and closes it, which sends the node an HTTP/2 GOAWAY: Deno 2.9's HTTP/2 can abort on
   * those (denoland/deno#36788), so callers that poll should pass a long-lived set.
   */
  clients?: PeerClients;
}

/**
 * Asks the node at `address` ("host:port" of its peer port) for its view of the cluster.
 * @throws {Error} the gRPC error (UNAVAILABLE, UNAUTHENTICATED, DEADLINE_EXCEEDED, ...)
 */
export async function fetchClusterView(
  address: string,
  options: FetchClusterViewOptions = {},
): Promise<ClusterView> {
  const clients = options.clients ?? viewClients(options.secret ?? "");
  try {
    const response = await clients.unary<Record<string, never>, GetClusterNodesResponse>(
      address,
      "GetClusterNodes",
      {},
      options.timeoutMs ?? 2000,
    );
    return {
      selfNodeId: response.self_node_id,
      nodes: response.nodes.map(fromWire),
      writeAvailability: response.write_availability.map((w) => ({
        level: w.level as Consistency,
        available: w.available,
        required: w.required,
        total: w.total,
        error: w.error_message,
      })),
    };
  } finally {
    if (options.clients === undefined) clients.close();
  }
}

/** Channels for `fetchClusterView` calls (close them when done polling). */
export function viewClients(secret: string): PeerClients {
  return new PeerClients({
    selfNodeId: 0,
    secret,
    keepaliveTimeMs: 0,
    keepaliveTimeoutMs: 3_000,
  });
}
