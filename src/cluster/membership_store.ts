/**
 * Membership persisted in `data_dir/cluster_membership.json` (reference §3.5), so that a
 * restarted node remembers its peers and never computes a quorum from a membership of one.
 * Written atomically (temp file, fsync, rename) only when the fingerprint changes.
 */
import { join } from "node:path";
import { NODE_STATUSES, type NodeInfo, type NodeStatus } from "./node_info.ts";

export const MEMBERSHIP_FILE = "cluster_membership.json";

const STATUSES: ReadonlySet<string> = new Set(NODE_STATUSES);

/** What a previous run of this data directory left. */
export interface PersistedMembership {
  selfNodeId: number;
  nodes: NodeInfo[];
}

interface _FileNode {
  node_id: number;
  address: string;
  status: string;
  incarnation: number;
}

/** Only what persistence keeps, in a stable order: a write happens when this changes. */
export function membershipFingerprint(nodes: readonly NodeInfo[]): string {
  return [...nodes]
    .sort((a, b) => a.nodeId - b.nodeId)
    .map((n) => `${n.nodeId}|${n.address}|${n.status}|${n.incarnation}`)
    .join("\n");
}

/** Reads and writes the membership file of one data directory. */
export class MembershipStore {
  readonly path: string;
  #written = "";

  constructor(dataDir: string) {
    this.path = join(dataDir, MEMBERSHIP_FILE);
  }

  /**
   * The persisted membership, or undefined when there is none.
   * @throws {Error} when the file exists but cannot be used (naming the file)
   */
  load(): PersistedMembership | undefined {
    let text: string;
    try {
      text = Deno.readTextFileSync(this.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    try {
      const data = JSON.parse(text) as { self_node_id: number; nodes: _FileNode[] };
      const nodes = data.nodes.map(_fromFile);
      if (!Number.isSafeInteger(data.self_node_id)) throw new Error("self_node_id missing");
      this.#written = membershipFingerprint(nodes);
      return { selfNodeId: data.self_node_id, nodes };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot read membership file ${this.path}: ${reason}`);
    }
  }

  /** Writes the membership if it differs from what was last written or read. */
  save(selfNodeId: number, nodes: readonly NodeInfo[]): boolean {
    const fingerprint = membershipFingerprint(nodes);
    if (fingerprint === this.#written) return false;
    const body = JSON.stringify(
      {
        self_node_id: selfNodeId,
        nodes: [...nodes].sort((a, b) => a.nodeId - b.nodeId).map((n) => ({
          node_id: n.nodeId,
          address: n.address,
          status: n.status,
          incarnation: n.incarnation,
        })),
      },
      null,
      2,
    );
    const temp = `${this.path}.tmp`;
    const file = Deno.openSync(temp, { write: true, create: true, truncate: true });
    try {
      const bytes = new TextEncoder().encode(body + "\n");
      let offset = 0;
      while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
      file.syncSync();
    } finally {
      file.close();
    }
    Deno.renameSync(temp, this.path);
    this.#written = fingerprint;
    return true;
  }
}

function _fromFile(node: _FileNode): NodeInfo {
  if (
    !Number.isSafeInteger(node.node_id) || typeof node.address !== "string" ||
    !STATUSES.has(node.status) || !Number.isSafeInteger(node.incarnation)
  ) {
    throw new Error(`bad node entry ${JSON.stringify(node)}`);
  }
  return {
    nodeId: node.node_id,
    address: node.address,
    status: node.status as NodeStatus,
    incarnation: node.incarnation,
    schemaVersions: {},
  };
}
