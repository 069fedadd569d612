/**
 * Cluster membership and peer transport: gRPC server and clients, gossip, failure detection,
 * join and promotion, quorum, and the batched peer calls the replication layer uses.
 */
export type { Consistency, NodeInfo, NodeStatus, WriteTargets } from "./node_info.ts";
export { NODE_STATUSES, splitHostPort } from "./node_info.ts";
export {
  JoinRefusedError,
  PeerCallError,
  PeerUnavailableError,
  QuorumUnavailableError,
} from "./errors.ts";
export { MAX_OUTSTANDING_CALLS, type PeerHandler, type PeerRpc } from "./peer_rpc.ts";
export { MAX_BODY_BYTES } from "./body_parts.ts";
export { type Cluster, startCluster, type StartClusterOptions } from "./cluster.ts";
export { requiredAcks } from "./quorum.ts";
export {
  JOIN_REFUSED_EXIT_CODE,
  startClusterOrExit,
  type StartClusterOrExitOptions,
} from "./start_cluster_or_exit.ts";
export {
  type ClusterView,
  fetchClusterView,
  type FetchClusterViewOptions,
  viewClients,
  type WriteAvailability,
} from "./cluster_view.ts";
