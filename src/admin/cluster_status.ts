/**
 * The cluster as the admin API reports it: the member list (reference §13's shape) and the
 * health answer (whether a QUORUM write could be coordinated here now).
 */
import { type Cluster, type NodeStatus, requiredAcks } from "../cluster/mod.ts";

/** What the admin API reads of the cluster (the cluster's `Cluster` fits). */
export type ClusterState = Pick<Cluster, "nodeId" | "members" | "writeTargets">;

/** `GET /admin/cluster/members`, with the reference's field names. */
export interface MembersReport {
  members: Array<{ NodeID: number; Address: string; Status: NodeStatus; Incarnation: number }>;
  /** Members counted for quorum: all but REMOVED and LEAVING. */
  total_membership: number;
  alive_count: number;
  /** Acknowledgements a QUORUM write needs. */
  quorum_size: number;
  local_node_id: number;
}

/** `GET /admin/cluster/health`. */
export interface HealthReport {
  /** "healthy" when a QUORUM write can be coordinated here now, else "unhealthy". */
  status: "healthy" | "unhealthy";
  quorum_available: boolean;
  local_node_id: number;
  local_status: NodeStatus | "UNKNOWN";
  alive_count: number;
  total_membership: number;
  quorum_size: number;
  /** Why QUORUM writes are refused; "" when healthy. */
  error: string;
}

/** The member list as this node sees it. */
export function membersReport(cluster: ClusterState): MembersReport {
  const members = cluster.members();
  const { total, required } = requiredAcks(members, "QUORUM");
  return {
    members: members.map((m) => ({
      NodeID: m.nodeId,
      Address: m.address,
      Status: m.status,
      Incarnation: m.incarnation,
    })),
    total_membership: total,
    alive_count: members.filter((m) => m.status === "ALIVE").length,
    quorum_size: required,
    local_node_id: cluster.nodeId,
  };
}

/** Whether this node can coordinate QUORUM writes now, and the counts behind it. */
export function healthReport(cluster: ClusterState): HealthReport {
  const report = membersReport(cluster);
  let error = "";
  try {
    cluster.writeTargets("QUORUM");
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const self = report.members.find((m) => m.NodeID === cluster.nodeId);
  return {
    status: error === "" ? "healthy" : "unhealthy",
    quorum_available: error === "",
    local_node_id: cluster.nodeId,
    local_status: self?.Status ?? "UNKNOWN",
    alive_count: report.alive_count,
    total_membership: report.total_membership,
    quorum_size: report.quorum_size,
    error,
  };
}
