/**
 * JOINING → ALIVE promotion (reference §3.6): checked every `check_interval_seconds`; this
 * node is eligible when no peer is ALIVE (it is the first) or the injected gate says it has
 * caught up, and is promoted once eligible without a break for `min_healthy_duration_sec`.
 * A node that has seeds but has not reached any is never eligible: it may be the cluster's
 * newest member, not its first.
 */
import type { Logger } from "../config/mod.ts";
import type { Registry } from "./registry.ts";

/** Options for `PromotionChecker`. */
export interface PromotionOptions {
  registry: Registry;
  /** Whether this node has caught up with its peers; default always true. */
  gate?: () => boolean;
  /** True while this node has seeds but knows no other member. */
  isolated?: () => boolean;
  checkIntervalMs: number;
  minHealthyMs: number;
  /** After the promotion: tell peers now. */
  onPromoted(): void;
  logger: Logger;
  /** Milliseconds; default `Date.now`. */
  clock?: () => number;
}

/** Promotes this node from JOINING when it is eligible long enough. */
export class PromotionChecker {
  readonly #options: PromotionOptions;
  readonly #clock: () => number;
  #eligibleSince: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: PromotionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.check(), this.#options.checkIntervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One check; returns true when it promoted this node. */
  check(): boolean {
    const { registry, logger } = this.#options;
    if (registry.self.status !== "JOINING") {
      this.#eligibleSince = undefined;
      return false;
    }
    if (!this.#eligible()) {
      this.#eligibleSince = undefined;
      return false;
    }
    const now = this.#clock();
    this.#eligibleSince ??= now;
    if (now - this.#eligibleSince < this.#options.minHealthyMs) return false;
    registry.setSelfStatus("ALIVE", { bumpIncarnation: true });
    logger.info({ incarnation: registry.self.incarnation }, "Promoted to ALIVE");
    this.#options.onPromoted();
    return true;
  }

  #eligible(): boolean {
    const { registry, gate, isolated } = this.#options;
    if (isolated?.()) return false;
    const alivePeer = registry.members().some((m) =>
      m.nodeId !== registry.selfId && m.status === "ALIVE"
    );
    if (!alivePeer) return true;
    try {
      return gate?.() ?? true;
    } catch (error) {
      this.#options.logger.warn({ err: (error as Error).message }, "Promotion gate failed");
      return false;
    }
  }
}
