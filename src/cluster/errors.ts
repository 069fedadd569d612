/** Errors the cluster layer throws at its callers. */

/** A peer could not be reached for a call: unreachable, stream broken, timed out or overloaded. */
export class PeerUnavailableError extends Error {
  readonly nodeId: number;

  constructor(nodeId: number, message: string) {
    super(message);
    this.name = "PeerUnavailableError";
    this.nodeId = nodeId;
  }
}

/** A peer's handler failed without a MySQL error code (those arrive as `MysqlError`). */
export class PeerCallError extends Error {
  readonly nodeId: number;
  /** Always 0: the handler's error carried no MySQL code. */
  readonly code = 0;

  constructor(nodeId: number, message: string) {
    super(message);
    this.name = "PeerCallError";
    this.nodeId = nodeId;
  }
}

/** Not enough reachable members for a write at the requested consistency level. */
export class QuorumUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuorumUnavailableError";
  }
}

/** A seed refused this node's join (duplicate node id, removed node, wrong secret). */
export class JoinRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JoinRefusedError";
  }
}
