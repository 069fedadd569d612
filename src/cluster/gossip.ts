/**
 * Push-pull gossip (reference §3.2): every interval, send the full registry to up to
 * `fanout` random peers of any status (SUSPECT and DEAD ones too, so a restarted node is
 * found again) and merge what they answer. Failed sends mark nobody: only the failure
 * detector's clock does.
 */
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "../config/mod.ts";
import type { NodeInfo } from "./node_info.ts";
import { isGrpcError, type PeerClients } from "./peer_clients.ts";
import { fromWire, type GossipRequest, type GossipResponse, toWire } from "./proto.ts";
import type { Registry } from "./registry.ts";

/** Deadline of one gossip exchange (reference §0). */
export const GOSSIP_TIMEOUT_MS = 2000;

/** Options for `Gossiper`. */
export interface GossiperOptions {
  registry: Registry;
  clients: PeerClients;
  intervalMs: number;
  fanout: number;
  logger: Logger;
  /** Default `Math.random`. */
  random?: () => number;
}

/** Runs gossip rounds and answers peers' gossip. */
export class Gossiper {
  readonly #options: GossiperOptions;
  readonly #inFlight = new Set<number>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: GossiperOptions) {
    this.#options = options;
  }

  /** Starts a round every `intervalMs`. */
  start(): void {
    this.#timer ??= setInterval(() => this.round(), this.#options.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One round to `fanout` random peers; a peer whose last exchange still runs is skipped. */
  round(): void {
    const candidates = this.#peers().filter((p) => !this.#inFlight.has(p.nodeId));
    for (const target of _sample(candidates, this.#options.fanout, this.#options.random)) {
      void this.#exchange(target);
    }
  }

  /** One exchange with every peer at once, awaited (after a change of our own status). */
  async broadcast(timeoutMs = GOSSIP_TIMEOUT_MS): Promise<void> {
    await Promise.all(this.#peers().map((p) => this.#exchange(p, timeoutMs)));
  }

  /** Server side: merge the caller's registry, note the contact, answer with ours. */
  handle(request: GossipRequest): GossipResponse {
    const registry = this.#options.registry;
    registry.merge(request.nodes.map(fromWire));
    registry.touch(request.source_node_id);
    return { nodes: registry.gossip().map(toWire) };
  }

  #peers(): NodeInfo[] {
    const { registry } = this.#options;
    return registry.members().filter((m) => m.nodeId !== registry.selfId && m.status !== "REMOVED");
  }

  async #exchange(target: NodeInfo, timeoutMs = GOSSIP_TIMEOUT_MS): Promise<void> {
    const { registry, clients, logger } = this.#options;
    this.#inFlight.add(target.nodeId);
    try {
      const self = registry.self;
      const response = await clients.unary<GossipRequest, GossipResponse>(
        target.address,
        "Gossip",
        {
          source_node_id: self.nodeId,
          nodes: registry.gossip().map(toWire),
          incarnation: self.incarnation,
        },
        timeoutMs,
      );
      registry.touch(target.nodeId);
      registry.merge(response.nodes.map(fromWire));
    } catch (error) {
      if (isGrpcError(error, grpc.status.UNAUTHENTICATED)) {
        logger.warn(
          { peer: target.nodeId, address: target.address },
          `Node ${target.nodeId} (${target.address}) refused our cluster secret`,
        );
      } else {
        logger.debug(
          { peer: target.nodeId, address: target.address, err: (error as Error).message },
          "Gossip exchange failed",
        );
      }
    } finally {
      this.#inFlight.delete(target.nodeId);
    }
  }
}

/** Up to `n` distinct items in random order (partial Fisher-Yates). */
function _sample<T>(items: T[], n: number, random: () => number = Math.random): T[] {
  const copy = [...items];
  const count = Math.min(n, copy.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
