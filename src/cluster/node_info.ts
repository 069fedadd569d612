/** The membership vocabulary every layer above the cluster codes against. */

/** A member's state as gossiped (reference §3.1). */
export type NodeStatus = "ALIVE" | "SUSPECT" | "DEAD" | "JOINING" | "LEAVING" | "REMOVED";

/** Every status a member can have. */
export const NODE_STATUSES: readonly NodeStatus[] = [
  "ALIVE",
  "SUSPECT",
  "DEAD",
  "JOINING",
  "LEAVING",
  "REMOVED",
];

/** One member of the cluster as this node currently sees it. */
export interface NodeInfo {
  nodeId: number;
  /** "host:port" the node advertises for peer RPC. */
  address: string;
  status: NodeStatus;
  incarnation: number;
  /** Per-database schema version the node has applied. */
  schemaVersions: Record<string, number>;
}

/** Write consistency levels the cluster can compute targets for. */
export type Consistency = "ONE" | "QUORUM" | "ALL";

/** Who a write at some consistency level goes to, and how many acknowledgements it needs. */
export interface WriteTargets {
  self: NodeInfo;
  /** ALIVE members other than self. */
  replicas: NodeInfo[];
  /** Members that count for quorum: every status but REMOVED and LEAVING. */
  total: number;
  /** Acknowledgements needed, self included: ONE = 1, QUORUM = floor(total/2)+1, ALL = total. */
  required: number;
}

/** A copy that the caller may keep or change without touching the registry. */
export function copyNodeInfo(info: NodeInfo): NodeInfo {
  return { ...info, schemaVersions: { ...info.schemaVersions } };
}

/** The host and port of a "host:port" or "[v6]:port" address (the host without brackets). */
export function splitHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  return {
    host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"),
    port: Number(address.slice(colon + 1)),
  };
}
